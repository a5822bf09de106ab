import { describe, expect, it } from 'vitest';
import { collections, validateRecord } from '../index';
import { migrateDocumentDown } from './down';
import v0PatrolEvent from './fixtures/patrol_events-v0.doc.json';
import v1PatrolEvent from './fixtures/patrol_events-v1.doc.json';
import v2PatrolEvent from './fixtures/patrol_events-v2.doc.json';
import v2PatrolEventSchema from './fixtures/patrol_events-v2.schema.json';
import { migrateDocument } from './index';
import { migratePatrolEventV2ToV3 } from './patrol-events-v3';

// Calibration certificates (patrol_events v3): up on a fixture saved under v2's schema, down for an
// app that still stores v2.
describe('patrol_events v2 → v3', () => {
  it('v2 had no calibration event', () => {
    expect(v2PatrolEventSchema.version).toBe(2);
    const types = (v2PatrolEventSchema.properties.type as { enum: string[] }).enum;
    expect(types).toContain('signed');
    expect(types).not.toContain('calibration');
    expect(v2PatrolEventSchema.properties).not.toHaveProperty('calibration');
    for (const field of v2PatrolEventSchema.required) {
      expect(v2PatrolEvent).toHaveProperty(field);
    }
  });

  it('a v2 event gains no certificate', () => {
    expect(migratePatrolEventV2ToV3(v2PatrolEvent)).toEqual({ ...v2PatrolEvent, calibration: null });
  });

  it('v0, v1 and v2 documents come up valid and go back down unchanged', () => {
    for (const [doc, from] of [
      [v0PatrolEvent, 0],
      [v1PatrolEvent, 1],
      [v2PatrolEvent, 2],
    ] as const) {
      const top = collections.patrol_events.version;
      expect(top).toBe(3);
      const current = migrateDocument('patrol_events', doc, from, top);
      const parsed = validateRecord(collections.patrol_events, current);
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
      expect(migrateDocumentDown('patrol_events', current!, top, from)).toEqual(doc);
    }
  });

  it('a v2 app reads a certificate as a note naming it, still valid for v2, its photo kept', () => {
    const certificate = {
      ...migratePatrolEventV2ToV3(v2PatrolEvent),
      id: 'pe-9',
      type: 'calibration',
      signature: null,
      photoIds: ['ph-cert'],
      note: '表头铭牌已核对',
      calibration: {
        equipmentId: 'eq-1',
        kind: 'verification',
        calibratedOn: '2026-03-02',
        certificateNo: 'JD2026-0317',
        institution: '云南省计量测试技术研究院',
        intervalMonths: 24,
        result: 'pass',
      },
    };
    expect(validateRecord(collections.patrol_events, certificate).ok).toBe(true);
    const down = migrateDocumentDown('patrol_events', certificate, 3, 2);
    expect(down).toMatchObject({ type: 'note', photoIds: ['ph-cert'], outcome: null });
    expect(down).not.toHaveProperty('calibration');
    expect(down!['note']).toBe(
      '检定：设备 eq-1，2026-03-02，证书 JD2026-0317，云南省计量测试技术研究院，周期 24 个月，合格；表头铭牌已核对',
    );
    // Still a valid v2 document: it carries exactly v2's fields.
    expect(Object.keys(down!).sort()).toEqual(Object.keys(v2PatrolEvent).sort());
    const failed = migrateDocumentDown(
      'patrol_events',
      {
        ...certificate,
        note: null,
        calibration: {
          ...certificate.calibration,
          intervalMonths: null,
          result: 'fail',
          kind: 'calibration',
        },
      },
      3,
      2,
    );
    expect(failed!['note']).toBe(
      '校准：设备 eq-1，2026-03-02，证书 JD2026-0317，云南省计量测试技术研究院，不合格',
    );
  });

  it('a certificate refuses a bad day or an empty number by name', () => {
    const bad = {
      ...migratePatrolEventV2ToV3(v2PatrolEvent),
      type: 'calibration',
      calibration: {
        equipmentId: 'eq-1',
        kind: 'verification',
        calibratedOn: '2026-13-02',
        certificateNo: '',
        institution: 'x',
        intervalMonths: null,
        result: 'pass',
      },
    };
    const parsed = validateRecord(collections.patrol_events, bad);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(/calibratedOn/);
  });
});
