import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { runPipelined, settingsStatement } from './pipelined';

export type Row = Record<string, unknown>;

/** The one SQL seam of the sync service: PostgreSQL through `pg`, or embedded PGlite. Same SQL. */
export type Database = {
  readonly kind: 'postgres' | 'pglite';
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection; rolls back if it throws. `local` settings
   * (e.g. the role and region of row-level security) hold for this transaction only and are sent
   * with its BEGIN, in the same round trip.
   */
  transaction<T>(
    work: (tx: Pick<Database, 'query' | 'exec' | 'kind'>) => Promise<T>,
    local?: TransactionSettings,
  ): Promise<T>;
  /**
   * One statement in a transaction of its own with `local` settings, as `transaction` would run it.
   * On PostgreSQL the settings and the statement travel together in one round trip (pipelined.ts).
   */
  statementWith<R extends Row = Row>(
    sql: string,
    params: readonly unknown[],
    local: TransactionSettings,
  ): Promise<{ rows: R[] }>;
  /**
   * Calls `notice` for each NOTIFY on `channel`, after the notifying transaction commits, until
   * closed. `lost` says notices may have been missed from then on (the listening connection ended);
   * the listener is closed by then.
   */
  listen(channel: string, handlers: NoticeHandlers): Promise<Listener>;
  /** Connections of the PostgreSQL pool now (for the service's metrics); absent on PGlite. */
  readonly pool?: () => PoolUse;
  close(): Promise<void>;
};

export type PoolUse = { readonly total: number; readonly idle: number; readonly waiting: number };

export type Listener = {
  /**
   * Proves the listening connection still answers (a round trip on it); a connection that does not
   * within `timeoutMs` is ended and reported `lost`.
   */
  check(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
};

export type NoticeHandlers = {
  readonly notice: (payload: string) => void;
  readonly lost: (error: Error) => void;
};

function checkedChannel(channel: string): string {
  if (!/^[a-z_]{1,63}$/.test(channel)) {
    throw new Error(`not a notification channel: ${channel}`);
  }
  return channel;
}

/** `SET LOCAL name = 'value'` for each entry; names and values are checked, never quoted blindly. */
export type TransactionSettings = Readonly<Record<string, string>>;

export function setLocalSql(local: TransactionSettings | undefined): string {
  return Object.entries(local ?? {})
    .map(([name, value]) => {
      if (!/^[a-z_]+(\.[a-z_]+)?$/.test(name) || !/^[A-Za-z0-9_]*$/.test(value)) {
        throw new Error(`not a transaction setting: ${name} = ${value}`);
      }
      return `set local ${name} = '${value}';`;
    })
    .join(' ');
}

/**
 * Names each distinct SQL text so that PostgreSQL parses and plans it once per connection instead of
 * on every call. Bounded: past the limit, statements go unnamed as before.
 */
function statementNamer(prefix = 'wrm_', limit = 512): (sql: string) => string | undefined {
  const names = new Map<string, string>();
  return (sql) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `${prefix}${names.size}`;
      names.set(sql, name);
    }
    return name;
  };
}

export type DatabaseConfig = { readonly databaseUrl: string } | { readonly pgliteDir: string };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if ('databaseUrl' in config) {
    return openPostgres(config.databaseUrl);
  }
  return openPglite(config.pgliteDir);
}

// bigint columns (ms timestamps, write sequence) stay below 2^53: read them as numbers, as PGlite does.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Settings of the service's own PostgreSQL sessions. A transaction of the service left idle (a request
 * that hangs between two statements) is ended rather than holding its locks — the record-order lock
 * among them — for good; a write that waits longer than `lock_timeout` for a lock is answered
 * `unavailable` and retried by the laptop instead of tying up a connection.
 */
export const serviceSessionSettings = {
  application_name: 'wrm-field-sync',
  idle_in_transaction_session_timeout: 30_000,
  lock_timeout: 10_000,
} as const;

const ignoreError = () => undefined;

