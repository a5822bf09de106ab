import { createHash, randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoUploadStatus, PushResponse } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';
import { collectPhotoGarbage } from './gc';
import { createS3BlobStore, s3ConfigFromEnv, type S3StoreConfig } from './s3-store';
import { defaultUploadLimits } from './uploads';

// An S3-compatible server (s3rver) on this machine, started by the test: the real client library
// talks real HTTP to it.
describeOnEngines('photos in an S3-compatible store', ({ db, test }) => {
  let s3: S3TestServer;
  let config: S3StoreConfig;
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    s3 = await startS3TestServer();
    config = s3.config;
    const service = await testService(db(), { photos: createS3BlobStore(config) });
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db());
    token = (await enrolledDevice(db(), 'technician', '530381')).token;
  });
  afterAll(async () => {
    await dispose();
    await s3.close();
  });

  test('an upload in chunks is verified, stored as one object and downloaded byte for byte', async () => {
    const bytes = randomBytes(250_000);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const pushed = await app.inject({
      method: 'POST',
      url: '/v1/sync/photos/push',
      headers: bearer(token),
      payload: {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: {
              ...sample('photos', { id: testId('s3-photo'), storedSha256: sha256, bytes: 250_000 }),
              _deleted: false,
            },
          },
        ],
      },
    });
    expect(pushed.json<PushResponse>().accepted).toEqual([testId('s3-photo')]);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/v1/photos/${sha256}/upload`,
          headers: bearer(token),
          payload: { bytes: 250_000 },
        })
      ).statusCode,
    ).toBe(200);
    for (let at = 0; at < bytes.byteLength; at += 100_000) {
      const sent = await app.inject({
        method: 'PUT',
        url: `/v1/photos/${sha256}/upload?offset=${at}`,
        headers: { ...bearer(token), 'content-type': 'application/octet-stream' },
        payload: bytes.subarray(at, at + 100_000),
      });
      expect(sent.statusCode).toBe(200);
    }
    const done = await app.inject({
      method: 'POST',
      url: `/v1/photos/${sha256}/complete`,
      headers: bearer(token),
      payload: {},
    });
    expect(done.json<PhotoUploadStatus>()).toEqual({
      sha256,
      bytes: 250_000,
      received: 250_000,
      stored: true,
    });
    const got = await app.inject({ url: `/v1/photos/${sha256}`, headers: bearer(token) });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(bytes)).toBe(true);
    // The parts were removed once the photo was stored; only the photo's object is left.
    const store = createS3BlobStore(config);
    expect(await store.has(sha256)).toBe(true);
    expect(
      await createS3BlobStore(config).sweepStrays(
        { uploadExists: () => Promise.resolve(false), blobExists: () => Promise.resolve(true) },
        Date.now() + 60_000,
      ),
    ).toBe(0);
    const { rows } = await db().query<{ n: number }>('select count(*)::int as n from photo_blob_parts');
    expect(rows[0]?.n).toBe(0);
  });

  test('garbage collection deletes objects the database does not name, and keeps the photos it does', async () => {
    const client = new S3Client({
      region: config.region,
      endpoint: config.endpoint!,
      forcePathStyle: true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    });
    // What a node that died between writing bytes and committing their rows leaves behind.
    const stray = '0'.repeat(64);
    await client.send(new PutObjectCommand({ Bucket: 'photos', Key: `wrm/blobs/${stray}`, Body: 'x' }));
    await client.send(
      new PutObjectCommand({
        Bucket: 'photos',
        Key: 'wrm/parts/00000000-0000-4000-8000-000000000000/000000000000',
        Body: 'y',
      }),
    );
    const store = createS3BlobStore(config);
    const early = await collectPhotoGarbage(db(), store, defaultUploadLimits, Date.now());
    expect(early.strays).toBe(0); // too young: it may belong to an upload still committing
    const later = await collectPhotoGarbage(db(), store, defaultUploadLimits, Date.now() + 2 * 3_600_000);
    expect(later.strays).toBe(2);
    expect(await store.has(stray)).toBe(false);
    const { rows } = await db().query<{ sha256: string }>('select sha256 from photo_blobs');
    for (const { sha256 } of rows) {
      expect(await store.has(sha256)).toBe(true);
    }
    client.destroy();
  });
});

describe('S3 settings', () => {
  it('the settings come from the environment; without a bucket photos stay in the database', () => {
    expect(s3ConfigFromEnv({})).toBeNull();
    expect(() => s3ConfigFromEnv({ WRM_S3_BUCKET: 'b' })).toThrow(/WRM_S3_ACCESS_KEY_ID/);
    expect(
      s3ConfigFromEnv({
        WRM_S3_BUCKET: 'b',
        WRM_S3_ACCESS_KEY_ID: 'k',
        WRM_S3_SECRET_ACCESS_KEY: 's',
        WRM_S3_ENDPOINT: 'http://x',
      }),
    ).toMatchObject({ bucket: 'b', endpoint: 'http://x', region: 'us-east-1' });
  });
});
