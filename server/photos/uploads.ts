import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SyncError, type PhotoUploadStatus } from '#shared/sync/index';
import type { Principal } from '../auth/accounts';
import type { Database } from '../db/database';
import { scoped, type Tx } from '../db/scoped';
import type { BlobStore } from './blob-store';

/**
 * Photo uploads shared by every service node: the upload's row (offset, size, record, region) is the
 * truth, locked while a chunk is added, so two nodes — or a retried request racing its original —
 * never both append at one offset, and a node killed mid-chunk leaves the upload where it was.
 *
 * Who may have a photo: a device uploads the bytes of a photo record of its region; only then does
 * that record's region hold the photo (a grant). Naming a hash in a record proves nothing, so the
 * answers about a photo never depend on whether another region holds it: an upload runs in full
 * (and is verified) even when the same bytes are stored already.
 */
export type UploadLimits = {
  /** Bytes of uploads in progress one device may have at once (declared sizes). */
  readonly perDeviceBytes: number;
  /** An upload untouched this long is abandoned: garbage collection removes it and its parts. */
  readonly staleAfterMs: number;
};

export const defaultUploadLimits: UploadLimits = {
  perDeviceBytes: 200_000_000,
  staleAfterMs: 7 * 24 * 3_600_000,
};

export type PhotoDeps = {
  readonly db: Database;
  readonly store: BlobStore;
  readonly now: () => number;
  readonly limits: UploadLimits;
};

type UploadRow = {
  id: string;
  bytes: number;
  received: number;
  record_id: string;
  division_code: string;
};

const scopeSql = `($2 = 'all' or left(division_code, length($2)) = $2)`;

/** The photo's size when the caller's region holds it, else null (whoever else may hold it). */
async function heldSize(db: Pick<Database, 'query'>, p: Principal, sha256: string): Promise<number | null> {
  const { rows } = await db.query<{ bytes: number }>(
    `select b.bytes from photo_blobs b
     where b.sha256 = $1 and exists (select 1 from photo_grants where sha256 = $1 and ${scopeSql})`,
    [sha256, p.scope],
  );
  return rows[0]?.bytes ?? null;
}

const storedStatus = (sha256: string, bytes: number): PhotoUploadStatus => ({
  sha256,
  bytes,
  received: bytes,
  stored: true,
});

const noRecord = (sha256: string) =>
  new SyncError(
    'not-found',
    `no photo record of your region names photo ${sha256}; push the photo's record before its file`,
  );

const notStarted = (sha256: string) =>
  new SyncError('not-found', `no upload of photo ${sha256} was started from this device`);

async function lockedUpload(tx: Tx, p: Principal, sha256: string): Promise<UploadRow | null> {
  const { rows } = await tx.query<UploadRow>(
    `select id, bytes, received, record_id, division_code from photo_uploads
     where sha256 = $1 and device_id = $2 for update`,
    [sha256, p.deviceId],
  );
  return rows[0] ?? null;
}

/** Starts an upload, or says where the one this device began stands (its resume offset). */
export async function startUpload(
  deps: PhotoDeps,
  p: Principal,
  sha256: string,
  bytes: number,
): Promise<PhotoUploadStatus> {
  const held = await heldSize(deps.db, p, sha256);
  if (held !== null) {
    return storedStatus(sha256, held);
  }
  // The upload belongs to a photo record the caller may see (row-level security applies).
  const record = await scoped(
    deps.db,
    p.scope,
    async (tx) =>
      (
        await tx.query<{ id: string; division_code: string }>(
          `select id, division_code from records
           where collection = 'photos' and doc ->> 'storedSha256' = $1 order by id limit 1`,
          [sha256],
        )
      ).rows[0],
  );
  if (record === undefined) {
    throw noRecord(sha256);
  }
  const now = deps.now();
  const outcome = await deps.db.transaction(async (tx) => {
    // One device's starts take turns, so its quota is counted against what it really has open.
    await tx.query('select pg_advisory_xact_lock(74600008, hashtext($1))', [p.deviceId]);
    const current = await lockedUpload(tx, p, sha256);
    if (current !== null) {
      if (current.bytes !== bytes) {
        // The bytes of one sha256 have one size: a different one means the upload went wrong. It is
        // discarded (never left half-way), and the device starts afresh.
        await tx.query('delete from photo_uploads where id = $1', [current.id]);
        return { kind: 'size-changed' as const, from: current.bytes, id: current.id };
      }
      await tx.query('update photo_uploads set touched_at = $2 where id = $1', [current.id, now]);
      return { kind: 'status' as const, row: current };
    }
    const { rows } = await tx.query<{ open: number }>(
      'select coalesce(sum(bytes), 0)::bigint as open from photo_uploads where device_id = $1',
      [p.deviceId],
    );
    const open = Number(rows[0]?.open ?? 0);
    if (open + bytes > deps.limits.perDeviceBytes) {
      return { kind: 'quota' as const, open };
    }
    const id = randomUUID();
    await tx.query(
      `insert into photo_uploads (id, sha256, device_id, record_id, division_code, bytes, received, started_at, touched_at)
       values ($1, $2, $3, $4, $5, $6, 0, $7, $7)`,
      [id, sha256, p.deviceId, record.id, record.division_code, bytes, now],
    );
    return { kind: 'status' as const, row: { id, bytes, received: 0 } };
  });
  switch (outcome.kind) {
    case 'size-changed':
      await deps.store.dropParts(outcome.id);
      throw new SyncError(
        'upload-size-changed',
        `this upload of photo ${sha256} began with ${outcome.from} bytes, not ${bytes}; it was discarded — start it again`,
      );
    case 'quota':
      throw new SyncError(
        'quota-exceeded',
        `this laptop has ${outcome.open} bytes of photo uploads in progress; with ${bytes} more it would pass the ${deps.limits.perDeviceBytes} the service keeps per device — finish those first`,
        [{ open: outcome.open, limit: deps.limits.perDeviceBytes }],
      );
    case 'status':
      return { sha256, bytes: outcome.row.bytes, received: outcome.row.received, stored: false };
  }
}

