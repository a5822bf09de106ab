import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Checkpoint, PullResponse, PushResponse } from '#shared/sync/index';
import {
  createPostgresDatabase,
  postgresAdminUrl,
  postgresSkipReason,
  type TestDatabase,
} from '../testing/test-databases';
import { bearer, enrolledDevice, labelOf, sample, seedSites, testId, testService } from '../testing/service';

// PostgreSQL only: PGlite is one connection, so no other session can hold a transaction open beside it.
const skip = await postgresSkipReason();
const label = (title: string) => (skip === null ? title : `${title} (skipped: ${skip})`);

/** A session of its own that opens a transaction with a transaction id and keeps it open. */
async function openForeignTransaction(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url, application_name: 'a DBA in psql' });
  await client.connect();
  await client.query('begin');
  await client.query('select pg_current_xact_id()');
  return async () => {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  };
}

describe.skipIf(skip !== null)('pulls never wait on transactions that are not the service’s', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let token: string;
  let hold: Promise<void> | null = null;
  let held = 0;
  let checkpoint: Checkpoint = { tx: '0', seq: 0 };

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const service = await testService(database.db, {
      hooks: {
        beforeCommit: async () => {
          if (hold !== null) {
            held += 1;
            await hold;
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
    await dispose();
    await database.dispose();
  });

  const push = async (ids: readonly string[]) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sync/readings/push',
      headers: bearer(token),
      payload: {
        rows: ids.map((id) => ({
          assumedMasterState: null,
          newDocumentState: { ...sample('readings', { id: testId(id) }), _deleted: false },
        })),
      },
    });
    expect(response.statusCode).toBe(200);
    return response.json<PushResponse>();
  };
  /** Pulls from the running checkpoint until nothing is newer; returns the ids served. */
  const pullNew = async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      const response = await app.inject({
        url: `/v1/sync/readings/pull?tx=${checkpoint.tx}&seq=${checkpoint.seq}&limit=3`,
        headers: bearer(token),
      });
      expect(response.statusCode).toBe(200);
      const body = response.json<PullResponse>();
      if (body.documents.length === 0) {
        break;
      }
      ids.push(...body.documents.map((d) => labelOf(d.id)));
      checkpoint = body.checkpoint;
    }
    return ids;
  };

  it(label('an open transaction in another database of the cluster does not hold back pulls'), async () => {
    expect(await pullNew()).toEqual([]);
    const release = await openForeignTransaction(postgresAdminUrl);
    try {
      expect((await push(['other-db-1', 'other-db-2'])).accepted.map(labelOf)).toEqual([
        'other-db-1',
        'other-db-2',
      ]);
      expect(await pullNew()).toEqual(['other-db-1', 'other-db-2']);
    } finally {
      await release();
    }
  });

  it(
    label('an open transaction of another session in the same database does not hold back pulls'),
    async () => {
      const release = await openForeignTransaction(database.url!);
      try {
        expect((await push(['same-db-1'])).accepted.map(labelOf)).toEqual(['same-db-1']);
        expect(await pullNew()).toEqual(['same-db-1']);
      } finally {
        await release();
      }
    },
  );

  it(label('a slower writer that commits later is still served, once'), async () => {
    let release = () => undefined as void;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = push(['slow-1']);
    await vi.waitFor(() => expect(held).toBe(1));
    hold = null;
    const fast = push(['fast-1']);
    // Whatever the fast push does meanwhile, no pull may pass the slow one's rows.
    const meanwhile = await pullNew();
    expect(meanwhile).not.toContain('slow-1');
    release();
    expect((await slow).accepted.map(labelOf)).toEqual(['slow-1']);
    expect((await fast).accepted.map(labelOf)).toEqual(['fast-1']);
    const after = await pullNew();
    expect([...meanwhile, ...after].sort()).toEqual(['fast-1', 'slow-1']);
    expect(await pullNew()).toEqual([]);
  });

  it(label("the service's own sessions end a transaction left idle"), async () => {
    const { rows } = await database.db.query<{ setting: string }>(
      "select setting from pg_settings where name = 'idle_in_transaction_session_timeout'",
    );
    expect(Number(rows[0]?.setting)).toBeGreaterThan(0);
  });
});
