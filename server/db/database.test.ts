import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLocalSql } from './database';
import {
  createPostgresDatabase,
  postgresAdminUrl,
  postgresSkipReason,
  type TestDatabase,
} from '../testing/test-databases';

const skip = await postgresSkipReason();

describe('transaction settings', () => {
  it('become SET LOCAL statements', () => {
    expect(setLocalSql({ role: 'wrm_app', 'wrm.scope': '5303' })).toBe(
      "set local role = 'wrm_app'; set local wrm.scope = '5303';",
    );
    expect(setLocalSql(undefined)).toBe('');
  });

  it('refuse names and values that are not plain words, so nothing else can ride along', () => {
    expect(() => setLocalSql({ 'wrm.scope': "53'; drop table records; --" })).toThrow(
      /not a transaction setting: wrm.scope/,
    );
    expect(() => setLocalSql({ 'role; drop table records': 'x' })).toThrow(/not a transaction setting/);
    expect(() => setLocalSql({ role: 'wrm app' })).toThrow(/not a transaction setting/);
  });
});

describe('the service on PostgreSQL', () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    if (skip === null) {
      database = await createPostgresDatabase();
    }
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it.skipIf(skip !== null)(
    `survives the server dropping its idle connections and keeps answering${skip === null ? '' : ` (skipped: ${skip})`}`,
    async () => {
      const db = database!.db;
      // Several idle connections in the pool.
      await Promise.all(Array.from({ length: 4 }, () => db.query('select pg_sleep(0.05)')));
      const name = new URL(database!.url!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      const { rows } = await admin.query<{ n: string }>(
        'select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      await admin.end();
      expect(Number(rows[0]?.n)).toBeGreaterThan(0);
      // Give the pool the moment it needs to notice; an unhandled 'error' would fail the run here.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answer = await db.query<{ one: number }>('select 1 as one');
      expect(answer.rows).toEqual([{ one: 1 }]);
    },
  );
});
