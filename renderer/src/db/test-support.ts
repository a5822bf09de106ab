// Test helpers for the device database (imported by tests only; real Dexie storage over
// fake-indexeddb, since Node has no IndexedDB of its own).
import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';

let counter = 0;
/** A database name no other test uses (fake-indexeddb is one global per worker). */
export function uniqueDbName(prefix = 'test'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export const testKey = 'k3y-for-tests-only-0123456789abcdef';

/** A valid patrol (check-in) with a fresh UUIDv7. */
export function samplePatrol(overrides: Record<string, unknown> = {}) {
  return { ...sampleRecords.patrols, id: newId(), ...overrides };
}

/** All rows of an IndexedDB object store, read with the raw IndexedDB API (what is on disk). */
export function rawRows(dbName: string, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
    open.onsuccess = () => {
      const idb = open.result;
      const request = idb.transaction(store, 'readonly').objectStore(store).getAll();
      request.onerror = () => reject(request.error ?? new Error('read failed'));
      request.onsuccess = () => {
        idb.close();
        resolve(request.result as unknown[]);
      };
    };
  });
}
