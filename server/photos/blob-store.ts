import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where the service keeps photos: content-addressed by sha256, plus one partial file per upload in
 * progress (keyed by photo and device). Disk by default; an object store would implement the same.
 */
export type BlobStore = {
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number | null>;
  open(sha256: string): Promise<Readable | null>;
  partialSize(key: string): Promise<number>;
  /** Appends at `offset`, which must equal the partial's size; returns the new size. */
  append(key: string, offset: number, bytes: Uint8Array): Promise<number>;
  /** Hashes the partial; when it is `sha256`, moves it into the store. Returns whether it matched. */
  commit(key: string, sha256: string): Promise<boolean>;
  discard(key: string): Promise<void>;
};

const sha256Pattern = /^[0-9a-f]{64}$/;
const keyPattern = /^[0-9a-f]{64}\.[A-Za-z0-9_-]{1,80}$/;

export function partialKey(sha256: string, deviceId: string): string {
  return `${sha256}.${deviceId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function createDiskBlobStore(root: string): BlobStore {
  const blobPath = (sha256: string) => {
    if (!sha256Pattern.test(sha256)) {
      throw new Error(`not a sha256: ${sha256}`);
    }
    return join(root, sha256.slice(0, 2), `${sha256}.jpg`);
  };
  const partialPath = (key: string) => {
    if (!keyPattern.test(key)) {
      throw new Error(`not an upload key: ${key}`);
    }
    return join(root, 'partial', `${key}.part`);
  };
  const sizeOf = async (path: string) => {
    try {
      return (await stat(path)).size;
    } catch {
      return null;
    }
  };
  // One append at a time per partial file: two requests racing on one offset must not both write.
  const locks = new Map<string, Promise<unknown>>();
  const locked = <T>(key: string, job: () => Promise<T>): Promise<T> => {
    const run = (locks.get(key) ?? Promise.resolve()).then(job, job);
    locks.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  };

  return {
    has: async (sha256) => (await sizeOf(blobPath(sha256))) !== null,
    size: (sha256) => sizeOf(blobPath(sha256)),
    open: async (sha256) =>
      (await sizeOf(blobPath(sha256))) === null ? null : createReadStream(blobPath(sha256)),
    partialSize: async (key) => (await sizeOf(partialPath(key))) ?? 0,
    append: (key, offset, bytes) =>
      locked(key, async () => {
        const path = partialPath(key);
        const current = (await sizeOf(path)) ?? 0;
        if (current !== offset) {
          return current;
        }
        await mkdir(join(root, 'partial'), { recursive: true });
        const handle = await open(path, 'a', 0o600);
        try {
          await handle.write(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        return current + bytes.byteLength;
      }),
    commit: (key, sha256) =>
      locked(key, async () => {
        const path = partialPath(key);
        const bytes = await readFile(path);
        const actual = createHash('sha256').update(bytes).digest('hex');
        if (actual !== sha256) {
          await unlink(path);
          return false;
        }
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
        await rename(path, blobPath(sha256));
        return true;
      }),
    discard: (key) =>
      locked(key, async () => {
        await unlink(partialPath(key)).catch(() => undefined);
      }),
  };
}
