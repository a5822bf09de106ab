import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../result';
import { createManualTimers } from './line-session-testing';
import { nextSlotMs, pollPointsCsv, pollStats, startPolling } from './polling-run';

describe('polling run model', () => {
  it('computes min, max, mean and population standard deviation over the values only', () => {
    const points = [2, 4, 4, 4, 5, 5, 7, 9].map((value, i) => ({ at: i, value, error: null }));
    expect(pollStats([...points, { at: 9, value: null, error: 'timeout' }])).toEqual({
      count: 9,
      valid: 8,
      min: 2,
      max: 9,
      mean: 5,
      std: 2,
    });
    expect(pollStats([])).toMatchObject({ count: 0, mean: null, std: null });
  });

  it('schedules fixed slots and ends before the duration', () => {
    expect(nextSlotMs(0, 5000, 60_000)).toBe(5000);
    expect(nextSlotMs(7300, 5000, 60_000)).toBe(10_000);
    expect(nextSlotMs(55_000, 5000, 60_000)).toBeNull();
  });

  it('watches a value for a minute on an injected clock, skipping slots while paused', async () => {
    const timers = createManualTimers(1_000_000);
    let n = 0;
    const read = (): Promise<Result<number>> => {
      n += 1;
      return Promise.resolve(n === 3 ? fail('timeout', 'no reply') : ok(0.25 + n / 1000));
    };
    const run = startPolling({ read, everyMs: 5000, durationMs: 60_000, timers });
    await timers.advance(12_000);
    expect(run.points().map((p) => p.at - 1_000_000)).toEqual([0, 5000, 10_000]);
    run.pause();
    await timers.advance(10_000);
    expect(run.points()).toHaveLength(3);
    run.resume();
    await timers.advance(60_000);
    const points = await run.done;
    expect(points.map((p) => (p.at - 1_000_000) / 1000)).toEqual([0, 5, 10, 25, 30, 35, 40, 45, 50, 55]);
    expect(points[2]).toMatchObject({ value: null, error: 'timeout' });
    expect(pollPointsCsv(points).split('\n')[1]).toBe('1970-01-01T00:16:40.000Z,0.251,');
    expect(timers.pendingCount()).toBe(0);
  });

  it('a read slower than the interval skips the overrun slots instead of queueing reads', async () => {
    const timers = createManualTimers(0);
    const read = () =>
      new Promise<Result<number>>((resolve) => timers.setTimeout(() => resolve(ok(1)), 7000));
    const run = startPolling({ read, everyMs: 5000, durationMs: 30_000, timers });
    await timers.advance(40_000);
    expect((await run.done).map((p) => p.at)).toEqual([0, 10_000, 20_000]);
  });

  it('stops on demand with the points so far', async () => {
    const timers = createManualTimers(0);
    const run = startPolling({
      read: () => Promise.resolve(ok(3)),
      everyMs: 1000,
      durationMs: 3_600_000,
      timers,
    });
    await timers.advance(2500);
    run.stop();
    expect(await run.done).toHaveLength(3);
    expect(timers.pendingCount()).toBe(0);
  });
});
