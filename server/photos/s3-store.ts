import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { checkedSha256, type BlobStore } from './blob-store';

export type S3StoreConfig = {
  readonly endpoint?: string | undefined;
  readonly region: string;
  readonly bucket: string;
  /** Object keys start with this (e.g. `wrm/`), so one bucket can hold other things too. */
  readonly prefix?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`): what MinIO, Ceph and most self-hosted stores want. */
  readonly forcePathStyle?: boolean;
};

/**
 * The S3 settings from the environment: WRM_S3_BUCKET (required to use S3), WRM_S3_ENDPOINT,
 * WRM_S3_REGION, WRM_S3_PREFIX, WRM_S3_ACCESS_KEY_ID, WRM_S3_SECRET_ACCESS_KEY; null without a bucket.
 */
export function s3ConfigFromEnv(env: Readonly<Record<string, string | undefined>>): S3StoreConfig | null {
  const bucket = env['WRM_S3_BUCKET'];
  if (bucket === undefined || bucket === '') {
    return null;
  }
  const accessKeyId = env['WRM_S3_ACCESS_KEY_ID'];
  const secretAccessKey = env['WRM_S3_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('WRM_S3_BUCKET is set: WRM_S3_ACCESS_KEY_ID and WRM_S3_SECRET_ACCESS_KEY are needed too');
  }
  return {
    bucket,
    endpoint: env['WRM_S3_ENDPOINT'],
    region: env['WRM_S3_REGION'] ?? 'us-east-1',
    prefix: env['WRM_S3_PREFIX'] ?? '',
    accessKeyId,
    secretAccessKey,
  };
}

const uploadIdPattern = /^[0-9a-f-]{36}$/;

function checkedUploadId(uploadId: string): string {
  if (!uploadIdPattern.test(uploadId)) {
    throw new Error(`not an upload id: ${uploadId}`);
  }
  return uploadId;
}

const notFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
};

/**
 * Photo bytes in an S3-compatible object store: each upload part an object `parts/<upload>/<offset>`,
 * each verified photo an object `blobs/<sha256>`. The database still holds what exists; an object the
 * database does not name (a node died between the two) is swept by garbage collection.
 */
export function createS3BlobStore(config: S3StoreConfig): BlobStore {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle ?? true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  const Bucket = config.bucket;
  const prefix = config.prefix ?? '';
  const partKey = (uploadId: string, atByte: number) =>
    `${prefix}parts/${checkedUploadId(uploadId)}/${String(atByte).padStart(12, '0')}`;
  const blobKey = (sha256: string) => `${prefix}blobs/${checkedSha256(sha256)}`;

  const list = async function* (under: string) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: under, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const item of page.Contents ?? []) {
        if (item.Key !== undefined) {
          yield { key: item.Key, modified: item.LastModified?.getTime() ?? 0 };
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  };
  const deleteKeys = async (keys: readonly string[]) => {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      if (batch.length === 1) {
        await client.send(new DeleteObjectCommand({ Bucket, Key: batch[0] }));
      } else if (batch.length > 1) {
        await client.send(
          new DeleteObjectsCommand({
            Bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      }
    }
  };

  return {
    kind: 's3',
    stashPart: async (uploadId, atByte, bytes) => {
      await client.send(new PutObjectCommand({ Bucket, Key: partKey(uploadId, atByte), Body: bytes }));
      return null;
    },
    readPart: async (uploadId, atByte, inline) => {
      if (inline !== null) {
        return inline;
      }
      const object = await client.send(new GetObjectCommand({ Bucket, Key: partKey(uploadId, atByte) }));
      if (object.Body === undefined) {
        throw new Error(`part ${uploadId}@${atByte} has no body`);
      }
      return object.Body.transformToByteArray();
    },
    dropParts: async (uploadId) => {
      const keys: string[] = [];
      for await (const item of list(`${prefix}parts/${checkedUploadId(uploadId)}/`)) {
        keys.push(item.key);
      }
      await deleteKeys(keys);
    },
    putBlob: async (sha256, parts) => {
      // A photo is at most 50 MB: one PUT of the whole, so the object is there whole or not at all.
      const chunks: Uint8Array[] = [];
      for await (const part of parts) {
        chunks.push(part);
      }
      await client.send(new PutObjectCommand({ Bucket, Key: blobKey(sha256), Body: Buffer.concat(chunks) }));
    },
    has: async (sha256) => {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: blobKey(sha256) }));
        return true;
      } catch (error) {
        if (notFound(error)) {
          return false;
        }
        throw error;
      }
    },
    openBlob: async (sha256) => {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key: blobKey(sha256) }));
        return (object.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (notFound(error)) {
          return null;
        }
        throw error;
      }
    },
    deleteBlob: async (sha256) => {
      await client.send(new DeleteObjectCommand({ Bucket, Key: blobKey(sha256) }));
    },
    sweepStrays: async (known, before) => {
      const stray: string[] = [];
      for await (const item of list(`${prefix}parts/`)) {
        const uploadId = item.key.slice(`${prefix}parts/`.length).split('/')[0] ?? '';
        if (item.modified < before && !(await known.uploadExists(uploadId))) {
          stray.push(item.key);
        }
      }
      for await (const item of list(`${prefix}blobs/`)) {
        if (item.modified < before && !(await known.blobExists(item.key.slice(`${prefix}blobs/`.length)))) {
          stray.push(item.key);
        }
      }
      await deleteKeys(stray);
      return stray.length;
    },
  };
}
