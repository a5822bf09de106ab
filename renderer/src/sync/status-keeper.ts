import {
  collectionNames,
  eventCollectionNames,
  isEventCollectionName,
  type CollectionName,
} from '#shared/domain/index';
import type { HostClient } from '#shared/host/client';
import type { UploadStatus } from '#shared/host/contract/index';
import type { AppDatabase } from '../db/database';
import { readOutbox, readPhotoRecords } from './outbox-census';
import {
  countEdits,
  countOutbox,
  type OutboxCounts,
  type OutboxEntry,
  type SendingTracker,
} from './outbox-status';
import { photoFilesStatus, photosToUpload, type PhotoRecordRef } from './photo-queue-status';
import type { RefusalStore } from './refusal-store';
import type { SyncStore } from './sync-store';

/** Whether a recount changed nothing the Sync centre shows (it runs after every local change). */
function sameCounts(
  before: OutboxCounts & { readonly entries: readonly OutboxEntry[] },
  after: typeof before,
): boolean {
  return (
    before.pending === after.pending &&
    before.sent === after.sent &&
    before.stored === after.stored &&
    before.refused === after.refused &&
    before.entries.length === after.entries.length &&
    before.entries.every((e, i) => e.id === after.entries[i]?.id && e.status === after.entries[i]?.status)
  );
}

/**
 * Keeps the Sync centre's numbers true: reads each collection's outbox (outbox-census) against the
 * refusals and the rows in flight, reads the photo records against the host's upload queue, and hands
 * the queue the files it may upload (a file goes up after its record is stored, never while blocked).
 * Recounts are batched: `schedule` after any change, at most one per `delayMs`.
 */
export function createStatusKeeper(options: {
  readonly db: AppDatabase;
  readonly host: HostClient;
  readonly store: SyncStore;
  readonly refusals: RefusalStore;
  readonly tracker: SendingTracker;
  readonly delayMs: number;
  /** Demo work stays on the laptop and is never sent: not counted as pending (see enrolment-work). */
  readonly isDemoWork?: (name: CollectionName, id: string) => boolean;
}) {
  const { store, refusals, tracker } = options;
  let photoRecords: PhotoRecordRef[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  function showRefusals(): void {
    const list = refusals.list();
    const current = store.get();
    const photoFiles = photoFilesStatus(current.photos, photoRecords, (id) => refusals.has('photos', id));
    if (current.refusals !== list || JSON.stringify(current.photoFiles) !== JSON.stringify(photoFiles)) {
      store.set((s) => ({ ...s, refusals: list, photoFiles }));
    }
  }

  /** Reads every collection's outbox and the photo records, and sets the Sync centre's counts. */
  async function recount(): Promise<void> {
    for (const name of eventCollectionNames) {
      const read = await readOutbox(options.db, name);
      const census = {
        ...read,
        unstamped: read.unstamped.filter((id) => options.isDemoWork?.(name, id) !== true),
      };
      tracker.retain(name, new Set(census.unstamped));
      const counts = countOutbox(census.unstamped, census.stored, {
        isRefused: (id) => refusals.has(name, id),
        isSending: (id) => tracker.isSending(name, id),
      });
      if (!sameCounts(store.get().collections[name], counts)) {
        store.updateCollection(name, counts);
      }
    }
    for (const name of collectionNames.filter((n) => !isEventCollectionName(n))) {
      const current = store.get().collections[name];
      const counts = countEdits(
        tracker.unansweredEdits(name),
        current.entries.filter((e) => e.status === 'in-review'),
        { refused: refusals.of(name).length, isSending: (id) => tracker.isSending(name, id) },
      );
      if (!sameCounts(current, counts)) {
        store.updateCollection(name, counts);
      }
    }
    photoRecords = await readPhotoRecords(options.db);
    showRefusals();
  }

  async function enqueuePhotos(): Promise<void> {
    if (store.get().settings === null) {
      return;
    }
    const hashes = photosToUpload(photoRecords, store.get().photoFiles);
    if (hashes.length > 0) {
      await options.host.call('uploads.enqueue', { sha256: hashes });
    }
  }

  function schedule(): void {
    if (timer === null) {
      timer = setTimeout(() => {
        timer = null;
        void recount().then(enqueuePhotos);
      }, options.delayMs);
    }
  }

  showRefusals();
  const unsubscribe = refusals.subscribe(() => {
    showRefusals();
    schedule();
  });

  /** Drops a scheduled recount (the controller stopped). */
  function cancel(): void {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  /** The host's upload queue reported itself. */
  function setPhotos(photos: UploadStatus | null): void {
    store.set((s) => ({
      ...s,
      photos,
      photoFiles: photoFilesStatus(photos, photoRecords, (id) => refusals.has('photos', id)),
    }));
  }

  return {
    recount,
    schedule,
    setPhotos,
    cancel,
    dispose(): void {
      cancel();
      unsubscribe();
    },
  };
}
