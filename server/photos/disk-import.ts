import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../db/database';
import { blobRowBytes, type BlobStore } from './blob-store';

/**
 * Photos of earlier releases, which kept them on each node's disk, moved into the configured store
 * (the database or S3). That layout, in the service's photo folder (by default `<data>/photos`):
 * each verified photo at `<first two hex digits>/<sha256>.jpg`, each upload in progress at
 * `partial/<sha256>.<device>.part`. The database already has a row for each stored photo
 * (`photo_blobs`) and its grants (migration 007); only the bytes stayed behind.
 *
 * Each file is hashed and must hash to its name and have the size its row says; it is then stored
 * and read back from the store, and must hash to its name again. Running it again stores nothing
 * twice. Files are never removed unless asked, and then only when every photo the database names
 * among them is in the store. Partial uploads are not carried over (the laptop asks where its upload
 * stands and starts again); files whose photo has no row are left (no region holds them, so garbage
 * collection would remove them at once).
 */
export type DiskImportReport = {
  readonly dir: string;
  /** Photo files found (`xx/<sha256>.jpg`). */
  readonly files: number;
  /** Stored by this run. */
  readonly imported: number;
  /** Already in the store (an earlier run, or uploaded again since). */
  readonly alreadyStored: number;
  /** Files whose photo the database has no row for: left where they are. */
  readonly unknown: readonly string[];
  /** Files that do not hash to their name or differ in size from their row: left, not stored. */
  readonly refused: readonly { readonly file: string; readonly reason: string }[];
  /** Files the store did not take (the error): left, to be tried again. */
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
  /** Partial uploads found (`partial/*.part`): not carried over. */
  readonly partials: number;
  /** Photos the database names that are neither in the store nor among these files. */
  readonly stillMissing: number;
  /** Files removed (only with `remove`, and only when nothing failed or was refused). */
  readonly removed: number;
};

export class DiskImportError extends Error {
  override readonly name = 'DiskImportError';
}

const photoFile = /^([0-9a-f]{64})\.jpg$/;

/** The photo files under `dir`: `xx/<sha256>.jpg` where xx are the hash's first two digits. */
async function photoFiles(dir: string): Promise<{ sha256: string; path: string }[]> {
  const found: { sha256: string; path: string }[] = [];
  for (const sub of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!sub.isDirectory() || !/^[0-9a-f]{2}$/.test(sub.name)) {
      continue;
    }
    for (const name of (await readdir(join(dir, sub.name))).sort()) {
      const sha256 = photoFile.exec(name)?.[1];
      if (sha256 !== undefined && sha256.startsWith(sub.name)) {
        found.push({ sha256, path: join(dir, sub.name, name) });
      }
    }
  }
  return found;
}

async function partialCount(dir: string): Promise<number> {
  try {
    return (await readdir(join(dir, 'partial'))).filter((n) => n.endsWith('.part')).length;
  } catch {
    return 0;
  }
}

async function hashOf(stream: AsyncIterable<Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

const fileChunks = (path: string) =>
  createReadStream(path, { highWaterMark: blobRowBytes }) as AsyncIterable<Uint8Array>;

export async function importDiskPhotos(
  db: Database,
  store: BlobStore,
  dir: string,
  options: { readonly remove?: boolean } = {},
): Promise<DiskImportReport> {
  const folder = await stat(dir).catch(() => null);
  if (folder === null || !folder.isDirectory()) {
    throw new DiskImportError(`${dir} is not a folder; name the photo folder of the earlier release`);
  }
  const files = await photoFiles(dir);
  const unknown: string[] = [];
  const refused: { file: string; reason: string }[] = [];
  const failed: { file: string; reason: string }[] = [];
  const stored: string[] = [];
  let imported = 0;
  let alreadyStored = 0;
  for (const { sha256, path } of files) {
    const { rows } = await db.query<{ bytes: string | number }>(
      'select bytes from photo_blobs where sha256 = $1',
      [sha256],
    );
    const row = rows[0];
    if (row === undefined) {
      unknown.push(path);
      continue;
    }
    if (await store.has(sha256)) {
      alreadyStored += 1;
      stored.push(path);
      continue;
    }
    const onDisk = await hashOf(fileChunks(path));
    if (onDisk.sha256 !== sha256) {
      refused.push({ file: path, reason: `the bytes hash to ${onDisk.sha256}, not to the file's name` });
      continue;
    }
    if (onDisk.bytes !== Number(row.bytes)) {
      refused.push({ file: path, reason: `${onDisk.bytes} bytes; the database says ${row.bytes}` });
      continue;
    }
    try {
      await db.transaction((tx) => store.putBlob(sha256, fileChunks(path), tx));
      const back = await store.openBlob(sha256);
      const read = back === null ? null : await hashOf(back);
      if (read?.sha256 !== sha256) {
        await store.deleteBlob(sha256);
        throw new Error(
          read === null ? 'the store does not have it after storing' : 'it reads back from the store changed',
        );
      }
      imported += 1;
      stored.push(path);
    } catch (error) {
      failed.push({ file: path, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  let removed = 0;
  if (options.remove === true && failed.length === 0 && refused.length === 0) {
    for (const path of stored) {
      await unlink(path);
      removed += 1;
    }
  }
  let stillMissing = 0;
  const { rows: named } = await db.query<{ sha256: string }>(
    'select sha256 from photo_blobs order by sha256',
  );
  for (const { sha256 } of named) {
    if (!(await store.has(sha256))) {
      stillMissing += 1;
    }
  }
  return {
    dir,
    files: files.length,
    imported,
    alreadyStored,
    unknown,
    refused,
    failed,
    partials: await partialCount(dir),
    stillMissing,
    removed,
  };
}
