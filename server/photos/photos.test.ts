import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PhotoUploadStatus, PushResponse } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';
import { createDatabaseBlobStore } from './blob-store';
import { collectPhotoGarbage } from './gc';
import { defaultUploadLimits } from './uploads';

const quota = 40_000;

describeOnEngines('photos: who may upload and download, quotas, garbage', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let county: string;
  let countyOther: string;
  let beijing: string;
  const now = 1_800_000_000_000;

  beforeAll(async () => {
    const service = await testService(db(), {
      now: () => now,
      uploadLimits: { ...defaultUploadLimits, perDeviceBytes: quota },
    });
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db(), now);
    county = (await enrolledDevice(db(), 'technician', '530381', now)).token;
    countyOther = (await enrolledDevice(db(), 'technician', '530381', now)).token;
    beijing = (await enrolledDevice(db(), 'technician', '110101', now)).token;
  });
  afterAll(async () => dispose());

  const photo = (size: number) => {
    const bytes = randomBytes(size);
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const record = async (token: string, label: string, sha256: string, bytes: number, region = '530381') => {
    const where = region === '110101' ? { siteId: 'site-bj', divisionCode: '110101' } : {};
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sync/photos/push',
      headers: bearer(token),
      payload: {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: {
              ...sample('photos', { id: testId(label), storedSha256: sha256, bytes, ...where }),
              _deleted: false,
            },
          },
        ],
      },
    });
    expect(response.json<PushResponse>().accepted).toEqual([testId(label)]);
  };
  const start = (token: string, sha256: string, bytes: number) =>
    app.inject({
      method: 'POST',
      url: `/v1/photos/${sha256}/upload`,
      headers: bearer(token),
      payload: { bytes },
    });
  const chunk = (token: string, sha256: string, offset: number, bytes: Uint8Array) =>
    app.inject({
      method: 'PUT',
      url: `/v1/photos/${sha256}/upload?offset=${offset}`,
      headers: { ...bearer(token), 'content-type': 'application/octet-stream' },
      payload: Buffer.from(bytes),
    });
  const complete = (token: string, sha256: string) =>
    app.inject({ method: 'POST', url: `/v1/photos/${sha256}/complete`, headers: bearer(token), payload: {} });
  const download = (token: string, sha256: string) =>
    app.inject({ url: `/v1/photos/${sha256}`, headers: bearer(token) });
  const upload = async (token: string, p: { bytes: Buffer; sha256: string }) => {
    expect((await start(token, p.sha256, p.bytes.byteLength)).statusCode).toBe(200);
    for (let at = 0; at < p.bytes.byteLength; at += 8192) {
      expect((await chunk(token, p.sha256, at, p.bytes.subarray(at, at + 8192))).statusCode).toBe(200);
    }
    return complete(token, p.sha256);
  };

  test("naming another region's photo in a record of one's own neither downloads it nor tells it exists", async () => {
    const secret = photo(6000);
    await record(beijing, 'ph-bj-secret', secret.sha256, 6000, '110101');
    expect((await upload(beijing, secret)).json<PhotoUploadStatus>()).toMatchObject({ stored: true });
    expect((await download(beijing, secret.sha256)).statusCode).toBe(200);

    // The county device pushes a photo record of its own region that names the same hash.
    await record(county, 'ph-forged', secret.sha256, 6000);
    expect((await download(county, secret.sha256)).statusCode).toBe(404);
    // Asking where an upload stands tells nothing of the stored photo: the answer is the one a
    // photo nobody holds gets — not stored, nothing received, the size the device declared.
    const nobody = photo(10);
    await record(county, 'ph-nobody', nobody.sha256, 10);
    const forged = (await start(county, secret.sha256, 1)).json<PhotoUploadStatus>();
    const fresh = (await start(county, nobody.sha256, 1)).json<PhotoUploadStatus>();
    expect({ ...forged, sha256: 'X' }).toEqual({ ...fresh, sha256: 'X' });
    expect(forged).toEqual({ sha256: secret.sha256, bytes: 1, received: 0, stored: false });
    // Without a record of its region naming the photo, the same answer as for a hash nobody holds.
    const elsewhere = photo(4000);
    await record(beijing, 'ph-bj-elsewhere', elsewhere.sha256, 4000, '110101');
    expect((await upload(beijing, elsewhere)).statusCode).toBe(200);
    const unnamed = photo(10);
    const [a, b] = [await start(county, elsewhere.sha256, 4000), await start(county, unnamed.sha256, 4000)];
    expect(a.statusCode).toBe(404);
    expect(b.statusCode).toBe(404);
    expect(a.json<{ error: { message: string } }>().error.message.replace(elsewhere.sha256, 'X')).toBe(
      b.json<{ error: { message: string } }>().error.message.replace(unnamed.sha256, 'X'),
    );
  });

  test('a region that uploads the bytes for its own record may download them; the stored copy is not duplicated', async () => {
    const shared = photo(7000);
    await record(beijing, 'ph-bj-shared', shared.sha256, 7000, '110101');
    expect((await upload(beijing, shared)).statusCode).toBe(200);
    await record(countyOther, 'ph-county-shared', shared.sha256, 7000);
    expect((await upload(countyOther, shared)).json<PhotoUploadStatus>()).toMatchObject({ stored: true });
    const got = await download(countyOther, shared.sha256);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(shared.bytes)).toBe(true);
    const { rows } = await db().query<{ n: number }>(
      'select count(*)::int as n from photo_blob_parts where sha256 = $1',
      [shared.sha256],
    );
    expect(rows[0]?.n).toBe(1);
  });

  test('re-declaring a smaller size mid-upload is refused by name and the upload is not wedged', async () => {
    const p = photo(20_000);
    await record(county, 'ph-resize', p.sha256, 20_000);
    expect((await start(county, p.sha256, 20_000)).statusCode).toBe(200);
    expect((await chunk(county, p.sha256, 0, p.bytes.subarray(0, 12_000))).statusCode).toBe(200);
    const smaller = await start(county, p.sha256, 5_000);
    expect(smaller.statusCode).toBe(409);
    expect(smaller.json()).toMatchObject({ error: { code: 'upload-size-changed' } });
    // The right size starts afresh and completes.
    expect((await start(county, p.sha256, 20_000)).json<PhotoUploadStatus>()).toMatchObject({ received: 0 });
    expect((await upload(county, p)).json<PhotoUploadStatus>()).toMatchObject({
      stored: true,
      bytes: 20_000,
    });
  });

  test('a device may have only so many bytes of uploads in progress; finishing one makes room', async () => {
    const [a, b] = [photo(30_000), photo(15_000)];
    await record(countyOther, 'ph-quota-a', a.sha256, 30_000);
    await record(countyOther, 'ph-quota-b', b.sha256, 15_000);
    expect((await start(countyOther, a.sha256, 30_000)).statusCode).toBe(200);
    const over = await start(countyOther, b.sha256, 15_000);
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({
      error: { code: 'quota-exceeded', details: [{ open: 30_000, limit: quota }] },
    });
    // Another device of the same region is not held back by this one's uploads.
    expect((await start(county, b.sha256, 15_000)).statusCode).toBe(200);
    expect((await upload(countyOther, a)).statusCode).toBe(200);
    expect((await upload(countyOther, b)).json<PhotoUploadStatus>()).toMatchObject({ stored: true });
  });

  test('garbage collection removes abandoned uploads and photos no record holds, and keeps the rest', async () => {
    const abandoned = photo(9000);
    await record(county, 'ph-abandoned', abandoned.sha256, 9000);
    expect((await start(county, abandoned.sha256, 9000)).statusCode).toBe(200);
    expect((await chunk(county, abandoned.sha256, 0, abandoned.bytes.subarray(0, 4000))).statusCode).toBe(
      200,
    );
    // A photo stored before (its bytes and row) that no photo record's upload holds.
    const orphan = photo(3000);
    await db().query(
      'insert into photo_blobs (sha256, bytes, stored_at, device_id) values ($1, 3000, $2, $3)',
      [orphan.sha256, now - 86_400_000, 'gone-device'],
    );
    await db().query('insert into photo_blob_parts (sha256, n, data) values ($1, 0, $2)', [
      orphan.sha256,
      orphan.bytes,
    ]);
    const kept = photo(2000);
    await record(county, 'ph-kept', kept.sha256, 2000);
    expect((await upload(county, kept)).statusCode).toBe(200);

    const store = createDatabaseBlobStore(db());
    const early = await collectPhotoGarbage(db(), store, defaultUploadLimits, now + 60_000);
    expect(early).toMatchObject({ staleUploads: 0, orphanPhotos: 1 });
    expect(await store.has(orphan.sha256)).toBe(false);
    const late = await collectPhotoGarbage(
      db(),
      store,
      defaultUploadLimits,
      now + defaultUploadLimits.staleAfterMs + 1,
    );
    expect(late.staleUploads).toBeGreaterThanOrEqual(1);
    const { rows } = await db().query<{ n: number }>(
      `select (select count(*)::int from photo_uploads where sha256 = $1)
            + (select count(*)::int from photo_upload_parts) as n`,
      [abandoned.sha256],
    );
    expect(rows[0]?.n).toBe(0);
    expect(await store.has(kept.sha256)).toBe(true);
    expect((await download(county, kept.sha256)).rawPayload.equals(kept.bytes)).toBe(true);
    // The abandoned photo can still be sent again from the start.
    expect((await upload(county, abandoned)).json<PhotoUploadStatus>()).toMatchObject({ stored: true });
  });
});
