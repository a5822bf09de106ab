import { describe, expect, it } from 'vitest';
import { collections, validateRecord } from '../index';
import { migrateDocumentDown } from './down';
import v0TaskEvent from './fixtures/task_events-v0.doc.json';
import v0TaskEventSchema from './fixtures/task_events-v0.schema.json';
import v0Task from './fixtures/tasks-v0.doc.json';
import v0TaskSchema from './fixtures/tasks-v0.schema.json';
import { migrateDocument } from './index';
import { migrateTaskEventV0ToV1, migrateTaskV0ToV1 } from './tasks-v1';

// Scheduled visits and data-audit tasks (tasks v1) and the crew's excusal (task_events v1): the steps
// up on fixture documents saved under v0's own schema, and down for an app that still stores v0.
describe('tasks and task_events v0 → v1', () => {
  it('tasks v0 → v1 keeps the task as saved; v0 had neither new reason', () => {
    expect(v0TaskSchema.version).toBe(0);
    const reasons = (v0TaskSchema.properties.reason as { enum: string[] }).enum;
    expect(reasons).not.toContain('scheduled');
    expect(reasons).not.toContain('data_audit');
    for (const field of v0TaskSchema.required) {
      expect(v0Task).toHaveProperty(field);
    }
    expect(migrateTaskV0ToV1(v0Task)).toEqual(v0Task);
  });

  it('task_events v0 → v1 keeps the event as saved; v0 had no excused type', () => {
    expect(v0TaskEventSchema.version).toBe(0);
    const types = (v0TaskEventSchema.properties.type as { enum: string[] }).enum;
    expect(types).not.toContain('excused');
    expect(migrateTaskEventV0ToV1(v0TaskEvent)).toEqual(v0TaskEvent);
  });

  it('brings each v0 document up to the current schema, and back down unchanged', () => {
    const task = migrateDocument('tasks', v0Task, 0, collections.tasks.version);
    const event = migrateDocument('task_events', v0TaskEvent, 0, collections.task_events.version);
    for (const parsed of [
      validateRecord(collections.tasks, task),
      validateRecord(collections.task_events, event),
    ]) {
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    }
    expect(migrateDocumentDown('tasks', task!, collections.tasks.version, 0)).toEqual(v0Task);
    expect(migrateDocumentDown('task_events', event!, collections.task_events.version, 0)).toEqual(
      v0TaskEvent,
    );
  });

  it('v1 accepts the new reasons and the excusal; v0 would not', () => {
    const scheduled = { ...v0Task, reason: 'scheduled', dedupKey: 'schedule:site-1:2026-11-23' };
    expect(validateRecord(collections.tasks, scheduled).ok).toBe(true);
    expect(validateRecord(collections.tasks, { ...v0Task, reason: 'data_audit' }).ok).toBe(true);
    expect(
      validateRecord(collections.task_events, { ...v0TaskEvent, type: 'excused', note: '道路中断' }).ok,
    ).toBe(true);
    expect(validateRecord(collections.tasks, { ...v0Task, reason: 'holiday' }).ok).toBe(false);
  });

  it('a v0 app sees a scheduled or data-audit task as the platform’s, and an excusal as a note saying so', () => {
    const scheduled = { ...v0Task, reason: 'scheduled' };
    expect(migrateDocumentDown('tasks', scheduled, 1, 0)).toEqual({ ...v0Task, reason: 'platform' });
    expect(migrateDocumentDown('tasks', { ...v0Task, reason: 'data_audit' }, 1, 0)).toEqual({
      ...v0Task,
      reason: 'platform',
    });
    const excused = { ...v0TaskEvent, type: 'excused', note: '汛期道路中断' };
    const down = migrateDocumentDown('task_events', excused, 1, 0);
    expect(down).toEqual({ ...v0TaskEvent, type: 'note', note: '免检：汛期道路中断' });
    // The older form is valid under v0's own type list.
    const types = (v0TaskEventSchema.properties.type as { enum: string[] }).enum;
    expect(types).toContain(down!['type']);
  });
});
