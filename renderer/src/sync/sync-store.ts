import { useSyncExternalStore } from 'react';
import { collectionNames, type CollectionName } from '../../../shared/domain/index';
import type { UploadStatus } from '../../../shared/host/contract/index';
import type { AccountInfo, ClientErrorCode, RowRejection } from '../../../shared/sync/index';

export type SyncError = { readonly code: ClientErrorCode; readonly message: string; readonly at: number };

export type CollectionSyncState = {
  /** Records made here that the service has not acknowledged yet. */
  readonly pending: number;
  /** Rows the service refused, with its reason; kept on the device. */
  readonly failed: readonly RowRejection[];
  /** This device's overlapping edits waiting for a supervisor. */
  readonly inReview: number;
  readonly lastSyncAt: number | null;
  readonly lastError: SyncError | null;
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
  readonly photos: UploadStatus | null;
  readonly nextRetryAt: number | null;
  readonly lastError: SyncError | null;
  /** Service time minus device time at the last answer (ms): a wrong laptop clock shows here. */
  readonly clockSkewMs: number | null;
  readonly log: readonly string[];
};

const emptyCollection: CollectionSyncState = {
  pending: 0,
  failed: [],
  inReview: 0,
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
    nextRetryAt: null,
    lastError: null,
    clockSkewMs: null,
    log: [],
  };
}

/** Total of what is waiting to reach the service: field records plus photos. */
export function pendingTotal(state: SyncState): number {
  return collectionNames.reduce((n, c) => n + state.collections[c].pending, 0) + (state.photos?.pending ?? 0);
}

export function createSyncStore(initial: SyncState) {
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
      this.set((s) => ({ ...s, log: [...s.log.slice(-199), `${new Date().toISOString()} ${line}`] }));
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
