import type { Database, TransactionSettings } from './database';

export type Tx = Pick<Database, 'query' | 'exec' | 'kind'>;

/** The region of a request: a division-code prefix, or `all` for the platform's own jobs. */
export type Scope = string;

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
  if (scope !== 'all' && !/^(\d{2}|\d{4}|\d{6})$/.test(scope)) {
    throw new Error(`not a region scope: ${scope}`);
  }
  return db.transaction(work, { ...settings, role: 'wrm_app', 'wrm.scope': scope });
}
