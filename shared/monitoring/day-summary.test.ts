import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayStart } from '../health/days';
import {
  daySummaryWindowDays,
  effectiveValue,
  fromElementDays,
  summariseDays,
  toElementDays,
} from './day-summary';
import { simulateCleanSeries } from './simulate-series';
import type { MonitoredValue, ValueSource } from './values';

const day0 = '2026-11-01';
const t0 = dayStart(day0);
const hour = 3_600_000;
const options = {
  firstDay: day0,
  days: 3,
  intervalMinutes: 60,
  allowedDelayMinutes: 30,
  registeredOn: '2024-01-01',
  clockSkewToleranceMinutes: 10,
};

const v = (hours: number, value: number, source: ValueSource = 'receiver', lateMinutes = 2) => ({
  time: t0 + hours * hour,
  value,
  source,
  receivedAt: t0 + hours * hour + lateMinutes * 60_000,
});

describe('effective value of one device time', () => {
  it.each([
    ['one original', [v(0, 1)], 1],
    ['the first original received', [v(0, 2, 'file', 9), v(0, 1, 'receiver', 3)], 1],
    ['a 补报 over the originals', [v(0, 1), v(0, 5, 'backfill', 600)], 5],
    ['the latest 补报', [v(0, 1), v(0, 5, 'backfill', 600), v(0, 6, 'backfill', 900)], 6],
  ])('%s', (_label, values, expected) => {
    expect(effectiveValue(values)?.value).toBe(expected);
  });
  it('none for no values', () => expect(effectiveValue([])).toBeNull());
});

describe('day summaries (table)', () => {
  it.each([
    {
      label: 'a full day of timely hourly values',
      values: Array.from({ length: 24 }, (_, h) => v(h, h)),
      day0: { expected: 24, count: 24, values: 24, min: 0, max: 23, mean: 11.5 },
    },
    {
      label: 'a late value fills no slot but is summarised',
      values: [v(0, 4), v(1, 8, 'receiver', 180)],
      day0: { expected: 24, count: 1, values: 2, min: 4, max: 8, mean: 6 },
    },
    {
      label: 'a 补报 replaces the original in min/max/mean, counted once',
      values: [v(0, 4), v(0, 10, 'backfill', 2_000)],
      day0: { expected: 24, count: 1, values: 1, min: 10, max: 10, mean: 10 },
    },
    {
      label: 'a platform file counts as timely',
      values: [{ time: t0, value: 3, source: 'file' as const, receivedAt: t0 + 40 * hour }],
      day0: { expected: 24, count: 1, values: 1, min: 3, max: 3, mean: 3 },
    },
    {
      label: 'no values: nulls, nothing counted',
      values: [],
      day0: { expected: 24, count: 0, values: 0, min: null, max: null, mean: null },
    },
  ])('$label', ({ values, day0: expected }) => {
    const days = summariseDays(values, options);
    expect(days).toHaveLength(3);
    expect(days[0]).toEqual({ day: day0, ...expected });
    expect(days[1]).toMatchObject({ day: '2026-11-02', values: 0, count: 0, expected: 24 });
  });

  it('expects nothing before registration and ignores values outside the days', () => {
    const days = summariseDays([v(-5, 1), v(30, 2), v(24 * 5, 3)], {
      ...options,
      registeredOn: '2026-11-02',
    });
    expect(days.map((d) => [d.expected, d.count, d.values])).toEqual([
      [0, 0, 0],
      [24, 1, 1],
      [24, 0, 0],
    ]);
  });

  it('round-trips through the stored arrays and picks a day range', () => {
    const days = summariseDays([v(0, 1), v(25, 2)], options);
    const stored = toElementDays('flow', days);
    expect(fromElementDays(day0, stored)).toEqual(days);
    expect(fromElementDays(day0, stored, '2026-11-02', '2026-11-02')).toEqual([days[1]]);
  });
});

describe('day summaries (property)', () => {
  it('of a clean generated series: every slot counted, min ≤ mean ≤ max, values of each day exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom<MonitoredValue['element']>('flow', 'volume', 'ph', 'level'),
        fc.constantFrom(60, 240),
        (seed, element, interval) => {
          const slotsPerDay = (24 * 60) / interval;
          const series = simulateCleanSeries({
            siteCode: 'x',
            elements: [element],
            from: t0,
            slots: slotsPerDay * 4,
            intervalMinutes: interval,
            seed,
          });
          const days = summariseDays(series, {
            ...options,
            days: daySummaryWindowDays,
            intervalMinutes: interval,
          });
          expect(days).toHaveLength(daySummaryWindowDays);
          for (const [i, d] of days.entries()) {
            const inDay = series.filter(
              (s) => s.time >= t0 + i * 24 * hour && s.time < t0 + (i + 1) * 24 * hour,
            );
            expect(d.values).toBe(inDay.length);
            expect(d.count).toBe(inDay.length);
            expect(d.expected).toBe(slotsPerDay);
            if (inDay.length > 0) {
              const vals = inDay.map((s) => s.value);
              expect(d.min).toBe(Math.min(...vals));
              expect(d.max).toBe(Math.max(...vals));
              expect(d.mean as number).toBeGreaterThanOrEqual((d.min as number) - 1e-9);
              expect(d.mean as number).toBeLessThanOrEqual((d.max as number) + 1e-9);
            } else {
              expect([d.min, d.max, d.mean]).toEqual([null, null, null]);
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
