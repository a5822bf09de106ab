import { createHash, randomBytes } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server';
import { collectPhotoGarbage } from './gc';
import { createS3BlobStore, type S3StoreConfig } from './s3-store';
import { defaultUploadLimits } from './uploads';

// A dry run on an object store (s3rver, started here): the stray objects are counted, none deleted.
describe('photo garbage collection, dry run, on S3', () => {
  let s3: S3TestServer;
  let db: Database;
  let config: S3StoreConfig;
  beforeAll(async () => {
    s3 = await startS3TestServer();
    config = s3.config;
    db = await openDatabase({ pgliteDir: 'memory://' });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await s3.close();
  });

  it('counts the objects the database does not name and deletes none; the real run deletes them', async () => {
    const bytes = randomBytes(2000);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const client = new S3Client({
      region: config.region,
      endpoint: config.endpoint!,
      forcePathStyle: true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    });
    await client.send(new PutObjectCommand({ Bucket: 'photos', Key: `wrm/blobs/${sha256}`, Body: bytes }));
    await client.send(
      new PutObjectCommand({
        Bucket: 'photos',
        Key: 'wrm/parts/0f0e0d0c-0b0a-4908-8706-050403020100/000000000000',
        Body: bytes,
      }),
    );
    const store = createS3BlobStore(config);
    const later = Date.now() + 2 * 3_600_000; // past the grace period of young objects
    const dry = await collectPhotoGarbage(db, store, defaultUploadLimits, later, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, strays: 2, staleUploads: 0, orphanPhotos: 0 });
    expect(await store.has(sha256)).toBe(true);
    const real = await collectPhotoGarbage(db, store, defaultUploadLimits, later);
    expect(real).toMatchObject({ dryRun: false, strays: 2 });
    expect(await store.has(sha256)).toBe(false);
  });
});
