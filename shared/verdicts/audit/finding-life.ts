import { z } from 'zod';
import type { AuditFinding } from './finding';

/**
 * A finding's life as work (数据审核处理): the state is the fold of its events, the one fold the site
 * page, the service, the tasks and the monthly report's "abnormal data and handling" table call.
 *
 *   open → cause_recorded → corrected → closed
 *   open | cause_recorded → dismissed   (a genuine event, with a reason)
 *
 * - `cause_recorded` names why the data is wrong (meter fault, RTU clock, communication, data entry) or
 *   that it is right (a genuine event); it may be recorded again until the data is corrected.
 * - `corrected` needs a recorded cause other than a genuine event, who and why, and the correction
 *   itself: revised values (each with the original beside it — nothing is overwritten) or a 补报 batch.
 *   More corrections may follow.
 * - `closed` only after a correction (the re-audit no longer finds it: `resolvedByReaudit`).
 * - `dismissed` as a genuine event with a reason, before any correction; it records the cause as
 *   `genuine_event` (refused when another cause was recorded: record the new cause first).
 * Nothing follows `closed` or `dismissed`. Events are folded in the platform's receipt order (device
 * time where not yet received, then id); one that is not valid yet is held back and retried after
 * each applied event, so the order of arrival does not matter; one never valid is kept with its reason.
 */
export const auditCauses = [
  'meter_fault',
  'rtu_clock',
  'communication',
  'data_entry',
  'genuine_event',
] as const;
export type AuditCause = (typeof auditCauses)[number];

export const auditFindingStatuses = ['open', 'cause_recorded', 'corrected', 'closed', 'dismissed'] as const;
export type AuditFindingStatus = (typeof auditFindingStatuses)[number];

const text = z.string().trim().min(1).max(2000);
const base = {
  id: z.string().min(1).max(64),
  /** `auditFindingKey` of the finding. */
  findingKey: z.string().min(1).max(200),
  /** Account name of who recorded it. */
  by: z.string().trim().min(1).max(100),
  recordedAt: z.number().int().min(0),
  receivedAt: z.number().int().min(0).nullable(),
};
export const auditCorrectionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('revised_values'),
      values: z
        .array(
          z.object({ time: z.number().int(), original: z.number().nullable(), revised: z.number() }).strict(),
        )
        .min(1)
        .max(10_000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('backfill'),
      batchId: z.string().min(1).max(64),
      from: z.number().int(),
      to: z.number().int(),
      count: z.number().int().min(1),
    })
    .strict()
    .refine((b) => b.from <= b.to, { message: 'the batch ends before it starts', path: ['to'] }),
]);
export type AuditCorrection = z.infer<typeof auditCorrectionSchema>;

export const auditFindingEventSchema = z.discriminatedUnion('type', [
  z
    .object({ ...base, type: z.literal('cause_recorded'), cause: z.enum(auditCauses), note: text.nullable() })
    .strict(),
  z
    .object({ ...base, type: z.literal('corrected'), reason: text, correction: auditCorrectionSchema })
    .strict(),
  z.object({ ...base, type: z.literal('closed'), note: text.nullable() }).strict(),
  z.object({ ...base, type: z.literal('dismissed'), reason: text }).strict(),
]);
export type AuditFindingEvent = z.infer<typeof auditFindingEventSchema>;

export const auditFindingRefusals = [
  'wrong-finding',
  'cause-not-recorded',
  'genuine-not-corrected',
  'cause-not-genuine',
  'closed-before-corrected',
  'already-corrected',
  'already-closed',
] as const;
export type AuditFindingRefusal = (typeof auditFindingRefusals)[number];

export type AppliedCorrection = {
  readonly by: string;
  readonly reason: string;
  readonly at: number;
  readonly correction: AuditCorrection;
};

export type AuditFindingState = {
  readonly findingKey: string;
  readonly status: AuditFindingStatus;
  readonly cause: AuditCause | null;
  readonly causeNote: string | null;
  readonly causeBy: string | null;
  readonly corrections: readonly AppliedCorrection[];
  readonly closedAt: number | null;
  readonly closedBy: string | null;
  /** The reason given when dismissed as a genuine event. */
  readonly dismissal: string | null;
  readonly history: readonly AuditFindingEvent[];
  readonly rejected: readonly { readonly event: AuditFindingEvent; readonly reason: AuditFindingRefusal }[];
};

