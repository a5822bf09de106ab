import { describe, expect, it } from 'vitest';
import { runSlice } from './time-slices';

/** A clock that moves on by `cost` milliseconds for each step run. */
function fakeWork(count: number, cost: number) {
  let t = 0;
  const ran: number[] = [];
  const steps = Array.from({ length: count }, (_, i) => () => {
    ran.push(i);
    t += cost;
  });
  return { steps, ran, now: () => t };
}

describe('runSlice', () => {
  it('stops once the budget is spent and picks up where it stopped', () => {
    const w = fakeWork(10, 2);
    const next = runSlice(w.steps, 0, 5, w.now);
    // 2, 4 ms: under budget; the third step brings it to 6 ms and ends the slice.
    expect(next).toBe(3);
    expect(w.ran).toEqual([0, 1, 2]);
    const after = runSlice(w.steps, next, 5, w.now);
    expect(after).toBe(6);
    expect(w.ran).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('always runs at least one step, even one longer than the budget', () => {
    const w = fakeWork(3, 50);
    expect(runSlice(w.steps, 0, 5, w.now)).toBe(1);
    expect(w.ran).toEqual([0]);
  });

  it('reports the end when every step has run, and runs nothing past it', () => {
    const w = fakeWork(4, 1);
    expect(runSlice(w.steps, 0, 100, w.now)).toBe(4);
    expect(runSlice(w.steps, 4, 100, w.now)).toBe(4);
    expect(w.ran).toEqual([0, 1, 2, 3]);
  });
});
