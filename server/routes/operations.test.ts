import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { authPaths, type EnrollResponse } from '#shared/sync/index';
import { buildSyncService } from '../app';
import { createAccount } from '../auth/accounts';
import type { Database } from '../db/database';
import { createDatabaseBlobStore, type BlobStore } from '../photos/blob-store';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites } from '../testing/service';

describeOnEngines('operations: readiness, metrics, logs', ({ db, test, engine }) => {
  let app: FastifyInstance;
  const lines: string[] = [];
  // Fault switches on the real database and store: a PostgreSQL that stops answering is what
  // unavailable.test.ts proves through a proxy; here only /ready's reading of the failure is tested.
  let databaseDown = false;
  let storageDown = false;
  const password = 'correct horse battery staple';
  const metricsToken = 'metrics-token-0123456789';

  beforeAll(async () => {
    const real = db();
    const failing = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const database: Database = {
      ...real,
      query: (sql, params) => (databaseDown ? Promise.reject(failing) : real.query(sql, params)),
    };
    const disk = createDatabaseBlobStore(real);
    const photos: BlobStore = {
      ...disk,
      has: (sha) =>
        storageDown ? Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) : disk.has(sha),
    };
    app = await buildSyncService({
      db: database,
      version: 'test',
      photos,
      metricsToken,
      logging: { level: 'info', destination: { write: (line) => void lines.push(line) } },
    });
    await seedSites(real);
  });
  afterAll(async () => {
    await app.close();
  });

  test('/ready answers 200 when the database and the photo storage answer, 503 naming the one that does not', async () => {
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      ready: true,
      checks: { database: { ok: true }, storage: { ok: true } },
    });

    databaseDown = true;
    const noDatabase = await app.inject({ url: '/ready' });
    databaseDown = false;
    expect(noDatabase.statusCode).toBe(503);
    expect(noDatabase.json()).toMatchObject({
      ready: false,
      checks: { database: { ok: false, error: 'ECONNREFUSED' }, storage: { ok: true } },
    });

    storageDown = true;
    const noStorage = await app.inject({ url: '/ready' });
    storageDown = false;
    expect(noStorage.statusCode).toBe(503);
    expect(noStorage.json()).toMatchObject({
      checks: { database: { ok: true }, storage: { ok: false, error: 'EIO' } },
    });

    // Liveness does not depend on the photo storage.
    storageDown = true;
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok', database: engine });
    storageDown = false;
  });

  test('/metrics: requests, push and pull latency per collection, write gate and pool; behind its token', async () => {
    const device = await enrolledDevice(db(), 'technician', '530381');
    const push = await app.inject({
      method: 'POST',
      url: '/v1/sync/readings/push',
      headers: bearer(device.token),
      payload: {
        rows: [{ assumedMasterState: null, newDocumentState: { ...sample('readings'), _deleted: false } }],
      },
    });
    expect(push.statusCode).toBe(200);
    expect(
      (await app.inject({ url: '/v1/sync/sites/pull?tx=0&seq=0', headers: bearer(device.token) })).statusCode,
    ).toBe(200);

    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await app.inject({ url: '/metrics', headers: bearer('wrong-token-0123456789') })).statusCode,
    ).toBe(401);
    const metrics = await app.inject({ url: '/metrics', headers: bearer(metricsToken) });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    const text = metrics.body;
    expect(text).toMatch(/wrm_sync_push_duration_seconds_count\{collection="readings",status="200"\} 1\b/);
    expect(text).toMatch(/wrm_sync_pull_duration_seconds_count\{collection="sites",status="200"\} 1\b/);
    expect(text).toMatch(
      /wrm_http_requests_total\{method="POST",route="\/v1\/sync\/:collection\/push",status="200"\} 1\b/,
    );
    expect(text).toMatch(/wrm_write_gate_working 0\b/);
    expect(text).toMatch(/wrm_write_gate_waiting 0\b/);
    expect(text).toMatch(/wrm_process_resident_memory_bytes \d+/);
    if (engine === 'postgres') {
      expect(text).toMatch(/wrm_db_pool_connections\{state="total"\} [1-9]/);
    }
  });

  test('logs are JSON lines naming device and user, and never a token or a password', async () => {
    await createAccount(
      db(),
      { username: 'ops-tech', displayName: '运维', role: 'technician', scope: '530381', password },
      { actor: 'test', scope: '53' },
      Date.now(),
    );
    const login = await app.inject({
      method: 'POST',
      url: authPaths.login,
      payload: { username: 'ops-tech', password, deviceName: 'laptop' },
    });
    expect(login.statusCode).toBe(200);
    const { token, device } = login.json<EnrollResponse>();
    const wrong = await app.inject({
      method: 'POST',
      url: authPaths.login,
      payload: { username: 'ops-tech', password: `${password}!`, deviceName: 'laptop' },
    });
    expect(wrong.statusCode).toBe(401);
    const pushed = await app.inject({
      method: 'POST',
      url: '/v1/sync/readings/push',
      headers: bearer(token),
      payload: {
        rows: [{ assumedMasterState: null, newDocumentState: { ...sample('readings'), _deleted: false } }],
      },
    });
    expect(pushed.statusCode).toBe(200);

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const pushLine = parsed.find(
      (l) => l['route'] === '/v1/sync/:collection/push' && l['deviceId'] === device.id,
    );
    expect(pushLine).toMatchObject({ level: 30, user: 'ops-tech', status: 200, msg: 'request answered' });
    expect(parsed.some((l) => l['route'] === authPaths.login && l['status'] === 401)).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(password);
  });
});
