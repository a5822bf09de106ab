// The app's sync controller against a service that paces its device (a tiny request budget): the
// 429's Retry-After reaches the Sync centre's state as plain words and as the time of the next try,
// and no replication tries before it. Real parts throughout (service on PGlite, host, device DB).
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFetch } from '#shared/sync/index';
import { createAccount, createEnrollment } from '../../server/auth/accounts';
import { createPgliteDatabase, type TestDatabase } from '../../server/testing/test-databases';
import { seedSites, testService } from '../../server/testing/service';
import { openDeviceRig } from './device-rig';

describe('a paced device', () => {
  let database: TestDatabase;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    database = await createPgliteDatabase();
  });
  afterAll(async () => {
    for (const cleanup of cleanups) {
      await cleanup();
    }
    await database.dispose();
  });

  it('waits as long as the service asked before it tries again', async () => {
    const service = await testService(database.db, { requestBudget: { burst: 3, perSecond: 0.2 } });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    cleanups.unshift(() => service.dispose());
    const url = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
    await seedSites(database.db);
    await createAccount(
      database.db,
      { username: 'paced', displayName: '限速测试', role: 'technician', scope: '530381' },
      { actor: 'test', scope: '53' },
      Date.now(),
    );
    const { code } = await createEnrollment(
      database.db,
      { username: 'paced', deviceName: 'laptop', validHours: 1 },
      { actor: 'test', scope: '53' },
      url,
      Date.now(),
    );
    const dir = mkdtempSync(join(tmpdir(), 'wrm-paced-'));
    cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }));
    const requests: number[] = [];
    const counted: HttpFetch = (target, init) => {
      requests.push(Date.now());
      return fetch(target, init as RequestInit);
    };
    const rig = await openDeviceRig({ dir, hostFetch: counted, deviceFetch: counted, instance: 'paced' });
    cleanups.unshift(() => rig.close());

    expect(await rig.controller.enroll({ serviceUrl: url, deviceName: 'laptop', code })).toMatchObject({
      ok: true,
    });
    // Every collection pulls at once; past the burst the service answers 429 with Retry-After: 5.
    await expect
      .poll(() => rig.controller.store.get().lastError?.code, { timeout: 10_000 })
      .toBe('rate-limited');
    const state = rig.controller.store.get();
    expect(state.lastError?.message).toMatch(/try again in 5 s/);
    const at = state.lastError?.at ?? 0;
    expect((state.nextRetryAt ?? 0) - at).toBeGreaterThanOrEqual(4_900);
    // Nothing of the replication goes out before then (the backoff holds every collection).
    const sentAfterRefusal = () => requests.filter((t) => t > at + 200 && t < at + 4_500).length;
    await new Promise((resolve) => setTimeout(resolve, 4_500 - (Date.now() - at)));
    expect(sentAfterRefusal()).toBe(0);
  }, 30_000);
});
