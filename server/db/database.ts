import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

/** The one SQL seam of the sync service: PostgreSQL through `pg`, or embedded PGlite. Same SQL. */
export type Database = {
  readonly kind: 'postgres' | 'pglite';
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: Pick<Database, 'query' | 'exec' | 'kind'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type DatabaseConfig = { readonly databaseUrl: string } | { readonly pgliteDir: string };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if ('databaseUrl' in config) {
    return openPostgres(config.databaseUrl);
  }
  return openPglite(config.pgliteDir);
}

// bigint columns (ms timestamps, write sequence) stay below 2^53: read them as numbers, as PGlite does.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

async function openPostgres(databaseUrl: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection the server drops (a PostgreSQL restart, an administrator terminating backends)
  // is reported here; the pool discards it and opens a new one on the next query. Without a listener
  // the 'error' event would end the whole service.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const db: Database = {
    kind: 'postgres',
    query: async <R extends Row>(sql: string, params: readonly unknown[] = []) => {
      const result = await pool.query<R>(sql, params as unknown[]);
      return { rows: result.rows };
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const value = await work({
          kind: 'postgres',
          query: async <R extends Row>(sql: string, params: readonly unknown[] = []) => ({
            rows: (await client.query<R>(sql, params as unknown[])).rows,
          }),
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('commit');
        return value;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return db;
}

async function openPglite(dir: string): Promise<Database> {
  const lite = await PGlite.create(dir);
  // PGlite is single-connection: transactions are serialised behind one queue so a request never
  // interleaves its statements with another request's transaction.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
  const db: Database = {
    kind: 'pglite',
    query: <R extends Row>(sql: string, params: readonly unknown[] = []) =>
      serial(async () => ({ rows: (await lite.query<R>(sql, params as unknown[])).rows })),
    exec: (sql) =>
      serial(async () => {
        await lite.exec(sql);
      }),
    transaction: (work) =>
      serial(() =>
        lite.transaction(async (tx) =>
          work({
            kind: 'pglite',
            query: async <R extends Row>(sql: string, params: readonly unknown[] = []) => ({
              rows: (await tx.query<R>(sql, params as unknown[])).rows,
            }),
            exec: async (sql: string) => {
              await tx.exec(sql);
            },
          }),
        ),
      ),
    close: () => lite.close(),
  };
  return db;
}
