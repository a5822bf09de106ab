import { describe, expect, it } from 'vitest';
import { validateRecord } from '../collection';
import { collections } from '../collections';
import { migrateDocument } from './index';
import { migrateDocumentDown } from './down';
import { migrateDiagnosticSessionV2ToV3 } from './diagnostic-sessions-v3';
import v0Session from './fixtures/diagnostic_sessions-v0.doc.json';

const beijing = (text: string) => Date.parse(`${text}+08:00`);
const backfill = {
  batchId: 'b1',
  part: 1,
  parts: 1,
  from: beijing('2026-07-01T00:00:00'),
  to: beijing('2026-07-03T00:00:00'),
  protocol: 'szy206-2016',
  intervalMinutes: 60,
  status: 'gap',
  frames: ['68'],
  values: [{ time: beijing('2026-07-01T00:00:00'), element: 'volume', value: 1200 }],
  missing: [beijing('2026-07-02T06:00:00'), beijing('2026-07-02T07:00:00')],
  findingKeys: ['k1'],
} as const;

describe('diagnostic_sessions v2 → v3 (补报 batch part)', () => {
  it('carries a v2 session over as is, and it stays valid', () => {
    const v2 = migrateDocument('diagnostic_sessions', v0Session, 0, 2);
    expect(v2).not.toBeNull();
    const v3 = migrateDiagnosticSessionV2ToV3(v2!);
    expect(v3).toEqual(v2);
    expect(validateRecord(collections.diagnostic_sessions, v3).ok).toBe(true);
    expect(validateRecord(collections.diagnostic_sessions, { ...v3, backfill }).ok).toBe(true);
    expect(
      validateRecord(collections.diagnostic_sessions, { ...v3, backfill: { ...backfill, frames: ['6G'] } })
        .ok,
    ).toBe(false);
  });

  it('goes down to v2 with the batch said in the summary, every other field kept', () => {
    const v3 = { id: 'd3', summary: '修复后补报', pollingRuns: [], backfill };
    expect(migrateDocumentDown('diagnostic_sessions', v3, 3, 2)).toEqual({
      id: 'd3',
      pollingRuns: [],
      summary: '修复后补报\n补报 2026-07-01T00:00–2026-07-03T00:00: 1 个值已恢复, 2 个时段仍缺',
    });
    expect(migrateDocumentDown('diagnostic_sessions', { id: 'd4', summary: null }, 3, 2)).toEqual({
      id: 'd4',
      summary: null,
    });
    const part = { id: 'd5', summary: null, backfill: { ...backfill, part: 2, parts: 3 } };
    expect(migrateDocumentDown('diagnostic_sessions', part, 3, 2)?.['summary']).toContain('(2/3)');
  });
});