async function openPostgres(databaseUrl: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, ...serviceSessionSettings });
  // An idle connection the server drops (a PostgreSQL restart, an administrator terminating backends)
  // is reported here; the pool discards it and opens a new one on the next query. Without a listener
  // the 'error' event would end the whole service.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const nameOf = statementNamer();
  const pipeName = statementNamer('wrm_pipe_');
  const run = <R extends Row>(on: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[]) =>
    on.query<R>({ name: nameOf(sql), text: sql, values: params as unknown[] });
  const db: Database = {
    kind: 'postgres',
    query: async <R extends Row>(sql: string, params: readonly unknown[] = []) => {
      const result = await run<R>(pool, sql, params);
      return { rows: result.rows };
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (work, local) => {
      const prelude = `begin; ${setLocalSql(local)}`;
      const client = await pool.connect();
      // A connection that dies while checked out (a restart, a terminated backend) reports here as well
      // as to the statement that was running; without a listener that report would end the service.
      client.on('error', ignoreError);
      let broken: Error | undefined;
      try {
        await client.query(prelude);
        const value = await work({
          kind: 'postgres',
          query: async <R extends Row>(sql: string, params: readonly unknown[] = []) => ({
            rows: (await run<R>(client, sql, params)).rows,
          }),
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('commit');
        return value;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch (lost) {
          // The connection is gone: the pool must not hand it out again. The first error is the answer.
          broken = lost instanceof Error ? lost : new Error(String(lost));
        }
        throw error;
      } finally {
        client.off('error', ignoreError);
        client.release(broken);
      }
    },
    statementWith: async <R extends Row>(
      sql: string,
      params: readonly unknown[],
      local: TransactionSettings,
    ) => {
      const settings = settingsStatement(local);
      const client = await pool.connect();
      client.on('error', ignoreError);
      try {
        const rows = await runPipelined<R>(
          client,
          { name: pipeName(settings.text) ?? '', ...settings },
          { name: pipeName(sql) ?? '', text: sql, values: params },
        );
        client.off('error', ignoreError);
        client.release();
        return { rows };
      } catch (error) {
        // What the connection holds after a failed pipeline is unknown: the pool replaces it.
        client.off('error', ignoreError);
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    listen: (channel, handlers) => listenPostgres(databaseUrl, checkedChannel(channel), handlers),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
  return db;
}

/** A connection of its own: a pooled one would hand its LISTEN to whichever request took it next. */
async function listenPostgres(
  databaseUrl: string,
  channel: string,
  handlers: NoticeHandlers,
): Promise<Listener> {
  // Keep-alive probes find a peer that vanished without closing (a partition, a crashed host).
  const client = new pg.Client({
    connectionString: databaseUrl,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    connectionTimeoutMillis: 5_000,
  });
  let open = true;
  const lose = (error: Error) => {
    if (open) {
      open = false;
      client.end().catch(() => undefined);
      handlers.lost(error);
    }
  };
  client.on('notification', (message) => {
    if (open && message.channel === channel) {
      handlers.notice(message.payload ?? '');
    }
  });
  client.on('error', lose);
  client.on('end', () => lose(new Error(`the connection listening on ${channel} ended`)));
  try {
    await client.connect();
    await client.query(`listen ${channel}`);
  } catch (error) {
    open = false;
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    check: async (timeoutMs) => {
      if (!open) {
        throw new Error(`the connection listening on ${channel} is closed`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the connection listening on ${channel} did not answer in ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([client.query('select 1'), late]);
      } catch (error) {
        lose(error instanceof Error ? error : new Error(String(error)));
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      if (open) {
        open = false;
        await client.end();
      }
    },
  };
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
    transaction: (work, local) =>
      serial(() =>
        lite.transaction(async (tx) => {
          const prelude = setLocalSql(local);
          if (prelude !== '') {
            await tx.exec(prelude);
          }
          return work({
            kind: 'pglite',
            query: async <R extends Row>(sql: string, params: readonly unknown[] = []) => ({
              rows: (await tx.query<R>(sql, params as unknown[])).rows,
            }),
            exec: async (sql: string) => {
              await tx.exec(sql);
            },
          });
        }),
      ),
    statementWith: <R extends Row>(sql: string, params: readonly unknown[], local: TransactionSettings) =>
      db.transaction((tx) => tx.query<R>(sql, params), local),
    listen: async (channel, handlers) => {
      const name = checkedChannel(channel);
      // One embedded session: the service's own NOTIFY reaches it, and no other process shares it.
      const unlisten = await serial(() => lite.listen(name, (payload) => handlers.notice(payload)));
      let open = true;
      return {
        // In-process: there is no connection to lose.
        check: () =>
          !open || lite.closed
            ? Promise.reject(new Error(`the listener on ${name} is closed`))
            : Promise.resolve(),
        close: async () => {
          if (open && !lite.closed) {
            open = false;
            await serial(() => unlisten());
          }
        },
      };
    },
    close: () => lite.close(),
  };
  return db;
}
