import { useSyncExternalStore } from 'react';
import { collectionNames, type CollectionName } from '#shared/domain/index';
import type { UploadStatus } from '#shared/host/contract/index';
import type { AccountInfo, ClientErrorCode, UpdateRequiredDetails } from '#shared/sync/index';
import type { OutboxEntry } from './outbox-status';
import { photoFilesStatus, type PhotoFilesStatus } from './photo-queue-status';
import type { Refusal } from './refusal-store';

export type SyncError = {
  readonly code: ClientErrorCode;
  readonly message: string;
  readonly at: number;
  /** Why the service asked for an update (only on `update-required`). */
  readonly update?: UpdateRequiredDetails;
};

/** One collection's row of the Sync centre (see outbox-status for what each status means). */
export type CollectionSyncState = {
  /** Records made here, not sent yet or sent without an answer. */
  readonly pending: number;
  /** In a push not answered yet, or accepted while the stamped copy is on its way back. */
  readonly sent: number;
  /** This laptop's field records the service stored (its receipt stamp is here). */
  readonly stored: number;
  /** Records the service refused; kept on the device until the crew acts (see `refusals`). */
  readonly refused: number;
  /** This device's overlapping edits waiting for a supervisor. */
  readonly inReview: number;
  /** The not-stored records, each with its status (at most `outboxListLimit`). */
  readonly entries: readonly OutboxEntry[];
  /** The last pull or push of this collection the service answered. */
  readonly lastSyncAt: number | null;
  readonly lastError: SyncError | null;
};

/** A first pull's progress for one collection (`total` null: the service did not say). */
export type FirstPullProgress = {
  readonly name: CollectionName;
  readonly stored: number;
  readonly total: number | null;
};

export type SyncPhase = 'not-enrolled' | 'starting' | 'syncing' | 'idle' | 'offline' | 'error' | 'revoked';

export type SyncSettings = {
  readonly serviceUrl: string;
  readonly account: AccountInfo;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly enrolledAt: number;
};

export type SyncState = {
  readonly phase: SyncPhase;
  readonly settings: SyncSettings | null;
  readonly collections: { readonly [N in CollectionName]: CollectionSyncState };
  /** The host's upload queue as it reported itself. */
  readonly photos: UploadStatus | null;
  /** The photo files' row: the queue read against the photo records and their refusals. */
  readonly photoFiles: PhotoFilesStatus;
  /** Every refused record of this laptop, oldest first. */
  readonly refusals: readonly Refusal[];
  readonly nextRetryAt: number | null;
  readonly lastError: SyncError | null;
  /** Service time minus device time at the last answer (ms): a wrong laptop clock shows here. */
  readonly clockSkewMs: number | null;
  /**
   * A new laptop's first pull of the province: the collections whose first pull has not reached the
   * service's head yet (null when no first pull is running). Screens that re-read whole collections
   * (the map) hold still while their inputs are in it.
   */
  readonly firstPull: {
    readonly pending: readonly CollectionName[];
    /** The pending collections' progress: stored here / the region's total when the pull began. */
    readonly progress?: readonly FirstPullProgress[];
  } | null;
  readonly log: readonly string[];
};

const emptyCollection: CollectionSyncState = {
  pending: 0,
  sent: 0,
  stored: 0,
  refused: 0,
  inReview: 0,
  entries: [],
  lastSyncAt: null,
  lastError: null,
};

export function initialSyncState(settings: SyncSettings | null): SyncState {
  return {
    phase: settings === null ? 'not-enrolled' : 'starting',
    settings,
    collections: Object.fromEntries(
      collectionNames.map((n) => [n, emptyCollection]),
    ) as SyncState['collections'],
    photos: null,
    photoFiles: photoFilesStatus(null, [], () => false),
    refusals: [],
    nextRetryAt: null,
    lastError: null,
    clockSkewMs: null,
    firstPull: null,
    log: [],
  };
}

/**
 * Total of what has not reached the service: field records not yet stored,
 * photo files not yet uploaded, and refused records — those wait for the crew, not for the network,
 * but they are not on the service either, so the count never reads 0 while any is left.
 */
export function pendingTotal(state: SyncState): number {
  return (
    collectionNames.reduce((n, c) => n + state.collections[c].pending + state.collections[c].sent, 0) +
    state.refusals.length +
    state.photoFiles.pending +
    state.photoFiles.failed
  );
}

/**
 * The status bar's two numbers: 待上传 — what waits for the network (records not yet stored, photo files
 * not yet up) — and 被拒 — refused records, which wait for the crew instead. A refused record is not
 * pending: counting it there would promise that the next sync takes it.
 */
export function statusBarCounts(state: SyncState): { readonly pending: number; readonly refused: number } {
  const refused = state.refusals.length;
  return { pending: pendingTotal(state) - refused, refused };
}

/** The Sync centre's state; `now` stamps the log lines. */
export function createSyncStore(initial: SyncState, now: () => number) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: SyncState | ((s: SyncState) => SyncState)): void {
      state = typeof next === 'function' ? next(state) : next;
      listeners.forEach((l) => l());
    },
    updateCollection(name: CollectionName, patch: Partial<CollectionSyncState>): void {
      this.set((s) => ({
        ...s,
        collections: { ...s.collections, [name]: { ...s.collections[name], ...patch } },
      }));
    },
    log(line: string): void {
      this.set((s) => ({ ...s, log: [...s.log.slice(-199), `${new Date(now()).toISOString()} ${line}`] }));
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type SyncStore = ReturnType<typeof createSyncStore>;

export function useSyncStore(store: SyncStore): SyncState {
  return useSyncExternalStore((l) => store.subscribe(l), store.get, store.get);
}
