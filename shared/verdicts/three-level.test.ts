import { describe, expect, it } from 'vitest';
import {
  isCalendarDay,
  threeLevelDifferences,
  threeLevelSummary,
  type DayCount,
  type ThreeLevelInput,
} from './three-level';

const row = (siteCode: string, day: string, count: number): DayCount => ({ siteCode, day, count });

function differences(input: Partial<ThreeLevelInput>) {
  const r = threeLevelDifferences({
    province: [],
    knownSites: ['A', 'B'],
    ministry: [],
    from: '2026-11-01',
    to: '2026-11-03',
    ...input,
  });
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return r.value;
}

describe('three-level check (三级贯通): one site and day', () => {
  // [title, province count (undefined: no row), ministry count (undefined: no row), kind or null]
  const table: [string, number | undefined, number | undefined, string | null][] = [
    ['equal counts', 24, 24, null],
    ['nothing on either side', undefined, undefined, null],
    ['a province row of 0, no ministry row', 0, undefined, null],
    ['a ministry row of 0, no province row', undefined, 0, null],
    ['the province holds reports, the ministry has no row (漏发)', 24, undefined, 'not_sent'],
    ['the province holds reports, the ministry a row of 0 (漏发)', 24, 0, 'not_sent'],
    ['the ministry has fewer (漏发)', 24, 20, 'fewer_sent'],
    ['the ministry has reports the province does not hold (错发)', undefined, 5, 'not_held'],
    ['the ministry has reports where the province holds 0 (错发)', 0, 5, 'not_held'],
    ['the ministry has more (错发)', 20, 24, 'more_sent'],
  ];
  for (const [title, held, sent, kind] of table) {
    it(`${title} → ${kind ?? 'no difference'}`, () => {
      const found = differences({
        province: held === undefined ? [] : [row('A', '2026-11-02', held)],
        ministry: sent === undefined ? [] : [row('A', '2026-11-02', sent)],
      });
      if (kind === null) {
        expect(found).toEqual([]);
      } else {
        expect(found).toEqual([
          {
            siteCode: 'A',
            day: '2026-11-02',
            kind,
            class: kind === 'not_sent' || kind === 'fewer_sent' ? 'lou_fa' : 'cuo_fa',
            province: held ?? 0,
            ministry: sent ?? null,
          },
        ]);
      }
    });
  }
});

describe('three-level check: sites and days on one side only', () => {
  it('names a site only the ministry knows 错发 unknown_site, with no province count', () => {
    expect(differences({ ministry: [row('X', '2026-11-01', 3), row('X', '2026-11-02', 0)] })).toEqual([
      {
        siteCode: 'X',
        day: '2026-11-01',
        kind: 'unknown_site',
        class: 'cuo_fa',
        province: null,
        ministry: 3,
      },
    ]);
  });
  it('names every day of a known site the ministry never mentions where the province holds reports', () => {
    const found = differences({
      province: [row('B', '2026-11-01', 24), row('B', '2026-11-02', 0), row('B', '2026-11-03', 12)],
    });
    expect(found.map((d) => [d.siteCode, d.day, d.kind, d.province, d.ministry])).toEqual([
      ['B', '2026-11-01', 'not_sent', 24, null],
      ['B', '2026-11-03', 'not_sent', 12, null],
    ]);
  });
  it('compares only the days in range, on both sides', () => {
    const found = differences({
      province: [row('A', '2026-10-31', 24), row('A', '2026-11-04', 24)],
      ministry: [row('A', '2026-10-30', 1), row('X', '2026-11-05', 9)],
    });
    expect(found).toEqual([]);
  });
  it('orders by site then day, and counts 漏发 and 错发', () => {
    const found = differences({
      province: [row('B', '2026-11-01', 24), row('A', '2026-11-03', 24)],
      ministry: [row('A', '2026-11-03', 25), row('A', '2026-11-01', 2), row('B', '2026-11-01', 23)],
    });
    expect(found.map((d) => `${d.siteCode} ${d.day} ${d.kind}`)).toEqual([
      'A 2026-11-01 not_held',
      'A 2026-11-03 more_sent',
      'B 2026-11-01 fewer_sent',
    ]);
    expect(threeLevelSummary(found)).toEqual({ lou_fa: 1, cuo_fa: 2 });
  });
});

describe('three-level check: refusals', () => {
  const refusal = (input: Partial<ThreeLevelInput>) => {
    const r = threeLevelDifferences({
      province: [],
      knownSites: ['A'],
      ministry: [],
      from: '2026-11-01',
      to: '2026-11-03',
      ...input,
    });
    return r.ok ? null : r.error.code;
  };
  it('refuses a range that ends before it starts, a day that does not exist, or more than a year', () => {
    expect(refusal({ from: '2026-11-03', to: '2026-11-01' })).toBe('bad-range');
    expect(refusal({ from: '2026-02-30', to: '2026-03-01' })).toBe('bad-range');
    expect(refusal({ from: '2025-01-01', to: '2026-01-02' })).toBe('bad-range');
    expect(refusal({ from: '2025-01-01', to: '2026-01-01' })).toBeNull();
  });
  it('refuses a site and day given twice, and a count that is not a whole number ≥ 0', () => {
    expect(refusal({ ministry: [row('A', '2026-11-01', 1), row('A', '2026-11-01', 2)] })).toBe(
      'duplicate-row',
    );
    expect(refusal({ province: [row('A', '2026-11-01', -1)] })).toBe('bad-count');
    expect(refusal({ ministry: [row('A', '2026-11-01', 1.5)] })).toBe('bad-count');
  });
  it('knows calendar days', () => {
    expect(['2026-11-01', '2024-02-29'].map(isCalendarDay)).toEqual([true, true]);
    expect(['2026-02-29', '2026-1-01', '2026-11-01T00:00', ''].map(isCalendarDay)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
