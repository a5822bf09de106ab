import { describe, expect, it } from 'vitest';
import { pollPointsCsv, pollStats, type PollPoint } from '#shared/protocols/polling-run';
import { createPollingSeries, formatStat } from './polling-series';

const at = (i: number) => 1_700_000_000_000 + i * 500;
const point = (i: number, value: number | null): PollPoint => ({
  at: at(i),
  value,
  error: value === null ? 'timeout' : null,
});

describe('polling series (what the live chart holds)', () => {
  it.each([
    {
      name: 'no points',
      values: [],
      stats: { count: 0, valid: 0, min: null, max: null, mean: null, std: null },
    },
    {
      name: 'one value',
      values: [3.5],
      stats: { count: 1, valid: 1, min: 3.5, max: 3.5, mean: 3.5, std: 0 },
    },
    {
      name: 'textbook set with a failed read',
      values: [2, 4, null, 4, 4, 5, 5, 7, 9],
      stats: { count: 9, valid: 8, min: 2, max: 9, mean: 5, std: 2 },
    },
    {
      name: 'only failed reads',
      values: [null, null],
      stats: { count: 2, valid: 0, min: null, max: null, mean: null, std: null },
    },
    {
      name: 'negative values',
      values: [-1, -3],
      stats: { count: 2, valid: 2, min: -3, max: -1, mean: -2, std: 1 },
    },
  ])('keeps the figures point by point: $name', ({ values, stats }) => {
    const series = createPollingSeries();
    values.forEach((v, i) => series.push(point(i, v)));
    expect(series.stats()).toEqual(stats);
    // The same figures as the whole-run statistics the CLI prints.
    expect(series.stats()).toEqual(pollStats(series.points()));
  });

  it('matches the whole-run figures on a long drifting run (no loss of precision from adding one by one)', () => {
    const series = createPollingSeries(16);
    for (let i = 0; i < 10_000; i += 1) {
      series.push(point(i, i % 97 === 0 ? null : 1e6 + Math.sin(i / 50) + i * 1e-4));
    }
    const whole = pollStats(series.points());
    const live = series.stats();
    expect(live.count).toBe(10_000);
    expect(live.valid).toBe(whole.valid);
    expect(live.mean!).toBeCloseTo(whole.mean!, 9);
    expect(live.std!).toBeCloseTo(whole.std!, 9);
    expect([live.min, live.max]).toEqual([whole.min, whole.max]);
  });

  it('exports as CSV exactly the points the chart draws: 10,000 rows, same times, values and gaps', () => {
    const series = createPollingSeries(16);
    for (let i = 0; i < 10_000; i += 1) {
      series.push(point(i, i % 97 === 0 ? null : 1e6 + Math.sin(i / 50) + i * 1e-4));
    }
    const [xs, ys] = series.data();
    const lines = pollPointsCsv(series.points()).trimEnd().split('\n');
    expect(lines[0]).toBe('time,value,error');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(xs.length);
    rows.forEach(([time, value, error], i) => {
      expect(Date.parse(time ?? '') / 1000).toBe(xs[i]);
      expect(value === '' ? null : Number(value)).toBe(ys[i]);
      expect(error).toBe(ys[i] === null ? 'timeout' : '');
    });
    const valid = rows.filter((r) => r[1] !== '').map((r) => Number(r[1]));
    expect(valid).toHaveLength(series.stats().valid);
    expect(valid.reduce((a, b) => a + b, 0) / valid.length).toBeCloseTo(series.stats().mean!, 6);
  });

  it('gives the chart views over its arrays: times in seconds, a failed read as a gap', () => {
    const series = createPollingSeries(16);
    for (let i = 0; i < 40; i += 1) {
      series.push(point(i, i === 5 ? null : i));
    }
    const [xs, ys] = series.data();
    expect(xs).toBeInstanceOf(Float64Array);
    expect(xs.length).toBe(40);
    expect(ys.length).toBe(40);
    expect(xs[39]).toBe(at(39) / 1000);
    expect(ys[5]).toBeNull();
    expect(ys[6]).toBe(6);
  });

  it('tells its listeners of every point and of a clear, and forgets a listener that left', () => {
    const series = createPollingSeries();
    let heard = 0;
    const off = series.subscribe(() => (heard += 1));
    series.push(point(0, 1));
    series.push(point(1, 2));
    series.clear();
    expect(heard).toBe(3);
    expect(series.length()).toBe(0);
    expect(series.data()[0].length).toBe(0);
    expect(series.stats().count).toBe(0);
    off();
    series.push(point(2, 3));
    expect(heard).toBe(3);
  });

  it.each([
    [null, '—'],
    [Number.NaN, '—'],
    [1, '1'],
    [0.123456, '0.1235'],
    [-2.5, '-2.5'],
    [12_345.6, '12345.6'],
  ] as const)('formats %s as %s', (value, text) => {
    expect(formatStat(value)).toBe(text);
  });
});