/** Appends one chunk at `offset`, which must be where the upload stands. */
export async function appendChunk(
  deps: PhotoDeps,
  p: Principal,
  sha256: string,
  offset: number,
  chunk: Uint8Array,
): Promise<PhotoUploadStatus> {
  return deps.db.transaction(async (tx) => {
    const row = await lockedUpload(tx, p, sha256);
    if (row === null) {
      const held = await heldSize(tx, p, sha256);
      if (held !== null) {
        return storedStatus(sha256, held);
      }
      throw notStarted(sha256);
    }
    if (offset !== row.received) {
      throw new SyncError('wrong-offset', `this upload continues at byte ${row.received}, not ${offset}`, [
        { received: row.received },
      ]);
    }
    if (offset + chunk.byteLength > row.bytes) {
      throw new SyncError('too-large', `the chunk runs past the photo's declared ${row.bytes} bytes`);
    }
    const inline = await deps.store.stashPart(row.id, offset, chunk);
    await tx.query(
      `insert into photo_upload_parts (upload_id, at_byte, bytes, data) values ($1, $2, $3, $4)
       on conflict (upload_id, at_byte) do update set bytes = excluded.bytes, data = excluded.data`,
      [row.id, offset, chunk.byteLength, inline],
    );
    const received = offset + chunk.byteLength;
    await tx.query('update photo_uploads set received = $2, touched_at = $3 where id = $1', [
      row.id,
      received,
      deps.now(),
    ]);
    return { sha256, bytes: row.bytes, received, stored: false };
  });
}

/** The upload's parts in order, read one at a time. */
async function* partsOf(deps: PhotoDeps, tx: Tx, uploadId: string): AsyncGenerator<Uint8Array> {
  const { rows } = await tx.query<{ at_byte: number }>(
    'select at_byte from photo_upload_parts where upload_id = $1 order by at_byte',
    [uploadId],
  );
  for (const { at_byte: atByte } of rows) {
    const { rows: part } = await tx.query<{ data: Uint8Array | null }>(
      'select data from photo_upload_parts where upload_id = $1 and at_byte = $2',
      [uploadId, atByte],
    );
    yield deps.store.readPart(uploadId, atByte, part[0]?.data ?? null);
  }
}

/**
 * Verifies the sha256 of what arrived and stores the photo: its bytes (unless stored already), its
 * row, and the grant to the region of the upload's record — in one transaction with the database
 * store. Bytes that do not match their name are discarded.
 */
export async function completeUpload(
  deps: PhotoDeps,
  p: Principal,
  sha256: string,
): Promise<PhotoUploadStatus> {
  const outcome = await deps.db.transaction(async (tx) => {
    const row = await lockedUpload(tx, p, sha256);
    if (row === null) {
      return { kind: 'none' as const };
    }
    if (row.received !== row.bytes) {
      throw new SyncError('wrong-offset', `only ${row.received} of ${row.bytes} bytes arrived`, [
        { received: row.received },
      ]);
    }
    const hash = createHash('sha256');
    for await (const part of partsOf(deps, tx, row.id)) {
      hash.update(part);
    }
    const matched = hash.digest('hex') === sha256;
    if (matched) {
      const known = await tx.query('select 1 from photo_blobs where sha256 = $1', [sha256]);
      if (known.rows.length === 0) {
        await deps.store.putBlob(sha256, partsOf(deps, tx, row.id), tx);
        await tx.query(
          `insert into photo_blobs (sha256, bytes, stored_at, device_id) values ($1, $2, $3, $4)
           on conflict (sha256) do nothing`,
          [sha256, row.bytes, deps.now(), p.deviceId],
        );
      }
      await tx.query(
        `insert into photo_grants (sha256, division_code, record_id, device_id, granted_at)
         values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [sha256, row.division_code, row.record_id, p.deviceId, deps.now()],
      );
    }
    await tx.query('delete from photo_uploads where id = $1', [row.id]);
    return { kind: matched ? ('stored' as const) : ('mismatch' as const), id: row.id, bytes: row.bytes };
  });
  if (outcome.kind === 'none') {
    const held = await heldSize(deps.db, p, sha256);
    if (held !== null) {
      return storedStatus(sha256, held);
    }
    throw notStarted(sha256);
  }
  await deps.store.dropParts(outcome.id);
  if (outcome.kind === 'mismatch') {
    throw new SyncError(
      'checksum-mismatch',
      `the uploaded bytes do not hash to ${sha256}; the partial upload was discarded — send it again`,
    );
  }
  return storedStatus(sha256, outcome.bytes);
}

/** A photo the caller's region holds and may see a record of, as a stream; else `not-found`. */
export async function openPhoto(deps: PhotoDeps, p: Principal, sha256: string): Promise<Readable> {
  const held = await heldSize(deps.db, p, sha256);
  const stream = held === null ? null : await deps.store.openBlob(sha256);
  if (stream === null) {
    throw new SyncError('not-found', `no photo ${sha256} in your region`);
  }
  return stream;
}
