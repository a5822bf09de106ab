import { describe, expect, it } from 'vitest';
import { foldFault } from '../../faults/state-machine';
import { collections, validateRecord, type FaultEvent } from '../index';
import { migrateDocumentDown } from './down';
import { migrateFaultEventV1ToV2 } from './fault-events-v2';
import v0FaultEvent from './fixtures/fault_events-v0.doc.json';
import v1FaultEvent from './fixtures/fault_events-v1.doc.json';
import v1FaultEventSchema from './fixtures/fault_events-v1.schema.json';
import { migrateDocument } from './index';

const png = 'data:image/png;base64,iVBORw0KGgo=';

// Parts, dispatch, the crew's verification and sign-off (fault_events v2): the step up on a fixture
// saved under v1's own schema, and down for an app that still stores v1.
describe('fault_events v1 → v2', () => {
  it('v1 had none of the new types or fields', () => {
    expect(v1FaultEventSchema.version).toBe(1);
    const types = (v1FaultEventSchema.properties.type as { enum: string[] }).enum;
    for (const t of ['dispatched', 'accepted', 'onsite_verified', 'signed', 'sign_off_accepted']) {
      expect(types).not.toContain(t);
    }
    expect(Object.keys(v1FaultEventSchema.properties)).not.toContain('parts');
    for (const field of v1FaultEventSchema.required) {
      expect(v1FaultEvent).toHaveProperty(field);
    }
  });

  it('a v1 repair’s part names become one part each, no serial; the names stay', () => {
    const v2 = migrateFaultEventV1ToV2(v1FaultEvent);
    expect(v2).toEqual({
      ...v1FaultEvent,
      parts: [
        { part: '通信模块', quantity: 1, serial: null },
        { part: '天线', quantity: 1, serial: null },
      ],
      itemId: null,
      assignee: null,
      dueAt: null,
      signature: null,
    });
    expect(v2).not.toHaveProperty('skipReason');
    const parsed = validateRecord(collections.fault_events, v2);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
  });

  it('a migrated v1 repair straight after opening still folds, and is verified without the crew’s on-site step', () => {
    const opened = migrateFaultEventV1ToV2({
      ...v1FaultEvent,
      id: 'fe-1',
      type: 'opened',
      actions: null,
      partsReplaced: [],
      recordedAt: 1764000000000,
    });
    const repaired = migrateFaultEventV1ToV2(v1FaultEvent);
    const verified = migrateFaultEventV1ToV2({
      ...v1FaultEvent,
      id: 'fe-3',
      type: 'verified',
      recordedAt: 1764090000000,
      receivedAt: 1764090000000,
    });
    const s = foldFault([opened, repaired, verified] as FaultEvent[])!;
    expect(s).toMatchObject({
      status: 'verified',
      rejected: [],
      parts: [
        { part: '通信模块', quantity: 1 },
        { part: '天线', quantity: 1 },
      ],
    });
  });

  it('v0 and v1 documents come up to the current version valid and go back down unchanged', () => {
    for (const [doc, from] of [
      [v0FaultEvent, 0],
      [v1FaultEvent, 1],
    ] as const) {
      const top = collections.fault_events.version;
      const current = migrateDocument('fault_events', doc, from, top);
      const parsed = validateRecord(collections.fault_events, current);
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
      expect(migrateDocumentDown('fault_events', current!, top, from)).toEqual(doc);
    }
  });

  it('v2 accepts the new events; v2 refuses an unbounded or non-PNG signature', () => {
    const base = migrateFaultEventV1ToV2(v1FaultEvent);
    const dispatched = {
      ...base,
      type: 'dispatched',
      actions: null,
      partsReplaced: [],
      parts: [],
      assignee: { kind: 'crew_scope', id: '530381', label: '会泽县运维一组' },
      dueAt: 1764090000000,
    };
    expect(validateRecord(collections.fault_events, dispatched).ok).toBe(true);
    expect(validateRecord(collections.fault_events, { ...base, type: 'signed', signature: png }).ok).toBe(
      true,
    );
    expect(
      validateRecord(collections.fault_events, {
        ...base,
        type: 'signed',
        signature: 'data:image/jpeg;base64,AA==',
      }).ok,
    ).toBe(false);
    expect(
      validateRecord(collections.fault_events, {
        ...base,
        type: 'signed',
        signature: `data:image/png;base64,${'A'.repeat(70_000)}`,
      }).ok,
    ).toBe(false);
    expect(
      validateRecord(collections.fault_events, {
        ...base,
        parts: [{ part: '天线', quantity: 0, serial: null }],
      }).ok,
    ).toBe(false);
  });

  it('a v1 app reads the new events as comments saying what happened, and parts with their quantity', () => {
    const base = migrateFaultEventV1ToV2(v1FaultEvent);
    const repaired = {
      ...base,
      parts: [
        { part: '通信模块', quantity: 2, serial: 'SN-77' },
        { part: '天线', quantity: 1, serial: null },
      ],
      skipReason: '现场直接修复',
    };
    expect(migrateDocumentDown('fault_events', repaired, 2, 1)).toEqual({
      ...v1FaultEvent,
      partsReplaced: ['通信模块 ×2 (SN-77)', '天线'],
    });
    const returned = { ...base, type: 'sign_off_returned', description: '缺少零件序列号', actions: null };
    expect(migrateDocumentDown('fault_events', returned, 2, 1)).toMatchObject({
      type: 'comment',
      description: '签字被退回：缺少零件序列号',
    });
    const signed = migrateDocumentDown('fault_events', { ...base, type: 'signed', signature: png }, 2, 1);
    expect(signed).toMatchObject({ type: 'comment', description: '已签字' });
    expect(signed).not.toHaveProperty('signature');
    expect(validateRecord(collections.fault_events, { ...signed, ...{} }).ok).toBe(true);
  });
});
