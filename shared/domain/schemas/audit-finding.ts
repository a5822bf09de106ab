import { z } from 'zod';
import { elementCodes } from '../../monitoring/values';
import { auditRules, type AuditFinding } from '../../verdicts/audit/finding';
import {
  auditCauses,
  auditCorrectionSchema,
  auditFindingEventSchema,
  auditFindingStatuses,
  type AuditFindingEvent,
} from '../../verdicts/audit/finding-life';
import { defineCollection } from '../collection';
import { divisionCode, epochMs } from '../primitives';

/**
 * 数据审核发现 as the laptops hold them: the platform's stored findings of the sites of a region
 * (`audit_findings`, written only by the service as it audits the data it receives) and the crews'
 * handling of them (`audit_finding_events`, append-only, made on laptops; `closed` only by the
 * platform's re-audit). A finding's state is the fold of its events (`foldAuditFinding`); `status`
 * on a finding is the platform's fold of the events it holds, for lists and filters.
 */

const uuid = z
  .string()
  .length(36)
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a UUID');
const siteCode = z.string().min(1).max(40);
const findingKey = z.string().min(1).max(200);
const measures = z.record(z.string().max(60), z.number());

export const auditFindingRecordSchema = z
  .object({
    /** `auditFindingId(findingKey)`: the same UUID on every node and laptop. */
    id: uuid,
    /** `auditFindingKey`: site, element, rule and the start of the window. */
    findingKey,
    siteId: z.string().min(1).max(64),
    siteCode,
    divisionCode,
    element: z.enum(elementCodes),
    rule: z.enum(auditRules),
    /** Device time of the first value or slot of the window, ms. */
    from: z.number().int(),
    /** Device time of the last value or slot of the window, ms. */
    to: z.number().int(),
    evidence: z
      .object({
        values: z.array(z.object({ time: z.number().int(), value: z.number() }).strict()).max(50),
        count: z.number().int().min(0),
        measures,
      })
      .strict(),
    parameters: measures,
    /** The window reaches the end of what was audited and may still grow. */
    ongoing: z.boolean(),
    /** The platform's fold of the finding's events it holds. */
    status: z.enum(auditFindingStatuses),
    /** When the service first found it. */
    detectedAt: epochMs,
    /** When the service last changed it (window grew, state changed). */
    updatedAt: epochMs,
  })
  .strict();
export type AuditFindingRecord = z.infer<typeof auditFindingRecordSchema>;

/** The finding a stored record stands for (what the core's and the fold's functions take). */
export function auditFindingOfRecord(r: AuditFindingRecord): AuditFinding {
  return {
    siteCode: r.siteCode,
    element: r.element,
    rule: r.rule,
    from: r.from,
    to: r.to,
    evidence: r.evidence,
    parameters: r.parameters,
    ongoing: r.ongoing,
  };
}

export const auditFindingsCollection = defineCollection({
  name: 'audit_findings',
  version: 0,
  kind: 'reference',
  schema: auditFindingRecordSchema,
  indexes: ['siteCode', 'divisionCode', 'status'],
  encrypted: [],
  description: '数据审核发现 data-audit findings of the region (platform-authored, pull-only)',
});

export const auditFindingEventTypes = ['cause_recorded', 'corrected', 'closed', 'dismissed'] as const;
/** Event types only the platform writes: `closed` follows its re-audit (`resolvedByReaudit`). */
export const platformAuditEventTypes: readonly (typeof auditFindingEventTypes)[number][] = ['closed'];

const text = z.string().trim().min(1).max(2000);

/**
 * One handling event, flat (one record shape for the device database): the fields of
 * `auditFindingEventSchema` for its type, the others null. `toAuditFindingEvent` gives the event the
 * fold reads; a record whose fields do not make a valid event is refused.
 */
export const auditFindingEventRecordSchema = z
  .object({
    id: uuid,
    findingKey,
    siteCode,
    divisionCode,
    type: z.enum(auditFindingEventTypes),
    /** Account name of who recorded it (the platform's own: `platform`). */
    by: z.string().trim().min(1).max(100),
    cause: z.enum(auditCauses).nullable(),
    /** On `cause_recorded` and `closed`: an optional note. */
    note: text.nullable(),
    /** On `corrected` and `dismissed`: why. */
    reason: text.nullable(),
    correction: auditCorrectionSchema.nullable(),
    deviceId: z.string().min(1).max(64),
    operatorId: z.string().min(1).max(64),
    recordedAt: epochMs,
    receivedAt: epochMs.nullable().optional(),
  })
  .strict()
  .superRefine((record, ctx) => {
    const parsed = auditFindingEventSchema.safeParse(eventFields(record));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: `${record.type}: ${issue.message}` });
      }
    }
    for (const field of unusedFields[record.type]) {
      if (record[field] !== null) {
        ctx.addIssue({ code: 'custom', path: [field], message: `a ${record.type} event has no ${field}` });
      }
    }
  });
