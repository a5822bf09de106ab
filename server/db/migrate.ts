import type { Database } from './database';
import { migration001 } from './migrations/001-initial';
import { migration002 } from './migrations/002-drop-unused-division-index';
import { migration003 } from './migrations/003-principal-notices';
import { migration004 } from './migrations/004-province-policy';
import { migration005 } from './migrations/005-commit-order';
import { migration006 } from './migrations/006-fault-index';
import { migration007 } from './migrations/007-stateless-nodes';
import { migration009 } from './migrations/009-monitoring-data';
import { migration010 } from './migrations/010-device-sync-state';
import { migration011 } from './migrations/011-day-summaries';
import { migration012 } from './migrations/012-audit-findings';
import { migration013 } from './migrations/013-site-instrument-ranges';
import { migration014 } from './migrations/014-backfill-batches';
import { migration015 } from './migrations/015-spatial-layers';
import { migration016 } from './migrations/016-audit-read-scope';

export type Migration = { readonly version: number; readonly name: string; readonly sql: string };

/** Every migration in order. Append only; never edit a released one. */
export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
];

/** Applies the migrations this database has not seen, each in its own transaction, under a lock. */
export async function migrate(db: Database, now: () => number = Date.now): Promise<number[]> {
  await db.query(
    'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at bigint not null)',
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(
      async (tx) => {
        // One service at a time migrates (two processes on one database must not both apply it).
        await tx.query('select pg_advisory_xact_lock(74600001)');
        const { rows } = await tx.query('select 1 from schema_migrations where version = $1', [
          migration.version,
        ]);
        if (rows.length > 0) {
          return false;
        }
        await tx.exec(migration.sql);
        await tx.query('insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)', [
          migration.version,
          migration.name,
          now(),
        ]);
        return true;
        // The service's sessions give up on a lock after a few seconds; a migration (e.g. an index on a
        // large table, or a second node waiting for the first to finish) waits as long as it takes.
      },
      { lock_timeout: '0' },
    );
    if (done) {
      applied.push(migration.version);
    }
  }
  return applied;
}
