import { describe, expect, it } from 'vitest';
import { collections, validateRecord } from '../index';
import v0FaultEvent from './fixtures/fault_events-v0.doc.json';
import v0FaultEventSchema from './fixtures/fault_events-v0.schema.json';
import v0PatrolEvent from './fixtures/patrol_events-v0.doc.json';
import v0PatrolEventSchema from './fixtures/patrol_events-v0.schema.json';
import v0Reading from './fixtures/readings-v0.doc.json';
import v0ReadingSchema from './fixtures/readings-v0.schema.json';
import { migrateFaultEventV0ToV1 } from './fault-events-v1';
import { migrateDocument } from './index';
import { migratePatrolEventV0ToV1 } from './patrol-events-v1';
import { migrateReadingV0ToV1 } from './readings-v1';

// Corrections are events (readings, checklist answers, fault events): the v1 steps, each on a fixture
// document saved under v0's own schema.
describe('corrections as events: v0 → v1', () => {
  it('readings v0 → v1 adds withdrawn = false and keeps every v0 field', () => {
    expect(v0ReadingSchema.version).toBe(0);
    expect(Object.keys(v0ReadingSchema.properties)).not.toContain('withdrawn');
    for (const field of v0ReadingSchema.required) {
      expect(v0Reading).toHaveProperty(field);
    }
    expect(migrateReadingV0ToV1(v0Reading)).toEqual({ ...v0Reading, withdrawn: false });
  });

  it('patrol_events v0 → v1 adds supersedesId = null and keeps every v0 field', () => {
    expect(v0PatrolEventSchema.version).toBe(0);
    expect(Object.keys(v0PatrolEventSchema.properties)).not.toContain('supersedesId');
    expect(migratePatrolEventV0ToV1(v0PatrolEvent)).toEqual({ ...v0PatrolEvent, supersedesId: null });
  });

  it('fault_events v0 → v1 keeps the event as saved; v0 had no withdrawn type', () => {
    expect(v0FaultEventSchema.version).toBe(0);
    const types = (v0FaultEventSchema.properties.type as { enum: string[] }).enum;
    expect(types).not.toContain('withdrawn');
    expect(migrateFaultEventV0ToV1(v0FaultEvent)).toEqual(v0FaultEvent);
  });

  it('brings each v0 document up to the current schema', () => {
    const readings = migrateDocument('readings', v0Reading, 0, collections.readings.version);
    const events = migrateDocument('patrol_events', v0PatrolEvent, 0, collections.patrol_events.version);
    const faults = migrateDocument('fault_events', v0FaultEvent, 0, collections.fault_events.version);
    for (const parsed of [
      validateRecord(collections.readings, readings),
      validateRecord(collections.patrol_events, events),
      validateRecord(collections.fault_events, faults),
    ]) {
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    }
  });

  it('still reads a v0 document the service kept without the new fields', () => {
    // The service stores documents as pushed; an old laptop's reading has no `withdrawn`.
    expect(validateRecord(collections.readings, v0Reading).ok).toBe(true);
    expect(validateRecord(collections.patrol_events, v0PatrolEvent).ok).toBe(true);
  });
});
