import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { openServiceDatabase } from '../main';
import { describeOnEngines } from '../testing/engines';
import { createDatabaseBlobStore, type BlobStore } from './blob-store';
import { DiskImportError, importDiskPhotos, type DiskImportReport } from './disk-import';
import { createS3BlobStore } from './s3-store';

const photo = (n: number) => {
  const bytes = randomBytes(n);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
};
type Photo = ReturnType<typeof photo>;

/** Where an earlier release kept a stored photo: `<dir>/<xx>/<sha256>.jpg`. */
function writeOld(dir: string, p: Photo, bytes: Uint8Array = p.bytes): string {
  mkdirSync(join(dir, p.sha256.slice(0, 2)), { recursive: true });
  const path = join(dir, p.sha256.slice(0, 2), `${p.sha256}.jpg`);
  writeFileSync(path, bytes);
  return path;
}

/** The row the earlier release wrote for a stored photo (kept by migration 007). */
const rowOf = (db: Database, p: Photo) =>
  db.query('insert into photo_blobs (sha256, bytes, stored_at, device_id) values ($1, $2, $3, $4)', [
    p.sha256,
    p.bytes.byteLength,
    Date.now() - 30 * 86_400_000,
    'old-laptop',
  ]);

async function read(store: BlobStore, sha256: string): Promise<Buffer | null> {
  const stream = await store.openBlob(sha256);
  if (stream === null) {
    return null;
  }
  const parts: Buffer[] = [];
  for await (const part of stream) {
    parts.push(Buffer.from(part as Uint8Array));
  }
  return Buffer.concat(parts);
}

