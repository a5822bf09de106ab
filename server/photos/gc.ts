import type { Database } from '../db/database';
import type { BlobStore, StrayCheck } from './blob-store';
import type { UploadLimits } from './uploads';

export type PhotoGarbage = {
  /** Uploads untouched past the limit, removed with their parts. */
  readonly staleUploads: number;
  /** Stored photos no photo record's upload holds any more, removed with their bytes. */
  readonly orphanPhotos: number;
  /** Bytes in the store the database does not name (a node died between writing and committing). */
  readonly strays: number;
  /** True when nothing was removed: the figures say what a real run would remove now. */
  readonly dryRun: boolean;
  /** The uploads removed (or that would be). */
  readonly uploads: readonly {
    readonly id: string;
    readonly sha256: string;
    readonly deviceId: string;
    readonly touchedAt: number;
  }[];
  /** The photos removed (or that would be). */
  readonly photos: readonly { readonly sha256: string; readonly bytes: number }[];
};

/** Stray objects younger than this may belong to an upload still committing; they are left. */
const strayGraceMs = 3_600_000;

const staleUploadsSql = `from photo_uploads where touched_at < $1`;
const uploadColumns = `id, sha256, device_id, touched_at`;
const orphanPhotosSql = `from photo_blobs b
     where b.stored_at < $1
       and not exists (
         select 1 from photo_grants g
         join records r on r.collection = 'photos' and r.id = g.record_id and r.division_code = g.division_code
         where g.sha256 = b.sha256)
       and not exists (select 1 from photo_uploads u where u.sha256 = b.sha256)`;

type UploadRow = { id: string; sha256: string; device_id: string; touched_at: string | number };
type PhotoRow = { sha256: string; bytes: string | number };

/**
 * Removes what no upload or photo record needs: abandoned uploads (a laptop that never came back),
 * photos no region holds through a record any more, and bytes the database does not name. Safe to
 * run on every node at once and as often as wanted: each step deletes only what is already unneeded.
 * With `dryRun`, nothing is removed and the answer says what would be.
 */
export async function collectPhotoGarbage(
  db: Database,
  store: BlobStore,
  limits: UploadLimits,
  now: number,
  options: { readonly dryRun?: boolean } = {},
): Promise<PhotoGarbage> {
  const dryRun = options.dryRun ?? false;
  const stale = await db.query<UploadRow>(
    dryRun
      ? `select ${uploadColumns} ${staleUploadsSql} order by touched_at`
      : `delete ${staleUploadsSql} returning ${uploadColumns}`,
    [now - limits.staleAfterMs],
  );
  if (!dryRun) {
    for (const { id } of stale.rows) {
      await store.dropParts(id);
    }
  }
  const orphans = await db.query<PhotoRow>(
    dryRun
      ? `select sha256, bytes ${orphanPhotosSql} order by sha256`
      : `delete ${orphanPhotosSql} returning sha256, bytes`,
    [now - strayGraceMs],
  );
  if (!dryRun) {
    for (const { sha256 } of orphans.rows) {
      await db.query('delete from photo_grants where sha256 = $1', [sha256]);
      await store.deleteBlob(sha256);
    }
  }
  const strays = dryRun ? await countStrays(db, store, now) : await sweepStrays(db, store, now);
  return {
    staleUploads: stale.rows.length,
    orphanPhotos: orphans.rows.length,
    strays,
    dryRun,
    uploads: stale.rows.map((r) => ({
      id: r.id,
      sha256: r.sha256,
      deviceId: r.device_id,
      touchedAt: Number(r.touched_at),
    })),
    photos: orphans.rows.map((r) => ({ sha256: r.sha256, bytes: Number(r.bytes) })),
  };
}

function knownToDatabase(db: Database): StrayCheck {
  const exists = async (sql: string, value: string) => (await db.query(sql, [value])).rows.length > 0;
  return {
    uploadExists: (id) => exists('select 1 from photo_uploads where id = $1', id),
    blobExists: (sha256) => exists('select 1 from photo_blobs where sha256 = $1', sha256),
  };
}

const sweepStrays = (db: Database, store: BlobStore, now: number) =>
  store.sweepStrays(knownToDatabase(db), now - strayGraceMs);

/** What `sweepStrays` would delete now, deleting nothing. */
async function countStrays(db: Database, store: BlobStore, now: number): Promise<number> {
  if (store.kind === 'postgres') {
    // The database store's strays are photo rows without their bookkeeping row (see its sweep).
    const { rows } = await db.query<{ n: number }>(
      `select count(distinct sha256)::int as n from photo_blob_parts p
       where not exists (select 1 from photo_blobs b where b.sha256 = p.sha256)`,
    );
    return rows[0]?.n ?? 0;
  }
  // An object store asks about each old object: every one the database does not name is counted,
  // and the sweep is told that it exists, so nothing is deleted.
  const known = knownToDatabase(db);
  let strays = 0;
  const counting = (check: (key: string) => Promise<boolean>) => async (key: string) => {
    if (!(await check(key))) {
      strays += 1;
    }
    return true;
  };
  await store.sweepStrays(
    { uploadExists: counting(known.uploadExists), blobExists: counting(known.blobExists) },
    now - strayGraceMs,
  );
  return strays;
}

/** Collects photo garbage every `everyMs` on a timer that never keeps the process alive; returns stop. */
export function startPhotoGc(
  db: Database,
  store: BlobStore,
  limits: UploadLimits,
  now: () => number,
  everyMs: number,
  onError: (error: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) {
      return;
    }
    running = true;
    collectPhotoGarbage(db, store, limits, now())
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
