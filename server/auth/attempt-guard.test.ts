import { beforeAll, expect } from 'vitest';
import { migrate } from '../db/migrate';
import { describeOnEngines } from '../testing/engines';
import { createAttemptGuard, type AttemptKey } from './attempt-guard';

const limits = { windowMs: 60_000, perAccount: 3, perAddress: 5 };
const here: AttemptKey = { kind: 'address', value: '10.0.0.7' };

describeOnEngines('the sign-in attempt guard', ({ db, test }) => {
  beforeAll(async () => {
    await migrate(db());
  });

  test('blocks an account after its failures, until the window ends, whatever the case of the name', async () => {
    const guard = createAttemptGuard(db(), limits);
    const alice: AttemptKey = { kind: 'account', value: 'Alice' };
    for (let i = 0; i < 3; i += 1) {
      expect(await guard.blockedFor([alice], 1_000 + i)).toBeNull();
      await guard.failed([{ kind: 'account', value: i % 2 === 0 ? 'alice' : 'ALICE' }], 1_000 + i);
    }
    expect(await guard.blockedFor([alice], 2_000)).toBe(59);
    expect(await guard.blockedFor([alice], 60_999)).toBe(1);
    expect(await guard.blockedFor([alice], 61_000)).toBeNull();
  });

  test('blocks an address across accounts, and a success clears only its account', async () => {
    const guard = createAttemptGuard(db(), limits);
    for (let i = 0; i < 5; i += 1) {
      await guard.failed([{ kind: 'account', value: `user${i}` }, here], 0);
    }
    expect(await guard.blockedFor([{ kind: 'account', value: 'user9' }, here], 10)).toBe(60);
    expect(await guard.blockedFor([{ kind: 'address', value: '10.0.0.8' }], 10)).toBeNull();
    const bob: AttemptKey = { kind: 'account', value: 'bob' };
    await guard.failed([bob], 0);
    await guard.failed([bob], 0);
    await guard.succeeded(bob);
    await guard.failed([bob], 1);
    expect(await guard.blockedFor([bob], 2)).toBeNull();
  });

  test('two guards on one database (two service nodes) count the same failures', async () => {
    const [a, b] = [createAttemptGuard(db(), limits), createAttemptGuard(db(), limits)];
    const carol: AttemptKey = { kind: 'account', value: 'carol' };
    await Promise.all([a.failed([carol], 100), b.failed([carol], 100), a.failed([carol], 101)]);
    expect(await b.blockedFor([carol], 200)).toBe(60);
    // A window that ended is forgotten: the table does not keep growing with old addresses.
    await a.failed([{ kind: 'address', value: '10.9.9.9' }], 500_000);
    const { rows } = await db().query<{ n: number }>('select count(*)::int as n from sign_in_failures');
    expect(rows[0]?.n).toBe(1);
  });
});
