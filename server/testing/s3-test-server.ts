// An S3-compatible store for tests (s3rver on 127.0.0.1, a fresh directory, one bucket `photos`), with
// the store settings that reach it. No real S3 can run here; s3rver speaks its protocol.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StoreConfig } from '../photos/s3-store';

export type S3TestServer = { readonly config: S3StoreConfig; close(): Promise<void> };

export async function startS3TestServer(): Promise<S3TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wrm-s3rver-'));
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'photos' }],
  });
  const { port } = await s3.run();
  return {
    config: {
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket: 'photos',
      prefix: 'wrm/',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    async close() {
      await s3.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
