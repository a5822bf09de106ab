import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCases, postgresSkipReason, type TestDatabase } from '../testing/test-databases';
import { migrate, migrations } from './migrate';
import { scoped } from './scoped';

const skipPostgres = await postgresSkipReason();

describe.each(engineCases)('migrations and row-level security on $name', ({ name, open }) => {
  const skip = name === 'postgres' && skipPostgres !== null;
  const label = (title: string) => `${title}${skip ? ` (skipped: ${skipPostgres})` : ''}`;
  let test: TestDatabase;

  beforeAll(async () => {
    if (!skip) {
      test = await open();
    }
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it.skipIf(skip)(label('applies every migration once'), async () => {
    expect(await migrate(test.db)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(test.db)).toEqual([]);
  });

  it.skipIf(skip)(
    label("the app role sees only its region's rows, and nothing without a scope"),
    async () => {
      const insert = (id: string, division: string) =>
        scoped(test.db, 'all', (tx) =>
          tx.query(
            `insert into records (collection, id, division_code, doc, received_at) values ('sites', $1, $2, '{}', 0)`,
            [id, division],
          ),
        );
      await insert('s-yn', '530381');
      await insert('s-bj', '110101');
      const ids = (scope: string) =>
        scoped(test.db, scope, async (tx) =>
          (await tx.query<{ id: string }>('select id from records order by id')).rows.map((r) => r.id),
        );
      expect(await ids('53')).toEqual(['s-yn']);
      expect(await ids('5303')).toEqual(['s-yn']);
      expect(await ids('11')).toEqual(['s-bj']);
      expect(await ids('all')).toEqual(['s-bj', 's-yn']);
      // The role really is switched: without a scope the policy denies every row.
      const none = await test.db.transaction(async (tx) => {
        await tx.query("select set_config('role', 'wrm_app', true)");
        return (await tx.query('select id from records')).rows;
      });
      expect(none).toEqual([]);
      // Writing a row of another region under a county scope is refused by the database itself.
      await expect(
        scoped(test.db, '530381', (tx) =>
          tx.query(
            `insert into records (collection, id, division_code, doc, received_at) values ('sites', 'x', '110102', '{}', 0)`,
          ),
        ),
      ).rejects.toThrow(/row-level security/);
      // Moving a visible row out of the region is refused too.
      await expect(
        scoped(test.db, '53', (tx) =>
          tx.query(`update records set division_code = '110101' where id = 's-yn'`),
        ),
      ).rejects.toThrow(/row-level security/);
    },
  );

  it.skipIf(skip)(label('the role and region of a request end with its transaction'), async () => {
    const inside = await scoped(
      test.db,
      '5303',
      async (tx) =>
        (
          await tx.query<{ who: string; scope: string }>(
            "select current_user as who, current_setting('wrm.scope', true) as scope",
          )
        ).rows[0],
    );
    expect(inside).toEqual({ who: 'wrm_app', scope: '5303' });
    // The next request on any connection of the pool starts with neither.
    const after = await Promise.all(
      Array.from({ length: 4 }, () =>
        test.db.query<{ who: string; scope: string | null }>(
          "select current_user as who, nullif(current_setting('wrm.scope', true), '') as scope",
        ),
      ),
    );
    for (const { rows } of after) {
      expect(rows[0]?.who).not.toBe('wrm_app');
      expect(rows[0]?.scope).toBeNull();
    }
    // A region that is not a division-code prefix never reaches SQL.
    expect(() => scoped(test.db, "53'; drop table records; --", () => Promise.resolve(1))).toThrow(
      /not a region scope/,
    );
  });

  it.skipIf(skip)(label('numbers every write to records in commit order, updates included'), async () => {
    const seqOf = async () =>
      Object.fromEntries(
        (
          await scoped(test.db, 'all', (tx) =>
            tx.query<{ id: string; seq: number }>(`select id, seq from records order by seq`),
          )
        ).rows.map((r) => [r.id, r.seq]),
      );
    const before = await seqOf();
    expect(before['s-bj']).toBeGreaterThan(before['s-yn']!);
    await scoped(test.db, 'all', (tx) =>
      tx.query(`update records set doc = '{"id":"s-bj"}' where id = 's-bj'`),
    );
    await scoped(test.db, 'all', (tx) =>
      tx.query(`update records set doc = '{"id":"s-yn"}' where id = 's-yn'`),
    );
    const after = await seqOf();
    expect(after['s-bj']).toBeGreaterThan(before['s-bj']!);
    expect(after['s-yn']).toBeGreaterThan(after['s-bj']!);
    expect(typeof after['s-yn']).toBe('number');
  });

  it.skipIf(skip)(
    label('a checkpoint of the earlier scheme is carried over without losing a row'),
    async () => {
      const { pullBatch } = await import('../sync/pull');
      const all = await pullBatch(test.db, 'all', 'sites', { tx: '0', seq: 0 }, 10);
      expect(all.documents.map((d) => d.id)).toEqual(['s-bj', 's-yn']);
      expect(all.checkpoint.tx).toBe('0');
      // An old (transaction id, seq) checkpoint of s-bj's write: s-yn, written after it, comes again.
      const { rows } = await test.db.query<{ tx: string; seq: number }>(
        `select tx::text as tx, seq from records where id = 's-bj'`,
      );
      const old = { tx: rows[0]!.tx, seq: rows[0]!.seq };
      const carried = await pullBatch(test.db, 'all', 'sites', old, 10);
      expect(carried.documents.map((d) => d.id)).toEqual(['s-yn']);
      expect(carried.checkpoint).toEqual(all.checkpoint);
      // Past the last write, it becomes a checkpoint of this scheme even when nothing is newer.
      const last = await test.db.query<{ tx: string; seq: number }>(
        `select tx::text as tx, seq from records where id = 's-yn'`,
      );
      const none = await pullBatch(
        test.db,
        'all',
        'sites',
        { tx: last.rows[0]!.tx, seq: last.rows[0]!.seq },
        10,
      );
      expect(none).toEqual({ documents: [], checkpoint: all.checkpoint });
    },
  );
});
