import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { bearer, enrolledDevice, seedSites, testService } from '../testing/service';
import { createPostgresDatabase, postgresSkipReason } from '../testing/test-databases';
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from './backup';

const folder = mkdtempSync(join(tmpdir(), 'wrm-backup-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Everything a restore must bring back: records with their write order, accounts, devices, audit. */
async function contents(db: Database) {
  const records = await db.query('select collection, id, seq, doc from records order by seq');
  const accounts = await db.query('select id, username, role, scope from accounts order by id');
  const devices = await db.query('select id, account_id, token_hash from devices order by id');
  const auditLog = await db.query('select action, subject from audit_log order by id');
  return { records: records.rows, accounts: accounts.rows, devices: devices.rows, auditLog: auditLog.rows };
}

/** A restored database serves as before: the device enrolled before the backup still pulls its sites. */
async function servesAfterRestore(db: Database, token: string) {
  const service = await testService(db);
  try {
    const pulled = await service.app.inject({
      url: '/v1/sync/sites/pull?tx=0&seq=0',
      headers: bearer(token),
    });
    expect(pulled.statusCode).toBe(200);
    expect(
      pulled
        .json<{ documents: { id: string }[] }>()
        .documents.map((d) => d.id)
        .sort(),
    ).toEqual(['site-1', 'site-2']);
  } finally {
    await service.dispose();
  }
}

describe('backup and restore of the embedded PGlite database', () => {
  it('round-trips every record, account and device; refuses to restore over a folder in use', async () => {
    const dataDir = join(folder, 'pglite');
    const source = await openDatabase({ pgliteDir: dataDir });
    await migrate(source);
    await seedSites(source);
    const device = await enrolledDevice(source, 'technician', '530381');
    const before = await contents(source);
    await source.close();
    expect(before.records.length).toBe(3);

    const file = join(folder, 'pglite.tar.gz');
    const backup = await backupPglite(dataDir, file);
    expect(backup.ok && backup.value.bytes > 0).toBe(true);

    const restoredDir = join(folder, 'pglite-restored');
    expect(await restorePglite(restoredDir, file)).toMatchObject({ ok: true });
    const restored = await openDatabase({ pgliteDir: restoredDir });
    try {
      expect(await contents(restored)).toEqual(before);
      await servesAfterRestore(restored, device.token);
    } finally {
      await restored.close();
    }

    const busy = join(folder, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'PG_VERSION'), '17');
    expect(await restorePglite(busy, file)).toMatchObject({ ok: false, error: { code: 'target-not-empty' } });
    expect(await restorePglite(join(folder, 'x'), join(folder, 'none.tar.gz'))).toMatchObject({
      ok: false,
      error: { code: 'no-backup' },
    });
  }, 180_000);
});

const skip = await postgresSkipReason();
describe.skipIf(skip !== null)(
  `backup and restore of PostgreSQL${skip === null ? '' : ` (skipped: ${skip})`}`,
  () => {
    it('pg_dump and pg_restore round-trip the service database into an empty one', async () => {
      const source = await createPostgresDatabase();
      const target = await createPostgresDatabase();
      try {
        await migrate(source.db);
        await seedSites(source.db);
        const device = await enrolledDevice(source.db, 'technician', '530381');
        const before = await contents(source.db);
        const file = join(folder, 'service.dump');
        expect(await backupPostgres(source.url!, file)).toMatchObject({ ok: true });

        expect(await restorePostgres(target.url!, file)).toMatchObject({ ok: true });
        expect(await contents(target.db)).toEqual(before);
        await servesAfterRestore(target.db, device.token);

        // Restoring again over the restored database replaces it, not doubles it.
        expect(await restorePostgres(target.url!, file)).toMatchObject({ ok: true });
        expect(await contents(target.db)).toEqual(before);
      } finally {
        await source.dispose();
        await target.dispose();
      }
    }, 180_000);

    it('a failed pg_dump is named, with the URL shown without its password', async () => {
      const result = await backupPostgres(
        'postgres://postgres:s3cret-pw@127.0.0.1:1/none',
        join(folder, 'x.dump'),
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'tool-failed' } });
      expect(result.ok ? '' : result.error.message).not.toContain('s3cret-pw');
    });
  },
);