describeOnEngines('photos of an earlier release on disk, into the database', ({ db, test }) => {
  let dir: string;
  beforeAll(async () => {
    await migrate(db());
    dir = mkdtempSync(join(tmpdir(), 'wrm-old-photos-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('verified photos are stored, bad and unknown files are left, nothing is removed until all are stored; a second run stores nothing twice', async () => {
    const store = createDatabaseBlobStore(db());
    const small = photo(40_000);
    const large = photo(2_500_000); // more than two of the store's 1 MB rows
    const damaged = photo(10_000);
    const unknown = photo(5_000);
    const lost = photo(7_000); // its row is there, its file is not
    for (const p of [small, large, damaged, lost]) {
      await rowOf(db(), p);
    }
    const smallPath = writeOld(dir, small);
    const largePath = writeOld(dir, large);
    const damagedBytes = Buffer.from(damaged.bytes);
    damagedBytes[100] = (damagedBytes[100]! + 1) % 256;
    const damagedPath = writeOld(dir, damaged, damagedBytes);
    const unknownPath = writeOld(dir, unknown);
    mkdirSync(join(dir, 'partial'), { recursive: true });
    writeFileSync(join(dir, 'partial', `${small.sha256}.device_1.part`), small.bytes.subarray(0, 100));
    writeFileSync(join(dir, 'README.txt'), 'not a photo');

    const first = await importDiskPhotos(db(), store, dir, { remove: true });
    expect(first).toMatchObject({
      files: 4,
      imported: 2,
      alreadyStored: 0,
      unknown: [unknownPath],
      failed: [],
      partials: 1,
      stillMissing: 2, // the damaged one and the lost one
      removed: 0, // one was refused: every file stays
    });
    expect(first.refused).toEqual([
      {
        file: damagedPath,
        reason: expect.stringMatching(/^the bytes hash to [0-9a-f]{64}, not to the file's name$/) as unknown,
      },
    ]);
    expect((await read(store, small.sha256))?.equals(small.bytes)).toBe(true);
    expect((await read(store, large.sha256))?.equals(large.bytes)).toBe(true);
    expect(await store.has(damaged.sha256)).toBe(false);
    expect([smallPath, largePath, damagedPath, unknownPath].every((p) => existsSync(p))).toBe(true);

    // The operator puts the right bytes back (from a backup) and runs it again.
    writeOld(dir, damaged);
    const second = await importDiskPhotos(db(), store, dir, { remove: true });
    expect(second).toMatchObject({
      files: 4,
      imported: 1,
      alreadyStored: 2,
      refused: [],
      failed: [],
      stillMissing: 1,
      removed: 3,
    });
    expect((await read(store, damaged.sha256))?.equals(damaged.bytes)).toBe(true);
    expect([smallPath, largePath, damagedPath].some((p) => existsSync(p))).toBe(false);
    // What no row names, and partial uploads, stay for the operator.
    expect(existsSync(unknownPath)).toBe(true);
    expect(await store.has(unknown.sha256)).toBe(false);

    const third = await importDiskPhotos(db(), store, dir);
    expect(third).toMatchObject({ files: 1, imported: 0, alreadyStored: 0, removed: 0 });
    const { rows } = await db().query<{ n: number }>(
      'select count(*)::int as n from photo_blob_parts where sha256 = $1',
      [large.sha256],
    );
    expect(rows[0]?.n).toBe(3);
  });

  test('a size that differs from the row is refused; a folder that is not there is a named error', async () => {
    const store = createDatabaseBlobStore(db());
    const p = photo(3_000);
    await db().query(
      'insert into photo_blobs (sha256, bytes, stored_at, device_id) values ($1, 2999, 0, $2)',
      [p.sha256, 'old-laptop'],
    );
    const own = mkdtempSync(join(tmpdir(), 'wrm-old-photos-'));
    try {
      writeOld(own, p);
      const report = await importDiskPhotos(db(), store, own);
      expect(report.refused).toEqual([
        {
          file: join(own, p.sha256.slice(0, 2), `${p.sha256}.jpg`),
          reason: '3000 bytes; the database says 2999',
        },
      ]);
      expect(await store.has(p.sha256)).toBe(false);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
    await expect(importDiskPhotos(db(), store, join(own, 'gone'))).rejects.toThrow(DiskImportError);
  });
});

// The same into an S3-compatible store (s3rver, started here), and the admin command end to end.
describe('photos of an earlier release on disk, into S3 and through the CLI', () => {
  let s3: S3rver;
  let s3Dir: string;
  let dataDir: string;
  let photosDir: string;
  let endpoint: string;
  const p = photo(120_000);
  beforeAll(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'wrm-s3rver-'));
    dataDir = mkdtempSync(join(tmpdir(), 'wrm-cli-photos-'));
    photosDir = join(dataDir, 'photos');
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: 'photos' }],
    });
    endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
    const db = await openServiceDatabase({ dataDir });
    try {
      await migrate(db);
      await rowOf(db, p);
    } finally {
      await db.close();
    }
    writeOld(photosDir, p);
  }, 120_000);
  afterAll(async () => {
    await s3.close();
    rmSync(s3Dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm run server -- photos:import-disk moves the photo into the configured S3 bucket, and is in help', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WRM_S3_BUCKET: 'photos',
      WRM_S3_ENDPOINT: endpoint,
      WRM_S3_PREFIX: 'wrm/',
      WRM_S3_ACCESS_KEY_ID: 'S3RVER',
      WRM_S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    delete env['DATABASE_URL'];
    // Asynchronously: s3rver runs in this process and must answer while the command runs.
    const cli = (...args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'server/cli.ts', ...args, '--data', dataDir],
          { cwd: resolve(import.meta.dirname, '../..'), env, encoding: 'utf8' },
          (error, stdout, stderr) =>
            done({ status: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
        );
      });
    expect((await cli('help')).stdout).toMatch(/photos:import-disk --dir DIR \[--remove\] \[--json\]/);
    const run = await cli('photos:import-disk', '--dir', photosDir, '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout) as DiskImportReport).toMatchObject({
      files: 1,
      imported: 1,
      stillMissing: 0,
      removed: 0,
    });
    const store = createS3BlobStore({
      endpoint,
      region: 'us-east-1',
      bucket: 'photos',
      prefix: 'wrm/',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    expect((await read(store, p.sha256))?.equals(p.bytes)).toBe(true);
    const again = await cli('photos:import-disk', '--dir', photosDir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('1 photo file(s); stored now 0, already stored 1');
    const missing = await cli('photos:import-disk');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--dir is required');
  }, 240_000);
});
