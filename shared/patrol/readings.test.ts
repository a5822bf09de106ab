import { describe, expect, it } from 'vitest';
import { collections, validateRecord } from '../domain/index';
import { buildReading, compareWithPlatform, currentReadings, toCanonical } from './readings';
import { testAuthor } from './test-author';

const t = 1_764_000_000_000;
const platform = (element: string, value: number, unit: string, at = t - 3_600_000) => ({
  element,
  value,
  unit,
  at,
});

describe('readings', () => {
  it('converts accepted units and refuses the wrong one by name', () => {
    expect(toCanonical('level', 152, 'cm')).toEqual({ ok: true, value: { value: 1.52, unit: 'm' } });
    expect(toCanonical('flow', 10, 'L/s')).toMatchObject({ ok: true, value: { unit: 'm³/h' } });
    expect(toCanonical('volume', 106200, 'm³/h')).toMatchObject({ ok: false, error: { code: 'wrong-unit' } });
    expect(toCanonical('volume', Number.NaN, 'm³')).toMatchObject({
      ok: false,
      error: { code: 'not-a-number' },
    });
    expect(toCanonical('voltage?', 1, 'V')).toMatchObject({ ok: false, error: { code: 'unknown-element' } });
  });

  it('accepts a reading within tolerance of the platform value', () => {
    const c = compareWithPlatform(
      { element: 'volume', value: 106_210, takenAt: t },
      platform('volume', 106_182, 'm³'),
    );
    expect(c.flags).toEqual([]);
    expect(c.difference).toBe(28);
    expect(c.platformStale).toBe(false);
  });

  it('flags 错报 suspected with the rule that flagged it', () => {
    expect(
      compareWithPlatform(
        { element: 'volume', value: 100_000, takenAt: t },
        platform('volume', 106_182, 'm³'),
      ).flags,
    ).toMatchObject([{ rule: 'cumulative-decrease', suspectedMisreport: true }]);
    expect(
      compareWithPlatform(
        { element: 'volume', value: 106_182, takenAt: t },
        platform('volume', 10_618.2, 'm³'),
      ).flags,
    ).toMatchObject([{ rule: 'scale-mismatch' }]);
    expect(
      compareWithPlatform({ element: 'flow', value: 130, takenAt: t }, platform('flow', 100, 'm³/h')).flags,
    ).toMatchObject([{ rule: 'difference-exceeds-tolerance' }]);
    expect(
      compareWithPlatform({ element: 'flow', value: 103, takenAt: t }, platform('flow', 100, 'm³/h')).flags,
    ).toEqual([]);
    expect(
      compareWithPlatform({ element: 'ph', value: 7.5, takenAt: t }, platform('ph', 7.2, 'pH')).flags,
    ).toMatchObject([{ rule: 'difference-exceeds-tolerance' }]);
    expect(
      compareWithPlatform({ element: 'level', value: 1.5, takenAt: t }, platform('level', 1.5, 'ft')).flags,
    ).toMatchObject([{ rule: 'unit-mismatch' }]);
    // Platform values in another accepted unit compare after conversion.
    expect(
      compareWithPlatform({ element: 'level', value: 1.5, takenAt: t }, platform('level', 150, 'cm')).flags,
    ).toEqual([]);
    expect(
      compareWithPlatform(
        { element: 'flow', value: 1, takenAt: t },
        platform('flow', 1, 'm³/h', t - 3 * 86_400_000),
      ).platformStale,
    ).toBe(true);
    expect(compareWithPlatform({ element: 'flow', value: 1, takenAt: t }, null)).toMatchObject({
      difference: null,
      flags: [],
    });
  });

  it('builds valid records; a correction supersedes without removing', () => {
    const author = testAuthor(t);
    const base = {
      siteId: 'site-1',
      divisionCode: '530381',
      patrolId: 'pt-1',
      equipmentId: null,
      element: 'level',
      value: 152,
      unit: 'cm',
      source: 'manual' as const,
      diagnosticSessionId: null,
      note: null,
    };
    const first = buildReading(base, author);
    if (!first.ok) {
      throw new Error(first.error.message);
    }
    expect(first.value).toMatchObject({ value: 1.52, unit: 'm', note: '152 cm' });
    expect(validateRecord(collections.readings, first.value).ok).toBe(true);
    expect(buildReading({ ...base, unit: 'kg' }, author)).toMatchObject({
      ok: false,
      error: { code: 'wrong-unit' },
    });
    expect(buildReading({ ...base, source: 'diagnostic' }, author)).toMatchObject({
      ok: false,
      error: { code: 'missing-session' },
    });
    author.advance(1000);
    const fix = buildReading({ ...base, value: 1.25, unit: 'm', supersedes: first.value }, author);
    if (!fix.ok) {
      throw new Error(fix.error.message);
    }
    expect(fix.value.supersedesId).toBe(first.value.id);
    expect(currentReadings([first.value, fix.value]).map((r) => r.id)).toEqual([fix.value.id]);
  });
});
