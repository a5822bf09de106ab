import { describe, expect, it } from 'vitest';
import { auditHours, hourly, hourMs, t0, testSite } from './audit-testing';

/**
 * `out_of_range` by the instrument's range (量程) where the site lists one, by the province's plausible
 * range otherwise; the finding's parameters name the range that fired. Demo policy: pH 4–11, level
 * −100–6000 m, flow 0–100,000 m³/s.
 */
const ph = (h: number) => 7.4 + 0.03 * Math.sin(h * 0.7);
const level = (h: number) => 3 + 0.02 * Math.sin(h);
/** A series of `element` with `value` at hour 5 (and 6), the rest ordinary. */
const planted = (element: 'ph' | 'level', at: (h: number) => number, value: number, hours = [5]) =>
  hourly(element, 24, (h) => (hours.includes(h) ? value : at(h)));
const outOfRange = (findings: ReturnType<typeof auditHours>) =>
  findings.filter((f) => f.rule === 'out_of_range');

type Case = {
  readonly title: string;
  readonly element: 'ph' | 'level';
  readonly ranges: readonly { element: string; min: number; max: number }[];
  readonly value: number;
  /** The parameters of the finding expected, or null: no out_of_range finding. */
  readonly fires: Record<string, number> | null;
};

const cases: readonly Case[] = [
  {
    title: 'inside the plausible range but above the instrument’s: fires by the instrument',
    element: 'ph',
    ranges: [{ element: 'ph', min: 6, max: 9 }],
    value: 9.5,
    fires: { instrumentMin: 6, instrumentMax: 9 },
  },
  {
    title: 'below the instrument’s range: fires by the instrument',
    element: 'level',
    ranges: [{ element: 'level', min: 0, max: 10 }],
    value: -0.5,
    fires: { instrumentMin: 0, instrumentMax: 10 },
  },
  {
    title: 'no instrument range: fires by the plausible range',
    element: 'ph',
    ranges: [],
    value: 12,
    fires: { plausibleMin: 4, plausibleMax: 11 },
  },
  {
    title: 'a range of another element only: the plausible range still judges this one',
    element: 'ph',
    ranges: [{ element: 'do', min: 0, max: 5 }],
    value: 3.5,
    fires: { plausibleMin: 4, plausibleMax: 11 },
  },
  {
    title: 'outside the plausible range but inside the wider instrument’s (acid water): does not fire',
    element: 'ph',
    ranges: [{ element: 'ph', min: 0, max: 14 }],
    value: 3.2,
    fires: null,
  },
  {
    title: 'at the instrument’s bounds: does not fire',
    element: 'level',
    ranges: [{ element: 'level', min: 0, max: 10 }],
    value: 10,
    fires: null,
  },
  {
    title: 'inside both ranges: does not fire',
    element: 'ph',
    ranges: [{ element: 'ph', min: 6, max: 9 }],
    value: 8.9,
    fires: null,
  },
];

describe('out_of_range by the instrument’s range or the plausible one', () => {
  for (const c of cases) {
    it(c.title, () => {
      const site = testSite([c.element], { kind: 'boundary_section', instrumentRanges: c.ranges });
      const base = c.element === 'ph' ? ph : level;
      const found = outOfRange(auditHours(site, planted(c.element, base, c.value), 24));
      if (c.fires === null) {
        expect(found).toEqual([]);
      } else {
        expect(found).toEqual([
          expect.objectContaining({
            element: c.element,
            from: t0 + 5 * hourMs,
            to: t0 + 5 * hourMs,
            evidence: { values: [{ time: t0 + 5 * hourMs, value: c.value }], count: 1, measures: {} },
            parameters: c.fires,
          }),
        ]);
      }
    });
  }

  it('merges consecutive values outside the instrument’s range into one finding', () => {
    const site = testSite(['level'], { instrumentRanges: [{ element: 'level', min: 0, max: 10 }] });
    const found = outOfRange(auditHours(site, planted('level', level, 12, [5, 6]), 24));
    expect(found).toMatchObject([{ from: t0 + 5 * hourMs, to: t0 + 6 * hourMs, evidence: { count: 2 } }]);
  });
});
