import { afterEach, beforeAll, expect, vi } from 'vitest';
import { SyncError } from '#shared/sync/index';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { describeOnEngines } from '../testing/engines';
import { startFaultProxy } from '../testing/fault-proxy';
import { enrolledDevice } from '../testing/service';
import { revokeDevice, type Principal } from './accounts';
import { startPrincipalCache, type PrincipalCache } from './principal-cache';

/** The real database, with its statements counted (and, when asked, their answers held back). */
function counted(db: Database) {
  let queries = 0;
  let holdNext: Promise<void> | null = null;
  const wrapped: Database = {
    ...db,
    kind: db.kind,
    query: async (sql, params) => {
      queries += 1;
      const result = await db.query(sql, params);
      const hold = holdNext;
      holdNext = null;
      if (hold !== null) {
        await hold;
      }
      return result as never;
    },
  };
  return {
    db: wrapped,
    queries: () => queries,
    /** The next statement runs at once, but its answer waits until `release` is called. */
    holdNextAnswer: () => {
      let release = () => undefined as void;
      holdNext = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => release();
    },
  };
}

const refusal = async (attempt: Promise<Principal>) =>
  attempt.then(
    () => null,
    (error: unknown) => (error instanceof SyncError ? error.code : String(error)),
  );

describeOnEngines('device principals kept in memory', ({ db, url, test, engine }) => {
  const now = 1_764_000_000_000;
  beforeAll(async () => {
    await migrate(db());
  });
  const open: PrincipalCache[] = [];
  const others: Database[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((cache) => cache.close()));
    await Promise.all(others.splice(0).map((other) => other.close()));
  });
  const start = async (database: Database, options: Parameters<typeof startPrincipalCache>[1] = {}) => {
    const cache = await startPrincipalCache(database, options);
    open.push(cache);
    return cache;
  };
  /** Where the admin CLI or an operator changes things: another connection (PGlite has only one). */
  const elsewhere = async (): Promise<Database> => {
    const address = url();
    if (address === null) {
      return db();
    }
    const other = await openDatabase({ databaseUrl: address });
    others.push(other);
    return other;
  };

  test('a token resolved once is answered from memory, without a database round trip', async () => {
    const device = await enrolledDevice(db(), 'technician', '530381', now);
    const probe = counted(db());
    const cache = await start(probe.db, { ttlMs: 100_000 });
    expect(cache.listening()).toBe(true);
    const first = await cache.authenticate(device.token, now);
    const afterFirst = probe.queries();
    expect(afterFirst).toBeGreaterThan(0);
    const again = await cache.authenticate(device.token, now + 1_000);
    expect(again).toEqual(first);
    expect(probe.queries()).toBe(afterFirst);
    // Kept for the time-to-live only.
    await cache.authenticate(device.token, now + 200_000);
    expect(probe.queries()).toBeGreaterThan(afterFirst);
    // A malformed or unknown token is refused as before, and never kept.
    expect(await refusal(cache.authenticate('not-a-token', now))).toBe('unauthorized');
    expect(await refusal(cache.authenticate('wrmd_unknown', now))).toBe('unauthorized');
    expect(await refusal(cache.authenticate('wrmd_unknown', now))).toBe('unauthorized');
  });

  test('a device revoked from another process is refused at its next request, and its streams are told', async () => {
    const device = await enrolledDevice(db(), 'technician', '530381', now);
    const revokedIds: string[] = [];
    const cache = await start(db(), { onRevoked: (id) => revokedIds.push(id) });
    await cache.authenticate(device.token, now);
    await revokeDevice(await elsewhere(), device.deviceId, { actor: 'cli', scope: '53' }, now);
    // The notice travels after the revoking transaction commits (milliseconds on PostgreSQL).
    await vi.waitFor(() => expect(revokedIds).toContain(device.deviceId), { timeout: 2_000 });
    expect(await refusal(cache.authenticate(device.token, now + 1))).toBe('revoked');
  });

  test('an account disabled or re-scoped in SQL is read afresh', async () => {
    const device = await enrolledDevice(db(), 'technician', '530381', now);
    const probe = counted(db());
    const cache = await start(probe.db);
    expect((await cache.authenticate(device.token, now)).scope).toBe('530381');
    const other = await elsewhere();
    await other.query(`update accounts set scope = '5303' where username = $1`, [device.username]);
    await vi.waitFor(
      async () => expect((await cache.authenticate(device.token, now + 1)).scope).toBe('5303'),
      { timeout: 2_000 },
    );
    await other.query(`update accounts set disabled_at = $2 where username = $1`, [device.username, now]);
    await vi.waitFor(
      async () => expect(await refusal(cache.authenticate(device.token, now + 2))).toBe('revoked'),
      { timeout: 2_000 },
    );
  });

  test('an answer read before a change is used once but not kept', async () => {
    const device = await enrolledDevice(db(), 'technician', '530381', now);
    const probe = counted(db());
    const revokedIds: string[] = [];
    const cache = await start(probe.db, { onRevoked: (id) => revokedIds.push(id) });
    const release = probe.holdNextAnswer();
    const inFlight = cache.authenticate(device.token, now);
    await vi.waitFor(() => expect(probe.queries()).toBeGreaterThan(0));
    await revokeDevice(await elsewhere(), device.deviceId, { actor: 'cli', scope: '53' }, now);
    await vi.waitFor(() => expect(revokedIds).toContain(device.deviceId), { timeout: 2_000 });
    release();
    // The request already under way was read before the revocation…
    expect((await inFlight).deviceId).toBe(device.deviceId);
    // …but the next one reads again and is refused.
    expect(await refusal(cache.authenticate(device.token, now + 1))).toBe('revoked');
  });

  test('at most the configured number of tokens is kept', async () => {
    const devices = await Promise.all(
      ['530381', '530302', '530102'].map((scope) => enrolledDevice(db(), 'technician', scope, now)),
    );
    const probe = counted(db());
    const cache = await start(probe.db, { maxEntries: 2 });
    for (const device of devices) {
      await cache.authenticate(device.token, now);
    }
    const before = probe.queries();
    await cache.authenticate(devices[2]!.token, now);
    await cache.authenticate(devices[1]!.token, now);
    expect(probe.queries()).toBe(before);
    await cache.authenticate(devices[0]!.token, now);
    expect(probe.queries()).toBe(before + 1);
  });

  if (engine === 'postgres') {
    test('a notice connection that falls silent is dropped by its check, and nothing is kept meanwhile', async () => {
      const device = await enrolledDevice(db(), 'technician', '530381', now);
      const address = new URL(url()!);
      const proxy = await startFaultProxy({ host: address.hostname, port: Number(address.port) });
      const viaProxy = await openDatabase({
        databaseUrl: `postgres://${address.username}@127.0.0.1:${proxy.port}${address.pathname}`,
      });
      others.push(viaProxy);
      try {
        // Statements go straight to the server; only the notices travel through the proxy.
        const probe = counted(db());
        const cache = await start(
          { ...probe.db, listen: (channel, handlers) => viaProxy.listen(channel, handlers) },
          { checkEveryMs: 200, relistenMs: 100 },
        );
        expect(cache.listening()).toBe(true);
        await cache.authenticate(device.token, now);
        proxy.setMode({ kind: 'silent' });
        await vi.waitFor(() => expect(cache.listening()).toBe(false), { timeout: 3_000 });
        const before = probe.queries();
        await cache.authenticate(device.token, now);
        await cache.authenticate(device.token, now);
        expect(probe.queries()).toBeGreaterThanOrEqual(before + 2);
        proxy.setMode({ kind: 'pass' });
        // The attempt made during the partition times out; the next one listens again.
        await vi.waitFor(() => expect(cache.listening()).toBe(true), { timeout: 15_000 });
      } finally {
        await proxy.close();
      }
    }, 30_000);

    test('while the notice connection is down nothing is kept; it is reopened', async () => {
      const device = await enrolledDevice(db(), 'technician', '530381', now);
      const probe = counted(db());
      const cache = await start(probe.db, { relistenMs: 100 });
      await cache.authenticate(device.token, now);
      const other = await elsewhere();
      await other.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and query ilike 'listen wrm_principals%'`,
      );
      await vi.waitFor(() => expect(cache.listening()).toBe(false), { timeout: 2_000 });
      // Down: every request reads the database, so a revocation now is seen at once.
      const before = probe.queries();
      await cache.authenticate(device.token, now);
      expect(probe.queries()).toBeGreaterThan(before);
      await vi.waitFor(() => expect(cache.listening()).toBe(true), { timeout: 5_000 });
      await revokeDevice(other, device.deviceId, { actor: 'cli', scope: '53' }, now);
      await vi.waitFor(
        async () => expect(await refusal(cache.authenticate(device.token, now + 1))).toBe('revoked'),
        { timeout: 2_000 },
      );
    });
  }
});
