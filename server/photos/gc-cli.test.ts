import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { openServiceDatabase } from '../main';
import type { PhotoGarbage } from './gc';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'wrm-photos-gc-'));
const run = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['WRM_S3_BUCKET'];
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--data', dir], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const photo = (n: number) => {
  const bytes = randomBytes(n);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
};

// `npm run server -- photos:gc` on the embedded PGlite (the collection itself is tested on both
// engines and on S3 in photos.test.ts and s3-store.test.ts).
describe('photos:gc', () => {
  const day = 86_400_000;
  const orphan = photo(3000);
  const stray = photo(1000);
  const abandonedUpload = '0f0e0d0c-0b0a-4908-8706-050403020100';
  const abandoned = photo(5000);

  beforeAll(async () => {
    // What a service leaves behind: a photo no record holds, an upload a laptop never finished, and
    // photo bytes without their bookkeeping row.
    const db = await openServiceDatabase({ dataDir: dir });
    try {
      await migrate(db);
      await db.query(
        'insert into photo_blobs (sha256, bytes, stored_at, device_id) values ($1, 3000, $2, $3)',
        [orphan.sha256, Date.now() - 2 * day, 'gone-device'],
      );
      await db.query('insert into photo_blob_parts (sha256, n, data) values ($1, 0, $2)', [
        orphan.sha256,
        orphan.bytes,
      ]);
      await db.query('insert into photo_blob_parts (sha256, n, data) values ($1, 0, $2)', [
        stray.sha256,
        stray.bytes,
      ]);
      await db.query(
        `insert into photo_uploads (id, sha256, device_id, record_id, division_code, bytes, received, started_at, touched_at)
         values ($1, $2, 'old-laptop', 'rec-1', '530381', 5000, 2000, $3, $3)`,
        [abandonedUpload, abandoned.sha256, Date.now() - 8 * day],
      );
      await db.query(
        'insert into photo_upload_parts (upload_id, at_byte, bytes, data) values ($1, 0, 2000, $2)',
        [abandonedUpload, abandoned.bytes.subarray(0, 2000)],
      );
    } finally {
      await db.close();
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is in help; --dry-run says what it would remove and removes nothing; a run removes it; the next finds nothing', () => {
    const help = run('help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/photos:gc \[--dry-run\] \[--json\]/);

    const dry = run('photos:gc', '--dry-run', '--json');
    expect(dry.code, dry.err).toBe(0);
    const planned = JSON.parse(dry.out) as PhotoGarbage;
    expect(planned).toMatchObject({ dryRun: true, staleUploads: 1, orphanPhotos: 1, strays: 1 });
    expect(planned.uploads).toEqual([
      expect.objectContaining({ id: abandonedUpload, sha256: abandoned.sha256, deviceId: 'old-laptop' }),
    ]);
    expect(planned.photos).toEqual([{ sha256: orphan.sha256, bytes: 3000 }]);
    // Nothing was removed: a second dry run finds the same.
    const again = JSON.parse(run('photos:gc', '--dry-run', '--json').out) as PhotoGarbage;
    expect(again).toMatchObject({ staleUploads: 1, orphanPhotos: 1, strays: 1 });

    const real = run('photos:gc');
    expect(real.code, real.err).toBe(0);
    expect(real.out).toContain(
      'removed: 1 abandoned upload(s), 1 photo(s) no record holds (3000 bytes), 1 stray object(s)',
    );
    expect(real.out).toContain(
      `upload ${abandonedUpload} of photo ${abandoned.sha256} from device old-laptop`,
    );
    expect(real.out).toContain(`photo ${orphan.sha256} (3000 bytes)`);

    const after = JSON.parse(run('photos:gc', '--json').out) as PhotoGarbage;
    expect(after).toMatchObject({ dryRun: false, staleUploads: 0, orphanPhotos: 0, strays: 0 });
  }, 240_000);
});
