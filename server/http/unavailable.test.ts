import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushResponse } from '#shared/sync/index';
import { openDatabase, type Database } from '../db/database';
import { startFaultProxy, type FaultProxy } from '../testing/fault-proxy';
import {
  createPostgresDatabase,
  postgresAdminUrl,
  postgresSkipReason,
  type TestDatabase,
} from '../testing/test-databases';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

// PostgreSQL only: the service reaches its database over TCP through the fault proxy.
const skip = await postgresSkipReason();
const label = (title: string) => (skip === null ? title : `${title} (skipped: ${skip})`);

describe.skipIf(skip !== null)('PostgreSQL unreachable or restarting during a request', () => {
  let database: TestDatabase;
  let proxy: FaultProxy;
  let viaProxy: Database;
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let token: string;
  let terminateInCommit = false;

  /** Ends every session of the test database but the caller's: what a restart does to the service. */
  const terminateSessions = async () => {
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [new URL(database.url!).pathname.slice(1)],
    );
    await admin.end();
  };

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const direct = new URL(database.url!);
    proxy = await startFaultProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(database.url!);
    proxied.port = String(proxy.port);
    viaProxy = await openDatabase({ databaseUrl: proxied.toString() });
    const service = await testService(viaProxy, {
      hooks: {
        beforeCommit: async () => {
          if (terminateInCommit) {
            terminateInCommit = false;
            await terminateSessions();
          }
        },
      },
    });
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(database.db);
    token = (await enrolledDevice(database.db, 'technician', '530381')).token;
  });
  afterAll(async () => {
    proxy.setMode({ kind: 'pass' });
    await dispose();
    await viaProxy.close().catch(() => undefined);
    await proxy.close();
    await database.dispose();
  });

  const pull = () => app.inject({ url: '/v1/sync/sites/pull?tx=0&seq=0', headers: bearer(token) });
  const push = (id: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/sync/readings/push',
      headers: bearer(token),
      payload: {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: { ...sample('readings', { id: testId(id) }), _deleted: false },
          },
        ],
      },
    });

  it(
    label('the database unreachable: 503 unavailable with Retry-After, and answers again once it is back'),
    async () => {
      expect((await pull()).statusCode).toBe(200);
      proxy.setMode({ kind: 'refuse' });
      try {
        const down = await pull();
        expect(down.statusCode).toBe(503);
        expect(down.json()).toMatchObject({ error: { code: 'unavailable' } });
        expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        proxy.setMode({ kind: 'pass' });
      }
      // The pool drops the connections that died and opens new ones.
      let back = await pull();
      for (let i = 0; i < 5 && back.statusCode !== 200; i += 1) {
        back = await pull();
      }
      expect(back.statusCode).toBe(200);
    },
  );

  it(
    label('the database restarting in the middle of a push: 503 unavailable; the retried push lands once'),
    async () => {
      terminateInCommit = true;
      const cut = await push('restart-1');
      expect(cut.statusCode).toBe(503);
      expect(cut.json()).toMatchObject({ error: { code: 'unavailable' } });
      expect(cut.headers['retry-after']).toBeDefined();
      let again = await push('restart-1');
      for (let i = 0; i < 5 && again.statusCode !== 200; i += 1) {
        again = await push('restart-1');
      }
      expect(again.statusCode).toBe(200);
      expect(again.json<PushResponse>().accepted).toEqual([testId('restart-1')]);
      const { rows } = await database.db.query('select id from records where id = $1', [testId('restart-1')]);
      expect(rows).toHaveLength(1);
    },
  );
});
