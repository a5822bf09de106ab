import { describe, expect, it } from 'vitest';
import { createRequestBudget } from './request-budget';

describe('the request budget of a device', () => {
  it('lets a burst through, then paces the device to the refill rate', () => {
    const budget = createRequestBudget({ burst: 3, perSecond: 0.5 });
    expect([0, 0, 0].map(() => budget.take('dev-a', 1_000))).toEqual([null, null, null]);
    expect(budget.take('dev-a', 1_000)).toBe(2);
    // Another device has its own budget.
    expect(budget.take('dev-b', 1_000)).toBeNull();
    // After 2 s one request's worth is back, and only one.
    expect(budget.take('dev-a', 3_000)).toBeNull();
    expect(budget.take('dev-a', 3_000)).toBe(2);
  });

  it('never holds more than the burst, however long a device was away', () => {
    const budget = createRequestBudget({ burst: 2, perSecond: 10 });
    budget.take('dev-a', 0);
    const later = 3_600_000;
    expect([budget.take('dev-a', later), budget.take('dev-a', later), budget.take('dev-a', later)]).toEqual([
      null,
      null,
      1,
    ]);
  });
});
