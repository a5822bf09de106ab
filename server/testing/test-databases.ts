import pg from 'pg';
import { openDatabase, type Database } from '../db/database';

/**
 * Both database engines for server tests: embedded PGlite, and the PostgreSQL server on this machine.
 * Each PostgreSQL test gets a fresh database that is dropped afterwards. Where no server answers, the
 * PostgreSQL cases are skipped with the reason — except under CI, where they are required.
 */
export const postgresAdminUrl =
  process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type EngineCase = { readonly name: 'pglite' | 'postgres'; readonly open: () => Promise<TestDatabase> };
export type TestDatabase = { readonly db: Database; readonly url: string | null; dispose(): Promise<void> };

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why the PostgreSQL cases cannot run here, or null when they can. Throws under CI. */
export async function postgresSkipReason(): Promise<string | null> {
  const problem = await postgresReachable();
  if (problem === null) {
    return null;
  }
  if (process.env['CI'] === 'true') {
    throw new Error(
      `PostgreSQL tests are required under CI but ${postgresAdminUrl} is unreachable: ${problem}`,
    );
  }
  return `no PostgreSQL server at ${postgresAdminUrl}: ${problem}`;
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `wrm_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    url: url.toString(),
    dispose: async () => {
      await db.close();
      const drop = new pg.Client({ connectionString: postgresAdminUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

export async function createPgliteDatabase(): Promise<TestDatabase> {
  const db = await openDatabase({ pgliteDir: 'memory://' });
  return { db, url: null, dispose: () => db.close() };
}

export const engineCases: readonly EngineCase[] = [
  { name: 'pglite', open: createPgliteDatabase },
  { name: 'postgres', open: createPostgresDatabase },
];
