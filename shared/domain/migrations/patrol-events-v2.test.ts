import { describe, expect, it } from 'vitest';
import { collections, validateRecord } from '../index';
import { migrateDocumentDown } from './down';
import v0PatrolEvent from './fixtures/patrol_events-v0.doc.json';
import v1PatrolEvent from './fixtures/patrol_events-v1.doc.json';
import v1PatrolEventSchema from './fixtures/patrol_events-v1.schema.json';
import { migrateDocument } from './index';
import { migratePatrolEventV1ToV2 } from './patrol-events-v2';

// Sign-off and dismissed fault proposals (patrol_events v2): up on a fixture saved under v1's schema,
// down for an app that still stores v1.
describe('patrol_events v1 → v2', () => {
  it('v1 had neither sign-off nor dismissal', () => {
    expect(v1PatrolEventSchema.version).toBe(1);
    const types = (v1PatrolEventSchema.properties.type as { enum: string[] }).enum;
    expect(types).not.toContain('signed');
    expect(types).not.toContain('fault_proposal_dismissed');
    for (const field of v1PatrolEventSchema.required) {
      expect(v1PatrolEvent).toHaveProperty(field);
    }
  });

  it('a v1 event gains no signature and no review link', () => {
    expect(migratePatrolEventV1ToV2(v1PatrolEvent)).toEqual({
      ...v1PatrolEvent,
      signature: null,
      refersToId: null,
    });
  });

  it('v0 and v1 documents come up valid and go back down unchanged', () => {
    for (const [doc, from] of [
      [v0PatrolEvent, 0],
      [v1PatrolEvent, 1],
    ] as const) {
      const top = collections.patrol_events.version;
      const current = migrateDocument('patrol_events', doc, from, top);
      const parsed = validateRecord(collections.patrol_events, current);
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
      expect(migrateDocumentDown('patrol_events', current!, top, from)).toEqual(doc);
    }
  });

  it('a v1 app reads a dismissal or a review as a note saying so, still valid for v1', () => {
    const dismissed = {
      ...migratePatrolEventV1ToV2(v1PatrolEvent),
      type: 'fault_proposal_dismissed',
      outcome: null,
      note: '已在上次工单中处理',
      supersedesId: null,
    };
    expect(validateRecord(collections.patrol_events, dismissed).ok).toBe(true);
    const down = migrateDocumentDown('patrol_events', dismissed, 2, 1);
    expect(down).toMatchObject({ type: 'note', itemId: 'seal-intact', note: '未开故障：已在上次工单中处理' });
    expect(down).not.toHaveProperty('refersToId');
  });
});
