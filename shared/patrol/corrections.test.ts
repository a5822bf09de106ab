import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type DivisionCode } from '../domain/index';
import { baseDataChecks, latestCorrections, proposeCorrection } from './corrections';
import { testAuthor } from './test-author';

const check = baseDataChecks.find((c) => c.key === 'meter-serial')!;
const input = {
  siteId: 'site-1',
  divisionCode: '530381' as DivisionCode,
  check,
  targetId: 'eq-1',
  current: 'SN0001',
  proposedJson: '"SN0002"',
  reason: '铭牌序列号为 SN0002',
  patrolId: 'pt-1',
};

describe('base-data corrections', () => {
  it('proposes a pending correction the platform decides', () => {
    const r = proposeCorrection(input, testAuthor());
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    expect(validateRecord(collections.corrections, r.value).ok).toBe(true);
    expect(r.value).toMatchObject({
      targetCollection: 'equipment',
      field: 'serialNumber',
      currentValueJson: '"SN0001"',
      proposedValueJson: '"SN0002"',
      status: 'pending',
      decidedAt: null,
    });
  });

  it('refuses no change, no reason and text that is not JSON, by name', () => {
    const a = testAuthor();
    expect(proposeCorrection({ ...input, proposedJson: '"SN0001"' }, a)).toMatchObject({
      ok: false,
      error: { code: 'no-change' },
    });
    expect(proposeCorrection({ ...input, reason: ' ' }, a)).toMatchObject({
      ok: false,
      error: { code: 'reason-required' },
    });
    expect(proposeCorrection({ ...input, proposedJson: 'SN0002' }, a)).toMatchObject({
      ok: false,
      error: { code: 'not-json' },
    });
  });

  it('shows the newest proposal per field', () => {
    const a = testAuthor();
    const first = proposeCorrection(input, a);
    a.advance(1000);
    const second = proposeCorrection({ ...input, proposedJson: '"SN0003"' }, a);
    if (!first.ok || !second.ok) {
      throw new Error('setup');
    }
    expect(latestCorrections([second.value, first.value]).map((c) => c.proposedValueJson)).toEqual([
      '"SN0003"',
    ]);
  });
});
