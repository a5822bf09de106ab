import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Backup and restore of the service's database, for the operator's runbook (README, "Backup and
 * restore"). PostgreSQL: `pg_dump` in its custom format and `pg_restore`, the tools a DBA already
 * trusts. PGlite: the data folder as one gzipped tar (PGlite's own dump), taken while the service is
 * stopped — PGlite allows one process at a time. Photos on disk are plain files: copy the folder.
 */

export type BackupResult =
  | { readonly ok: true; readonly value: { readonly file: string; readonly bytes: number } }
  | { readonly ok: false; readonly error: { readonly code: BackupErrorCode; readonly message: string } };

export type BackupErrorCode = 'tool-failed' | 'target-not-empty' | 'no-backup';

function run(tool: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (error) => resolve({ code: null, stderr: error.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The database URL without its password, for messages. */
function shown(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

/** `pg_dump --format=custom` of the whole service database into `file`. */
export async function backupPostgres(databaseUrl: string, file: string): Promise<BackupResult> {
  const done = await run('pg_dump', [
    '--format=custom',
    '--no-owner',
    `--file=${file}`,
    `--dbname=${databaseUrl}`,
  ]);
  if (done.code !== 0) {
    return {
      ok: false,
      error: {
        code: 'tool-failed',
        message: `pg_dump of ${shown(databaseUrl)} failed: ${done.stderr.trim()}`,
      },
    };
  }
  return { ok: true, value: { file, bytes: readFileSync(file).byteLength } };
}

/**
 * Restores a `backupPostgres` file into `databaseUrl` in one transaction (all or nothing), replacing
 * what is there. The `wrm_app` role the row-level security runs as belongs to the cluster, not the
 * database: on a new cluster it is created first, as the first migration would.
 */
export async function restorePostgres(databaseUrl: string, file: string): Promise<BackupResult> {
  if (!existsSync(file)) {
    return { ok: false, error: { code: 'no-backup', message: `no backup file ${file}` } };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`do $$ begin
      if not exists (select from pg_roles where rolname = 'wrm_app') then create role wrm_app nologin; end if;
      execute format('grant wrm_app to %I', current_user);
    end $$`);
  } finally {
    await client.end();
  }
  const done = await run('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${databaseUrl}`,
    file,
  ]);
  if (done.code !== 0) {
    return {
      ok: false,
      error: {
        code: 'tool-failed',
        message: `pg_restore into ${shown(databaseUrl)} failed: ${done.stderr.trim()}`,
      },
    };
  }
  return { ok: true, value: { file, bytes: readFileSync(file).byteLength } };
}

/** PGlite's data folder as one gzipped tar in `file` (stop the service first). */
export async function backupPglite(dataDir: string, file: string): Promise<BackupResult> {
  if (!existsSync(dataDir)) {
    return { ok: false, error: { code: 'no-backup', message: `no PGlite data folder ${dataDir}` } };
  }
  const lite = await PGlite.create(dataDir);
  try {
    const dump = await lite.dumpDataDir('gzip');
    const bytes = new Uint8Array(await dump.arrayBuffer());
    writeFileSync(file, bytes);
    return { ok: true, value: { file, bytes: bytes.byteLength } };
  } finally {
    await lite.close();
  }
}

/**
 * Unpacks a `backupPglite` file into `dataDir`, which must be empty or absent: a restore never
 * mixes into a live folder (move the old one aside first).
 */
export async function restorePglite(dataDir: string, file: string): Promise<BackupResult> {
  if (!existsSync(file)) {
    return { ok: false, error: { code: 'no-backup', message: `no backup file ${file}` } };
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    return {
      ok: false,
      error: { code: 'target-not-empty', message: `${dataDir} is not empty; move it aside before restoring` },
    };
  }
  mkdirSync(dataDir, { recursive: true });
  const bytes = readFileSync(file);
  const lite = await PGlite.create(dataDir, { loadDataDir: new Blob([bytes]) });
  await lite.query('select 1');
  await lite.close();
  return { ok: true, value: { file, bytes: bytes.byteLength } };
}