/** The state of a finding nobody has acted on yet. */
export function openFindingState(findingKey: string): AuditFindingState {
  return {
    findingKey,
    status: 'open',
    cause: null,
    causeNote: null,
    causeBy: null,
    corrections: [],
    closedAt: null,
    closedBy: null,
    dismissal: null,
    history: [],
    rejected: [],
  };
}

/** Why `event` cannot follow `state` (null = it can). Pure: a screen asks before saving. */
export function refuseAuditEvent(
  state: AuditFindingState,
  event: AuditFindingEvent,
): AuditFindingRefusal | null {
  if (event.findingKey !== state.findingKey) {
    return 'wrong-finding';
  }
  if (state.status === 'closed' || state.status === 'dismissed') {
    return 'already-closed';
  }
  switch (event.type) {
    case 'cause_recorded':
      return state.status === 'corrected' ? 'already-corrected' : null;
    case 'corrected':
      if (state.cause === null) {
        return 'cause-not-recorded';
      }
      return state.cause === 'genuine_event' ? 'genuine-not-corrected' : null;
    case 'closed':
      return state.status === 'corrected' ? null : 'closed-before-corrected';
    case 'dismissed':
      if (state.status === 'corrected') {
        return 'already-corrected';
      }
      return state.cause === null || state.cause === 'genuine_event' ? null : 'cause-not-genuine';
  }
}

/** When an event happened: device time, never later than the platform's receipt. */
function eventAt(e: AuditFindingEvent): number {
  return e.receivedAt === null ? e.recordedAt : Math.min(e.recordedAt, e.receivedAt);
}

function apply(s: AuditFindingState, e: AuditFindingEvent): AuditFindingState {
  const next = { ...s, history: [...s.history, e] };
  switch (e.type) {
    case 'cause_recorded':
      return { ...next, status: 'cause_recorded', cause: e.cause, causeNote: e.note, causeBy: e.by };
    case 'corrected':
      return {
        ...next,
        status: 'corrected',
        corrections: [
          ...s.corrections,
          { by: e.by, reason: e.reason, at: eventAt(e), correction: e.correction },
        ],
      };
    case 'closed':
      return { ...next, status: 'closed', closedAt: eventAt(e), closedBy: e.by };
    case 'dismissed':
      return {
        ...next,
        status: 'dismissed',
        cause: 'genuine_event',
        causeBy: s.cause === null ? e.by : s.causeBy,
        dismissal: e.reason,
        closedAt: eventAt(e),
        closedBy: e.by,
      };
  }
}

function inReceiptOrder(a: AuditFindingEvent, b: AuditFindingEvent): number {
  const ka = a.receivedAt ?? a.recordedAt;
  const kb = b.receivedAt ?? b.recordedAt;
  return ka - kb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Folds the events of one finding (any arrival order; duplicates by id count once). */
export function foldAuditFinding(
  findingKey: string,
  events: readonly AuditFindingEvent[],
): AuditFindingState {
  let state = openFindingState(findingKey);
  let pending = [...new Map(events.map((e) => [e.id, e])).values()].sort(inReceiptOrder);
  let progressed = true;
  while (progressed && pending.length > 0) {
    progressed = false;
    for (const e of pending) {
      if (refuseAuditEvent(state, e) === null) {
        state = apply(state, e);
        pending = pending.filter((p) => p !== e);
        progressed = true;
        break;
      }
    }
  }
  return {
    ...state,
    rejected: pending.map((event) => ({ event, reason: refuseAuditEvent(state, event) ?? 'wrong-finding' })),
  };
}

/**
 * Whether a corrected finding may close: the re-audit of its site over its window finds the same rule
 * on the same element nowhere in that window any more.
 */
export function resolvedByReaudit(
  finding: AuditFinding,
  state: AuditFindingState,
  reaudit: readonly AuditFinding[],
): boolean {
  return (
    state.status === 'corrected' &&
    !reaudit.some(
      (f) =>
        f.siteCode === finding.siteCode &&
        f.element === finding.element &&
        f.rule === finding.rule &&
        f.from <= finding.to &&
        f.to >= finding.from,
    )
  );
}

/** A finding still wants work from the county (no correction and no dismissal yet). */
export function auditFindingNeedsWork(state: AuditFindingState | null): boolean {
  return state === null || state.status === 'open' || state.status === 'cause_recorded';
}
