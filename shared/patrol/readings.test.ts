import { describe, expect, it } from 'vitest';
import { collections, validateRecord } from '../domain/index';
import {
  buildReading,
  compareWithPlatform,
  correctReading,
  currentReadings,
  elementBounds,
  parseTypedValue,
  supersededChain,
  toCanonical,
} from './readings';
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
    expect(buildReading({ ...base, value: 1.25, unit: 'm', supersedes: first.value }, author)).toMatchObject({
      ok: false,
      error: { code: 'correction-reason-required' },
    });
    const fix = buildReading(
      { ...base, value: 1.25, unit: 'm', supersedes: first.value, note: '看错位数' },
      author,
    );
    if (!fix.ok) {
      throw new Error(fix.error.message);
    }
    expect(fix.value.supersedesId).toBe(first.value.id);
    expect(currentReadings([first.value, fix.value]).map((r) => r.id)).toEqual([fix.value.id]);
  });
});

describe('typed values and ranges', () => {
  it('names what is wrong with a typed value', () => {
    expect(parseTypedValue('volume', ' 1234.5 ', 'm³')).toEqual({ ok: true, value: 1234.5 });
    expect(parseTypedValue('volume', '2e3', 'm³')).toEqual({ ok: true, value: 2000 });
    expect(parseTypedValue('volume', 'abc', 'm³')).toMatchObject({ error: { code: 'not-a-number' } });
    expect(parseTypedValue('volume', '12,5', 'm³')).toMatchObject({ error: { code: 'not-a-number' } });
    expect(parseTypedValue('volume', '', 'm³')).toMatchObject({ error: { code: 'not-a-number' } });
    expect(parseTypedValue('volume', '1e309', 'm³')).toMatchObject({ error: { code: 'too-large' } });
    expect(parseTypedValue('ph', '15', 'pH')).toMatchObject({ error: { code: 'above-maximum' } });
    expect(parseTypedValue('level', '-2', 'm')).toEqual({ ok: true, value: -2 });
  });

  it('refuses a negative instantaneous flow instead of saving it with a flag', () => {
    expect(parseTypedValue('flow', '-3.5', 'm³/h')).toMatchObject({
      ok: false,
      error: { code: 'below-minimum', message: 'flow cannot be negative (-3.5 m³/h)' },
    });
    const author = testAuthor(t);
    const made = buildReading(
      {
        siteId: 's',
        divisionCode: '530381',
        patrolId: null,
        equipmentId: null,
        element: 'flow',
        value: -3.5,
        unit: 'm³/h',
        source: 'manual',
        diagnosticSessionId: null,
        note: null,
      },
      author,
    );
    expect(made).toMatchObject({ ok: false, error: { code: 'below-minimum' } });
  });

  it('states the bounds in the unit typed', () => {
    expect(elementBounds('level', 'cm')).toEqual({ min: -100_000, max: 1_000_000, unit: 'cm' });
    expect(elementBounds('ph', 'pH')).toEqual({ min: 0, max: 14, unit: 'pH' });
    expect(elementBounds('ph', 'kg')).toBeNull();
  });
});

describe('correctReading', () => {
  it('names the old reading, needs a reason, and corrects only the newest of a chain', () => {
    const author = testAuthor(t);
    const first = buildReading(
      {
        siteId: 's',
        divisionCode: '530381',
        patrolId: 'p',
        equipmentId: null,
        element: 'volume',
        value: 1200,
        unit: 'm³',
        source: 'manual',
        diagnosticSessionId: null,
        note: null,
      },
      author,
    );
    if (!first.ok) {
      throw new Error(first.error.message);
    }
    expect(
      correctReading(first.value, [first.value], { value: 1210, unit: 'm³', reason: ' ' }, author),
    ).toMatchObject({ ok: false, error: { code: 'correction-reason-required' } });
    const second = correctReading(
      first.value,
      [first.value],
      { value: 1210, unit: 'm³', reason: '抄错' },
      author,
    );
    if (!second.ok) {
      throw new Error(second.error.message);
    }
    expect(second.value).toMatchObject({
      supersedesId: first.value.id,
      value: 1210,
      note: '抄错',
      patrolId: 'p',
    });
    const all = [first.value, second.value];
    expect(correctReading(first.value, all, { value: 1, unit: 'm³', reason: 'x' }, author)).toMatchObject({
      ok: false,
      error: { code: 'already-superseded' },
    });
    expect(currentReadings(all).map((r) => r.id)).toEqual([second.value.id]);
    expect(supersededChain(second.value, all).map((r) => r.id)).toEqual([first.value.id]);
  });
});
