import type { HostClient } from '#shared/host/client';
import type { AppDatabase } from './database';
import { collectionReady } from './deferred-collections';
import { openAppDatabase, type OpenResult } from './open-database';
import { writeFieldEvent } from './write-events';

/** Gets the database key from the host and opens the device database with it. */
export async function openDeviceDatabase(host: HostClient): Promise<OpenResult> {
  const key = await host.call('secrets.databaseKey', {});
  if (!key.ok) {
    return {
      ok: false,
      error: { code: 'key-unavailable', message: key.error.message, cause: key.error.code },
    };
  }
  const result = await openAppDatabase({ key: key.value.key });
  if (result.ok) {
    // Ask the browser not to evict the database under storage pressure (best effort).
    void navigator.storage?.persist?.().catch(() => false);
  }
  return result;
}

export type TestHooks = {
  readonly writeFieldEvent: (collection: string, record: unknown) => Promise<unknown>;
  readonly findById: (collection: string, id: string) => Promise<unknown>;
};

declare global {
  interface Window {
    wrmTestHooks?: TestHooks;
  }
}

/**
 * End-to-end tests save field events through the app's own write path before the feature UIs for
 * them exist. Off unless a test set `wrm.testHooks` in session storage before the app started.
 */
export function installTestHooks(db: AppDatabase, storage: Storage | null): void {
  if (storage?.getItem('wrm.testHooks') !== '1') {
    return;
  }
  window.wrmTestHooks = {
    writeFieldEvent: (collection, record) => writeFieldEvent(db, collection as 'patrols', record),
    findById: async (collection, id) => {
      // A collection opened behind the others (deferred-collections) is waited for, as screens do.
      const doc = await (await collectionReady(db, collection as 'patrols')).findOne(id).exec();
      return doc === null ? null : doc.toJSON();
    },
  };
}
