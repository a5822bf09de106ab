import type { Database } from '../db/database';
import type { BlobStore } from './blob-store';
import type { UploadLimits } from './uploads';

export type PhotoGarbage = {
  /** Uploads untouched past the limit, removed with their parts. */
  readonly staleUploads: number;
  /** Stored photos no photo record's upload holds any more, removed with their bytes. */
  readonly orphanPhotos: number;
  /** Bytes in the store the database does not name (a node died between writing and committing). */
  readonly strays: number;
};

/** Stray objects younger than this may belong to an upload still committing; they are left. */
const strayGraceMs = 3_600_000;

/**
 * Removes what no upload or photo record needs: abandoned uploads (a laptop that never came back),
 * photos no region holds through a record any more, and bytes the database does not name. Safe to
 * run on every node at once and as often as wanted: each step deletes only what is already unneeded.
 */
export async function collectPhotoGarbage(
  db: Database,
  store: BlobStore,
  limits: UploadLimits,
  now: number,
): Promise<PhotoGarbage> {
  const stale = await db.query<{ id: string }>(
    'delete from photo_uploads where touched_at < $1 returning id',
    [now - limits.staleAfterMs],
  );
  for (const { id } of stale.rows) {
    await store.dropParts(id);
  }
  const orphans = await db.query<{ sha256: string }>(
    `delete from photo_blobs b
     where b.stored_at < $1
       and not exists (
         select 1 from photo_grants g
         join records r on r.collection = 'photos' and r.id = g.record_id and r.division_code = g.division_code
         where g.sha256 = b.sha256)
       and not exists (select 1 from photo_uploads u where u.sha256 = b.sha256)
     returning sha256`,
    [now - strayGraceMs],
  );
  for (const { sha256 } of orphans.rows) {
    await db.query('delete from photo_grants where sha256 = $1', [sha256]);
    await store.deleteBlob(sha256);
  }
  const exists = async (sql: string, value: string) => (await db.query(sql, [value])).rows.length > 0;
  const strays = await store.sweepStrays(
    {
      uploadExists: (id) => exists('select 1 from photo_uploads where id = $1', id),
      blobExists: (sha256) => exists('select 1 from photo_blobs where sha256 = $1', sha256),
    },
    now - strayGraceMs,
  );
  return { staleUploads: stale.rows.length, orphanPhotos: orphans.rows.length, strays };
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
