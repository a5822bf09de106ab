import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type Reading } from '../domain/index';
import { buildReading, correctReading, currentReadings, withdrawReading } from './readings';
import { testAuthor } from './test-author';

function saved(author: ReturnType<typeof testAuthor>): Reading {
  const r = buildReading(
    {
      siteId: 'site-1',
      divisionCode: '530381',
      patrolId: 'pt-1',
      equipmentId: null,
      element: 'volume',
      value: 106_200,
      unit: 'm³',
      source: 'manual',
      diagnosticSessionId: null,
      note: null,
    },
    author,
  );
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return r.value;
}

describe('correcting and withdrawing a reading', () => {
  it('withdraws by a new record naming the old one with the reason; neither counts, both are kept', () => {
    const author = testAuthor();
    const original = saved(author);
    author.advance(60_000);
    const w = withdrawReading(original, [original], '  抄错了表  ', author);
    if (!w.ok) {
      throw new Error(w.error.message);
    }
    expect(w.value).toMatchObject({
      supersedesId: original.id,
      withdrawn: true,
      note: '抄错了表',
      value: original.value,
      takenAt: original.takenAt + 60_000,
    });
    expect(w.value.id).not.toBe(original.id);
    expect(validateRecord(collections.readings, w.value).ok).toBe(true);
    expect(currentReadings([original, w.value])).toEqual([]);
  });

  it('shows the newest: a correction then its withdrawal leaves nothing in force', () => {
    const author = testAuthor();
    const original = saved(author);
    author.advance(1000);
    const fixed = correctReading(
      original,
      [original],
      { value: 106_300, unit: 'm³', reason: '看错一位' },
      author,
    );
    if (!fixed.ok) {
      throw new Error(fixed.error.message);
    }
    expect(currentReadings([original, fixed.value]).map((r) => r.value)).toEqual([106_300]);
    author.advance(1000);
    const all = [original, fixed.value];
    // The original was already corrected: act on the newest.
    expect(withdrawReading(original, all, '误录', author)).toMatchObject({
      ok: false,
      error: { code: 'already-superseded' },
    });
    const w = withdrawReading(fixed.value, all, '误录', author);
    expect(w.ok).toBe(true);
    const withWithdrawal = [...all, ...(w.ok ? [w.value] : [])];
    expect(currentReadings(withWithdrawal)).toEqual([]);
    // A withdrawal itself is neither corrected nor withdrawn again.
    if (w.ok) {
      expect(withdrawReading(w.value, withWithdrawal, '再撤回', author)).toMatchObject({
        ok: false,
        error: { code: 'already-withdrawn' },
      });
      expect(
        correctReading(w.value, withWithdrawal, { value: 1, unit: 'm³', reason: 'x' }, author),
      ).toMatchObject({ ok: false, error: { code: 'already-withdrawn' } });
    }
  });

  it('refuses a withdrawal without a reason', () => {
    const author = testAuthor();
    const original = saved(author);
    expect(withdrawReading(original, [original], '   ', author)).toMatchObject({
      ok: false,
      error: { code: 'correction-reason-required' },
    });
  });
});
