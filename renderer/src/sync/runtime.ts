import { useSyncExternalStore } from 'react';
import type { HostClient } from '#shared/host/client';
import { statusStore } from '../app/status-store';
import type { AppDatabase } from '../db/database';
import { startAuditSync } from './audit-sync-runtime';
import { createSyncController, type SyncController } from './controller';
import { startLayerCache } from './layer-cache-runtime';
import { startSeriesCache } from './series-cache-runtime';
import { statusBarCounts } from './sync-store';

let current: SyncController | null = null;
const listeners = new Set<() => void>();

/**
 * Starts the app's one sync controller after the device database opened (main.tsx), wires it to the
 * browser's online/offline events and keeps the status bar's pending and refused counts current.
 */
export function startSyncRuntime(db: AppDatabase, host: HostClient): SyncController {
  const controller = createSyncController({
    db,
    host,
    fetch: (url, init) => window.fetch(url, init as RequestInit),
    streamFetch: (url, init) => window.fetch(url, init),
    storage: window.localStorage,
    now: Date.now,
    isOnline: () => navigator.onLine,
  });
  controller.store.subscribe(() => {
    const { pending, refused } = statusBarCounts(controller.store.get());
    const shown = statusStore.get();
    if (shown.pendingUploads !== pending || shown.refusedRecords !== refused) {
      statusStore.update({ pendingUploads: pending, refusedRecords: refused });
    }
  });
  window.addEventListener('online', () => void controller.setOnline(true));
  window.addEventListener('offline', () => void controller.setOnline(false));
  installSyncTestHooks(db, controller, window.sessionStorage);
  current = controller;
  listeners.forEach((l) => l());
  void controller.start();
  startSeriesCache(db, host, controller);
  startAuditSync(db, host, controller);
  startLayerCache(db, host, controller);
  return controller;
}

export function useSyncController(): SyncController | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
    () => current,
  );
}

export type SyncTestHooks = {
  /** Changes fields of a local record, as an edit in a feature page would. */
  readonly patch: (collection: string, id: string, patch: Record<string, unknown>) => Promise<void>;
  readonly state: () => unknown;
  readonly awaitInSync: () => Promise<void>;
};

declare global {
  interface Window {
    wrmSyncTestHooks?: SyncTestHooks;
  }
}

/** For end-to-end tests only (session storage `wrm.testHooks` = 1 before start, like the db hooks). */
function installSyncTestHooks(db: AppDatabase, controller: SyncController, storage: Storage | null): void {
  if (storage?.getItem('wrm.testHooks') !== '1') {
    return;
  }
  window.wrmSyncTestHooks = {
    patch: async (collection, id, patch) => {
      const doc = await db.collections[collection as 'sites'].findOne(id).exec();
      if (doc === null) {
        throw new Error(`${collection}/${id} is not on this device`);
      }
      await doc.incrementalPatch(patch);
    },
    state: () => controller.store.get(),
    awaitInSync: () => controller.awaitInSync(),
  };
}