export type AuditFindingEventRecord = z.infer<typeof auditFindingEventRecordSchema>;

type Optional = 'cause' | 'note' | 'reason' | 'correction';
const unusedFields: Record<AuditFindingEventRecord['type'], readonly Optional[]> = {
  cause_recorded: ['reason', 'correction'],
  corrected: ['cause', 'note'],
  closed: ['cause', 'reason', 'correction'],
  dismissed: ['cause', 'note', 'correction'],
};

function eventFields(r: AuditFindingEventRecord): Record<string, unknown> {
  const base = {
    id: r.id,
    findingKey: r.findingKey,
    by: r.by,
    recordedAt: r.recordedAt,
    receivedAt: r.receivedAt ?? null,
    type: r.type,
  };
  switch (r.type) {
    case 'cause_recorded':
      return { ...base, cause: r.cause, note: r.note };
    case 'corrected':
      return { ...base, reason: r.reason, correction: r.correction };
    case 'closed':
      return { ...base, note: r.note };
    case 'dismissed':
      return { ...base, reason: r.reason };
  }
}

/** The event the fold reads, from a stored record (which its schema has checked). */
export function toAuditFindingEvent(record: AuditFindingEventRecord): AuditFindingEvent {
  return auditFindingEventSchema.parse(eventFields(record));
}

export const auditFindingEventsCollection = defineCollection({
  name: 'audit_finding_events',
  version: 0,
  kind: 'event',
  schema: auditFindingEventRecordSchema,
  indexes: ['findingKey', 'divisionCode'],
  encrypted: [],
  description: '数据审核处理 handling of data-audit findings: cause, correction, dismissal (append-only)',
});

/**
 * The UUID of a finding (or of any platform record named by a key): a name-based UUID (RFC 4122
 * version 5, SHA-1) of `name` in the namespace below, so every node and laptop derives the same id.
 */
export function nameBasedUuid(name: string, namespace = auditNamespace): string {
  const ns = hexBytes(namespace.replace(/-/g, ''));
  const bytes = new Uint8Array([...ns, ...new TextEncoder().encode(name)]);
  const hash = sha1(bytes);
  hash[6] = 0x50 | ((hash[6] ?? 0) & 0x0f);
  hash[8] = 0x80 | ((hash[8] ?? 0) & 0x3f);
  const h = Array.from(hash.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The namespace of wrm-field's data-audit ids (a fixed random UUID). */
const auditNamespace = '3f1c2a8e-5b7d-4e19-9c0a-6d2f8b4e7a15';

export function auditFindingId(findingKey: string): string {
  return nameBasedUuid(findingKey);
}

function hexBytes(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hex.length; i += 2) {
    out.push(parseInt(hex.slice(i, i + 2), 16));
  }
  return out;
}

/** SHA-1 (FIPS 180-4) of a byte string; used only to derive ids, never for security. */
function sha1(message: Uint8Array): Uint8Array {
  const length = message.length;
  const padded = new Uint8Array((((length + 8) >> 6) + 1) * 64);
  padded.set(message);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor((length * 8) / 2 ** 32));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let block = 0; block < padded.length; block += 64) {
    for (let t = 0; t < 16; t += 1) {
      w[t] = view.getUint32(block + t * 4);
    }
    for (let t = 16; t < 80; t += 1) {
      w[t] = rotl((w[t - 3] ?? 0) ^ (w[t - 8] ?? 0) ^ (w[t - 14] ?? 0) ^ (w[t - 16] ?? 0), 1);
    }
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let t = 0; t < 80; t += 1) {
      const [f, k] =
        t < 20
          ? [(b & c) | (~b & d), 0x5a827999]
          : t < 40
            ? [b ^ c ^ d, 0x6ed9eba1]
            : t < 60
              ? [(b & c) | (b & d) | (c & d), 0x8f1bbcdc]
              : [b ^ c ^ d, 0xca62c1d6];
      const temp = (rotl(a, 5) + f + e + k + (w[t] ?? 0)) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = temp;
    }
    h[0] = ((h[0] ?? 0) + a) >>> 0;
    h[1] = ((h[1] ?? 0) + b) >>> 0;
    h[2] = ((h[2] ?? 0) + c) >>> 0;
    h[3] = ((h[3] ?? 0) + d) >>> 0;
    h[4] = ((h[4] ?? 0) + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const outView = new DataView(out.buffer);
  h.forEach((v, i) => outView.setUint32(i * 4, v));
  return out;
}
