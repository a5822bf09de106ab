import { Readable } from 'node:stream';
import type { Database } from '../db/database';
import type { Tx } from '../db/scoped';

/**
 * Where photo bytes live, so that any service node can serve any photo and resume any upload. The
 * bookkeeping — which uploads exist, their resume offsets, which parts arrived, which photos are
 * stored and which regions hold them — is always in the database (photos/uploads.ts); a byte store
 * keeps only bytes: the parts of uploads in progress, and the verified photos, content-addressed by
 * sha256. PostgreSQL by default (PGlite included); an S3-compatible object store when configured.
 */
export type BlobStore = {
  readonly kind: 'postgres' | 's3';
  /**
   * Keeps one received part of an upload. Returns the bytes to store inline with the part's row (the
   * database store), or null when they were put elsewhere (an object store).
   */
  stashPart(uploadId: string, atByte: number, bytes: Uint8Array): Promise<Uint8Array | null>;
  /** A part's bytes: `inline` when the database holds them, else from the store. */
  readPart(uploadId: string, atByte: number, inline: Uint8Array | null): Promise<Uint8Array>;
  /** Forgets the parts of an upload kept outside the database (its rows go with the upload). */
  dropParts(uploadId: string): Promise<void>;
  /**
   * Stores a verified photo from its parts in order; storing one already there changes nothing. The
   * database store writes in `tx`, so the photo's bytes commit together with its bookkeeping row.
   */
  putBlob(sha256: string, parts: AsyncIterable<Uint8Array>, tx: Tx): Promise<void>;
  has(sha256: string): Promise<boolean>;
  openBlob(sha256: string): Promise<Readable | null>;
  deleteBlob(sha256: string): Promise<void>;
  /**
   * Deletes what the store holds that the database no longer names (a node that died between writing
   * bytes and committing their row), if older than `before` (ms). Returns how many it deleted.
   */
  sweepStrays(known: StrayCheck, before: number): Promise<number>;
};

export type StrayCheck = {
  readonly uploadExists: (uploadId: string) => Promise<boolean>;
  readonly blobExists: (sha256: string) => Promise<boolean>;
};

/** Size of the rows a stored photo is cut into (the largest part an upload may send). */
export const blobRowBytes = 1024 * 1024;

const sha256Pattern = /^[0-9a-f]{64}$/;

export function checkedSha256(sha256: string): string {
  if (!sha256Pattern.test(sha256)) {
    throw new Error(`not a sha256: ${sha256}`);
  }
  return sha256;
}

/** Cuts a stream of parts of any size into rows of `size` bytes (the last may be shorter). */
export async function* rechunk(parts: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const part of parts) {
    let rest = part;
    while (pendingBytes + rest.byteLength >= size) {
      const take = size - pendingBytes;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending);
      rest = rest.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (rest.byteLength > 0) {
      pending.push(rest);
      pendingBytes += rest.byteLength;
    }
  }
  if (pendingBytes > 0) {
    yield Buffer.concat(pending);
  }
}

const asBytes = (value: unknown): Uint8Array => {
  if (value instanceof Uint8Array) {
    return value;
  }
  throw new Error('a stored photo part is not bytes');
};

/**
 * Photo bytes in PostgreSQL: upload parts inline in their rows, stored photos cut into rows of 1 MB
 * (`photo_blob_parts`), written in the transaction that records the photo: there whole or not at all.
 */
export function createDatabaseBlobStore(db: Database): BlobStore {
  const blobRows = async (sha256: string) =>
    (
      await db.query<{ n: number }>('select n from photo_blob_parts where sha256 = $1 order by n', [
        checkedSha256(sha256),
      ])
    ).rows.map((r) => r.n);
  return {
    kind: 'postgres',
    stashPart: (_uploadId, _atByte, bytes) => Promise.resolve(bytes),
    readPart: (uploadId, atByte, inline) =>
      inline === null
        ? Promise.reject(new Error(`part ${uploadId}@${atByte} has no bytes in the database`))
        : Promise.resolve(inline),
    dropParts: () => Promise.resolve(),
    putBlob: async (sha256, parts, tx) => {
      checkedSha256(sha256);
      // Two nodes storing the same photo at once: the second waits, then finds it there.
      await tx.query('select pg_advisory_xact_lock(74600007, hashtext($1))', [sha256]);
      const there = await tx.query('select 1 from photo_blob_parts where sha256 = $1 limit 1', [sha256]);
      if (there.rows.length > 0) {
        return;
      }
      let n = 0;
      for await (const row of rechunk(parts, blobRowBytes)) {
        await tx.query('insert into photo_blob_parts (sha256, n, data) values ($1, $2, $3)', [
          sha256,
          n,
          row,
        ]);
        n += 1;
      }
    },
    has: async (sha256) => (await blobRows(sha256)).length > 0,
    openBlob: async (sha256) => {
      const rows = await blobRows(sha256);
      if (rows.length === 0) {
        return null;
      }
      // One row at a time: a 50 MB photo is never held in memory whole.
      async function* read() {
        for (const n of rows) {
          const { rows: found } = await db.query<{ data: unknown }>(
            'select data from photo_blob_parts where sha256 = $1 and n = $2',
            [sha256, n],
          );
          if (found[0] === undefined) {
            throw new Error(`photo ${sha256} lost its part ${n} while it was read`);
          }
          yield asBytes(found[0].data);
        }
      }
      return Readable.from(read(), { objectMode: false });
    },
    deleteBlob: async (sha256) => {
      await db.query('delete from photo_blob_parts where sha256 = $1', [checkedSha256(sha256)]);
    },
    // A photo's rows commit together with its bookkeeping row (putBlob runs in that transaction), so
    // rows without one were left by garbage collection that deleted the row first and then stopped.
    sweepStrays: async () => {
      const { rows } = await db.query<{ sha256: string }>(
        `delete from photo_blob_parts p
         where not exists (select 1 from photo_blobs b where b.sha256 = p.sha256)
         returning sha256`,
      );
      return new Set(rows.map((r) => r.sha256)).size;
    },
  };
}
