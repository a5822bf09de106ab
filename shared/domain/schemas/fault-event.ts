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
] as const;
export type FaultEventType = (typeof faultEventTypes)[number];

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
    /** On `corrected`: the event it amends; on `withdrawn`: the event it takes back (reason in `description`). */
    correctsEventId: z.string().max(64).nullable(),
    ...provenance,
  })
  .strict();
export type FaultEvent = z.infer<typeof faultEventSchema>;

export const faultEventsCollection = defineCollection({
  name: 'fault_events',
  version: 1,
  kind: 'event',
  schema: faultEventSchema,
  indexes: ['faultId', 'siteId', 'divisionCode'],
  encrypted: [],
  description: '故障事件 fault-ticket lifecycle events (append-only)',
});
