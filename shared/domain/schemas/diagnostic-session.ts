import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, protocols, provenance, recordId } from '../primitives';
import { serialSettingsSchema } from './equipment';
import { elementCodes } from '../../monitoring/values';

/** One frame on the wire, as recorded by the host (hex, with direction and time). */
export const rawFrameSchema = z
  .object({
    at: epochMs,
    direction: z.enum(['tx', 'rx']),
    hex: z.string().max(8192),
    note: z.string().max(200).nullable(),
  })
  .strict();

export const decodedValueSchema = z
  .object({
    /** The name in the language of the crew who saved the session (what older versions show). */
    name: z.string().min(1).max(80),
    /** Both names, when the value has them (meter profile registers): shown in the reader's language. */
    names: z
      .object({ zh: z.string().min(1).max(80), en: z.string().min(1).max(80) })
      .strict()
      .optional(),
    value: z.union([z.number(), z.string().max(200), z.boolean()]),
    unit: z.string().max(20).nullable(),
  })
  .strict();

/** Values a verdict's text is made from (a drift's current and expected setting, reasons…). */
const verdictParams = z
  .record(z.string().regex(/^[a-zA-Z]\w{0,39}$/), z.union([z.string().max(200), z.number()]))
  .refine((params) => Object.keys(params).length <= 10, 'at most 10 parameters');

export const verdictSchema = z
  .object({
    rule: z.string().min(1).max(80),
    outcome: z.enum(['ok', 'warning', 'fault']),
    /** The text in the language of the crew who saved the session (what older versions show). */
    message: z.string().max(500),
    /** The message's catalogue key, so that any reader sees it in their own language. */
    code: z
      .string()
      .regex(/^[a-zA-Z][\w.-]{0,79}$/)
      .optional(),
    params: verdictParams.optional(),
  })
  .strict();

/** At most this many points of a polling run are kept with the session (the CSV export has them all). */
export const pollingRunPointLimit = 2000;

/**
 * A polling run watched during the session: the value, its schedule, the figures over every point and
 * the points themselves — all of them, or every `keptEvery`-th one of a longer run. A failed read is a
 * null value. Times are offsets from `startedAt`, so the run stays small in the record.
 */
export const pollingRunSchema = z
  .object({
    name: z.string().min(1).max(80),
    names: z
      .object({ zh: z.string().min(1).max(80), en: z.string().min(1).max(80) })
      .strict()
      .optional(),
    /** What was read: `modbus:<profile>/<register>` or a decoder's code (`szy206-value:flow`). */
    source: z.string().min(1).max(120),
    unit: z.string().max(20).nullable(),
    everyMs: z.number().int().min(100).max(86_400_000),
    durationMs: z.number().int().min(1).max(604_800_000),
    startedAt: epochMs,
    endedAt: epochMs,
    count: z.number().int().min(0),
    valid: z.number().int().min(0),
    min: z.number().nullable(),
    max: z.number().nullable(),
    mean: z.number().nullable(),
    std: z.number().nullable(),
    keptEvery: z.number().int().min(1),
    offsetsMs: z.array(z.number().int().min(0)).max(pollingRunPointLimit),
    values: z.array(z.number().nullable()).max(pollingRunPointLimit),
  })
  .strict();
export type PollingRunRecord = z.infer<typeof pollingRunSchema>;

/** Bounds of one 补报 batch part; a longer recovery is split into several sessions (`part`/`parts`). */
export const backfillFrameLimit = 200;
export const backfillValueLimit = 3000;
export const backfillMissingLimit = 3000;

/**
 * v3: a 补报 batch recovered from the RTU's memory — the window asked for, the RTU's own reply frames
 * byte for byte (what the service forwards to the platform), the values they decode to, the slots the
 * RTU did not have either, and what it answers (the audit's findings by key; the fault is `faultId`).
 */
export const backfillPartSchema = z
  .object({
    /** Shared by every part of one recovery (the first part's session id). */
    batchId: recordId,
    part: z.number().int().min(1).max(100),
    parts: z.number().int().min(1).max(100),
    from: epochMs,
    to: epochMs,
    protocol: z.enum(protocols),
    intervalMinutes: z.number().int().min(1).max(1440),
    status: z.enum(['complete', 'gap', 'timeout', 'broken', 'failed']),
    /** The RTU's reply frames in the order they came, each one whole frame as hex. */
    frames: z
      .array(
        // Lower-case hex of whole bytes. The pattern stays flat: the device database refuses a nested
        // quantifier such as ^([0-9a-f]{2})+$ as a possible ReDoS, and then every write to the
        // collection's replication state fails; the even length is checked here instead.
        z
          .string()
          .min(2)
          .max(8192)
          .regex(/^[0-9a-f]+$/)
          .refine((hex) => hex.length % 2 === 0, 'must be whole bytes of hex'),
      )
      .max(backfillFrameLimit),
    values: z
      .array(z.object({ time: epochMs, element: z.enum(elementCodes), value: z.number().finite() }).strict())
      .max(backfillValueLimit),
    /** Slots of the window the RTU held no value for either (still missing after the batch). */
    missing: z.array(epochMs).max(backfillMissingLimit),
    findingKeys: z.array(z.string().min(1).max(200)).max(50),
  })
  .strict();
export type BackfillPart = z.infer<typeof backfillPartSchema>;

/** 诊断: a session at a meter or RTU — settings, raw frames, decoded values, verdicts. */
export const diagnosticSessionSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    equipmentId: z.string().max(64).nullable(),
    patrolId: z.string().max(64).nullable(),
    faultId: z.string().max(64).nullable(),
    protocol: z.enum(protocols),
    portPath: z.string().max(200),
    serial: serialSettingsSchema,
    startedAt: epochMs,
    endedAt: epochMs,
    frames: z.array(rawFrameSchema).max(5000),
    values: z.array(decodedValueSchema).max(500),
    verdicts: z.array(verdictSchema).max(100),
    /** RTU configuration snapshot (SZY206: clock, work mode, intervals…), as JSON text. */
    snapshotJson: z.string().max(20_000).nullable(),
    summary: z.string().max(1000).nullable(),
    /** v2: polling runs watched during the session (absent before v2 and when none ran). */
    pollingRuns: z.array(pollingRunSchema).max(5).optional(),
    /** v3: the 补报 batch this session recovered (absent before v3 and when none). */
    backfill: backfillPartSchema.optional(),
    ...provenance,
  })
  .strict();
export type DiagnosticSession = z.infer<typeof diagnosticSessionSchema>;

export const diagnosticSessionsCollection = defineCollection({
  name: 'diagnostic_sessions',
  // v1: verdicts carry a catalogue code and parameters, values both names (all optional).
  // v2: polling runs with their figures and (bounded) points (optional).
  // v3: a 补报 batch part (optional).
  version: 3,
  kind: 'event',
  schema: diagnosticSessionSchema,
  indexes: ['siteId', 'divisionCode'],
  encrypted: [],
  description: '诊断会话 diagnostic sessions with raw frames (append-only)',
});
