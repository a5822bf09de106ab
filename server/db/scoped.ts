import type { Database, Row, TransactionSettings } from './database';
import { recordOrderLockKey } from './migrations/005-commit-order';

export type Tx = Pick<Database, 'query' | 'exec' | 'kind'>;

/** The region of a request: a division-code prefix, or `all` for the platform's own jobs. */
export type Scope = string;

function checkedScope(scope: Scope): Scope {
  if (scope !== 'all' && !/^(\d{2}|\d{4}|\d{6})$/.test(scope)) {
    throw new Error(`not a region scope: ${scope}`);
  }
  return scope;
}

/**
 * Runs `work` in one transaction as the `wrm_app` role with the caller's region set, so PostgreSQL's
 * row-level security filters every region-scoped table a second time, behind the queries' own
 * `division_code` conditions.
 */
export function scoped<T>(
  db: Database,
  scope: Scope,
  work: (tx: Tx) => Promise<T>,
  settings: TransactionSettings = {},
): Promise<T> {
  return db.transaction(work, { ...settings, role: 'wrm_app', 'wrm.scope': checkedScope(scope) });
}

/** One statement under the caller's region, as `scoped` would run it, in one round trip. */
export function scopedStatement<R extends Row>(
  db: Database,
  scope: Scope,
  sql: string,
  params: readonly unknown[],
  settings: TransactionSettings = {},
): Promise<{ rows: R[] }> {
  return db.statementWith<R>(sql, params, { ...settings, role: 'wrm_app', 'wrm.scope': checkedScope(scope) });
}

/**
 * Takes the record-order lock now (see migration 005). A transaction that locks rows of `records`
 * (`for update`) before it writes them takes this first, so that it never holds a row another writer
 * waits for while it waits for the lock that writer holds.
 */
export async function lockRecordOrder(tx: Tx): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(${recordOrderLockKey})`);
}
