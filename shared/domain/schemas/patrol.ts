import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, provenance, recordId, siteKinds, wgs84Position } from '../primitives';
import { signatureDataUrl } from './fault-event';

/** Where and how far from the site a check-in or check-out was made (proof of visit). */
export const visitFixSchema = z
  .object({
    at: epochMs,
    position: wgs84Position.nullable(),
    /** Horizontal accuracy of the fix, metres. */
    accuracyM: z.number().min(0).max(100_000).nullable(),
    /** Straight-line distance to the site's registered position, metres. */
    distanceM: z.number().min(0).max(20_000_000).nullable(),
    source: z.enum(['gnss', 'browser', 'manual', 'none']),
  })
  .strict();
export type VisitFix = z.infer<typeof visitFixSchema>;

/** 巡查: one visit to a site, created at check-in. Everything after check-in is a patrol event. */
export const patrolSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    siteKind: z.enum(siteKinds),
    divisionCode: divisionCode,
    taskId: z.string().max(64).nullable(),
    checkIn: visitFixSchema,
    /** Geofence radius in force at check-in, metres. */
    radiusM: z.number().min(1).max(100_000),
    /** The crew's reason when checking in outside the radius (required then). */
    outsideRadiusReason: z.string().max(500).nullable(),
    /** Checklist (resources/checklists/<id>.json) and its version used for this visit. */
    checklistId: z.string().max(80),
    ...provenance,
  })
  .strict();
export type Patrol = z.infer<typeof patrolSchema>;

export const patrolsCollection = defineCollection({
  name: 'patrols',
  version: 0,
  kind: 'event',
  schema: patrolSchema,
  indexes: ['siteId', 'divisionCode', 'recordedAt'],
  encrypted: [],
  description: '巡查 patrol visits, created at check-in (append-only)',
});

/**
 * v2 adds sign-off — `signed` (the crew signs the visit), `sign_off_accepted` / `sign_off_returned` (a
 * supervisor's review, naming the signature in `refersToId`, the comment in `note`) — and
 * `fault_proposal_dismissed` (the crew declines the fault a failed item proposed: `itemId`, reason in
 * `note`). v3 adds `calibration`: an instrument's 检定/校准 certificate seen on the visit (its
 * photo in `photoIds`); a later one naming it in `supersedesId` corrects it.
 */
export const patrolEventTypes = [
  'checklist_item',
  'note',
  'check_out',
  'signed',
  'sign_off_accepted',
  'sign_off_returned',
  'fault_proposal_dismissed',
  'calibration',
] as const;
export const checklistOutcomes = ['pass', 'fail', 'na'] as const;

export const calibrationKinds = ['verification', 'calibration'] as const;
export const calibrationResults = ['pass', 'fail'] as const;

/**
 * A 检定 (legal verification) or 校准 (calibration) certificate of one instrument at the site: who
 * issued it, its number, the day of the test, and the interval it states (null: the province policy's
 * interval for the instrument's role). A failed verification (检定结果通知书) takes the instrument out
 * of service until a passing one follows.
 */
export const calibrationRecordSchema = z
  .object({
    equipmentId: z.string().min(1).max(64),
    kind: z.enum(calibrationKinds),
    /** The day the instrument was tested (Asia/Shanghai). */
    calibratedOn: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
    certificateNo: z.string().min(1).max(80),
    institution: z.string().min(1).max(200),
    intervalMonths: z.number().int().min(1).max(120).nullable(),
    result: z.enum(calibrationResults),
  })
  .strict();
export type CalibrationRecord = z.infer<typeof calibrationRecordSchema>;

/** What happened during a visit: a checklist result, a note, or the check-out. Later results supersede. */
export const patrolEventSchema = z
  .object({
    id: recordId,
    patrolId: z.string().min(1).max(64),
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    type: z.enum(patrolEventTypes),
    itemId: z.string().max(80).nullable(),
    outcome: z.enum(checklistOutcomes).nullable(),
    note: z.string().max(2000).nullable(),
    photoIds: z.array(z.string().max(64)).max(20),
    checkOut: visitFixSchema.nullable(),
    /**
     * A checklist answer that corrects or withdraws (outcome null) an earlier answer of the same item
     * names that answer here (v1); the earlier one stays. Absent on events saved before v1.
     */
    supersedesId: z.string().max(64).nullable().optional(),
    /** On `signed` (v2): the crew's signature. Absent on events saved before v2. */
    signature: signatureDataUrl.nullable().optional(),
    /** On `sign_off_accepted` / `sign_off_returned` (v2): the `signed` event reviewed. */
    refersToId: z.string().max(64).nullable().optional(),
    /** On `calibration` (v3): the certificate. Absent on events saved before v3. */
    calibration: calibrationRecordSchema.nullable().optional(),
    ...provenance,
  })
  .strict();
export type PatrolEvent = z.infer<typeof patrolEventSchema>;

export const patrolEventsCollection = defineCollection({
  name: 'patrol_events',
  version: 3,
  kind: 'event',
  schema: patrolEventSchema,
  indexes: ['patrolId', 'divisionCode'],
  encrypted: [],
  description: '巡查事件 checklist results, notes, calibration certificates and check-out (append-only)',
});
