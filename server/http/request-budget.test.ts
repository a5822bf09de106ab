import { beforeAll, expect } from 'vitest';
import { migrate } from '../db/migrate';
import { describeOnEngines } from '../testing/engines';
import { createRequestBudget } from './request-budget';

describeOnEngines('the request budget of a device', ({ db, test, engine }) => {
  beforeAll(async () => {
    await migrate(db());
  });

  test('lets a burst through, then paces the device to the refill rate', async () => {
    const budget = createRequestBudget(db(), { burst: 3, perSecond: 0.5 });
    expect([
      await budget.take('dev-a', 1_000),
      await budget.take('dev-a', 1_000),
      await budget.take('dev-a', 1_000),
    ]).toEqual([null, null, null]);
    expect(await budget.take('dev-a', 1_000)).toBe(2);
    // Another device has its own budget.
    expect(await budget.take('dev-b', 1_000)).toBeNull();
    // After 2 s one request's worth is back, and only one.
    expect(await budget.take('dev-a', 3_000)).toBeNull();
    expect(await budget.take('dev-a', 3_000)).toBe(2);
  });

  test('never holds more than the burst, however long a device was away', async () => {
    const budget = createRequestBudget(db(), { burst: 2, perSecond: 10 });
    await budget.take('dev-c', 0);
    const later = 3_600_000;
    expect([
      await budget.take('dev-c', later),
      await budget.take('dev-c', later),
      await budget.take('dev-c', later),
    ]).toEqual([null, null, 1]);
  });

  // PGlite serves one process: its budgets are in that process's memory.
  if (engine === 'postgres') {
    test('two service nodes on one database draw from one budget, even at the same moment', async () => {
      const [a, b] = [
        createRequestBudget(db(), { burst: 4, perSecond: 0.001 }),
        createRequestBudget(db(), { burst: 4, perSecond: 0.001 }),
      ];
      const answers = await Promise.all([a, b, a, b, a, b].map((node) => node.take('dev-d', 5_000)));
      expect(answers.filter((w) => w === null)).toHaveLength(4);
    });
  }
});
