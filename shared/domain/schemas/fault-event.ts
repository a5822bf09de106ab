import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, provenance, recordId } from '../primitives';

export const faultCategories = [
  'no_data',
  'abnormal_data',
  'communication',
  'power',
  'meter_damage',
  'sensor_damage',
  'rtu',
  'analyser',
  'other',
] as const;
export type FaultCategory = (typeof faultCategories)[number];

export const faultSeverities = ['low', 'medium', 'high', 'critical'] as const;

/**
 * The lifecycle of a 故障 ticket as events: opened → in_progress → repaired → verified | reopened.
 * `verified` and `reopened` come from the platform (it sees data flowing again, or not). A fault's
 * state is the fold of its events; `corrected` amends an earlier event without changing it, and
 * `withdrawn` (v1) takes an earlier event back — the fold is redone without it; both stay stored.
 * v2 adds dispatch and the crew's own work: `dispatched` (a supervisor assigns the ticket to a crew with
 * a due time), `accepted` (the crew takes it), `onsite_verified` (after a repair the crew saw the RTU's
 * frame leave: a diagnostic session as evidence), and sign-off: `signed` (the crew signs a repair),
 * `sign_off_accepted` / `sign_off_returned` (a supervisor's review of that signature).
 */
export const faultEventTypes = [
  'opened',
  'in_progress',
  'repaired',
  'verified',
  'reopened',
  'backfill_required',
  'backfill_done',
  'comment',
  'corrected',
  'withdrawn',
  'dispatched',
  'accepted',
  'onsite_verified',
  'signed',
  'sign_off_accepted',
  'sign_off_returned',
] as const;
export type FaultEventType = (typeof faultEventTypes)[number];

/** One part fitted in a repair (v2): what, how many, and the fitted part's serial where it has one. */
export const repairPartSchema = z
  .object({
    part: z.string().trim().min(1).max(200),
    quantity: z.number().int().min(1).max(10_000),
    serial: z.string().max(120).nullable(),
  })
  .strict();
export type RepairPart = z.infer<typeof repairPartSchema>;

/** Who a fault is dispatched to (v2): one account, or a crew as a scope of accounts (a division code). */
export const faultAssigneeSchema = z
  .object({
    kind: z.enum(['account', 'crew_scope']),
    id: z.string().min(1).max(64),
    /** The name shown to the crew (display name or crew name). */
    label: z.string().max(200),
  })
  .strict();
export type FaultAssignee = z.infer<typeof faultAssigneeSchema>;

/** A signature as a small PNG data URL (v2): bounded so a record stays small on the wire. */
export const signatureDataUrl = z
  .string()
  .max(60_000)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/);

export const faultEventSchema = z
  .object({
    id: recordId,
    faultId: z.string().min(1).max(64),
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    type: z.enum(faultEventTypes),
    /** Set on `opened` (and on `corrected` when it changes them). */
    category: z.enum(faultCategories).nullable(),
    severity: z.enum(faultSeverities).nullable(),
    description: z.string().max(4000).nullable(),
    /** What opened it: a patrol, a diagnostic verdict, a task, or the platform. */
    patrolId: z.string().max(64).nullable(),
    taskId: z.string().max(64).nullable(),
    diagnosticSessionIds: z.array(z.string().max(64)).max(50),
    photoIds: z.array(z.string().max(64)).max(50),
    /** On `repaired`: actions taken and parts replaced. */
    actions: z.string().max(4000).nullable(),
    partsReplaced: z.array(z.string().max(200)).max(50),
    /** On `backfill_required` / `backfill_done`: the outage window that must be re-reported (补报). */
    backfillFrom: epochMs.nullable(),
    backfillTo: epochMs.nullable(),
    /**
     * On `corrected`: the event it amends; on `withdrawn`: the event it takes back (reason in
     * `description`); on `signed`: the repair signed; on `sign_off_accepted` / `sign_off_returned`: the
     * signature reviewed (the supervisor's comment in `description`).
     */
    correctsEventId: z.string().max(64).nullable(),
    // v2 fields: absent on events saved before v2 (the step up sets them; the fold reads absent as none).
    /** On `repaired` (and `corrected`): the parts fitted. v1 repairs read as their names, one of each. */
    parts: z.array(repairPartSchema).max(50).optional(),
    /** On `opened` from a patrol: the checklist item that failed. */
    itemId: z.string().max(80).nullable().optional(),
    /** On `dispatched`: the crew it is assigned to and when it is due. */
    assignee: faultAssigneeSchema.nullable().optional(),
    dueAt: epochMs.nullable().optional(),
    /** On a `repaired` not preceded by `in_progress`: why the crew skipped 开始处理. */
    skipReason: z.string().max(500).nullable().optional(),
    /** On `signed`: the crew's signature; the event signed is `correctsEventId` (the repair). */
    signature: signatureDataUrl.nullable().optional(),
    ...provenance,
  })
  .strict();
export type FaultEvent = z.infer<typeof faultEventSchema>;

export const faultEventsCollection = defineCollection({
  name: 'fault_events',
  version: 2,
  kind: 'event',
  schema: faultEventSchema,
  indexes: ['faultId', 'siteId', 'divisionCode'],
  encrypted: [],
  description: '故障事件 fault-ticket lifecycle events (append-only)',
});
