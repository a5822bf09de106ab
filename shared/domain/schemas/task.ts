import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, isoDay, provenance, recordId } from '../primitives';

export const taskKinds = ['patrol', 'repair', 'verify', 'backfill', 'base_data'] as const;
/** v1 adds `scheduled` (a patrol schedule's occurrence) and `data_audit` (a data-audit finding). */
export const taskReasons = [
  'below_target',
  'silent',
  'fault_reopened',
  'platform',
  'crew',
  'scheduled',
  'data_audit',
] as const;
export const taskStatuses = ['open', 'accepted', 'in_progress', 'done', 'cancelled'] as const;
/** 任务: assigned by the platform or raised by site health; its status is decided on the platform. */
export const taskSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    kind: z.enum(taskKinds),
    reason: z.enum(taskReasons),
    title: z.string().min(1).max(200),
    detail: z.string().max(2000).nullable(),
    dueOn: isoDay.nullable(),
    /** Region (division prefix) of the crew it is assigned to. */
    assignedScope: z.string().max(6),
    status: z.enum(taskStatuses),
    /** Dedup key the platform uses (e.g. `silent:<siteId>:<yyyy-mm>`). */
    dedupKey: z.string().max(120).nullable(),
    createdAt: epochMs,
    updatedAt: epochMs,
  })
  .strict();
export type Task = z.infer<typeof taskSchema>;

export const tasksCollection = defineCollection({
  name: 'tasks',
  version: 1,
  kind: 'reference',
  schema: taskSchema,
  indexes: ['siteId', 'divisionCode', 'status'],
  encrypted: [],
  description: '任务 tasks (server-authoritative; crews change them through task events)',
});

/** v1 adds `excused`: a crew excuses a scheduled visit, its reason in `note` (required for it). */
export const taskEventTypes = ['accepted', 'started', 'done', 'reopened', 'note', 'excused'] as const;

/** A crew's change to a task, as an event the platform folds into the task. */
export const taskEventSchema = z
  .object({
    id: recordId,
    taskId: z.string().min(1).max(64),
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    type: z.enum(taskEventTypes),
    note: z.string().max(2000).nullable(),
    patrolId: z.string().max(64).nullable(),
    ...provenance,
  })
  .strict();
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const taskEventsCollection = defineCollection({
  name: 'task_events',
  version: 1,
  kind: 'event',
  schema: taskEventSchema,
  indexes: ['taskId', 'divisionCode'],
  encrypted: [],
  description: '任务事件 task state changes by crews (append-only)',
});
