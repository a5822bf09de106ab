import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { eventCollectionNames } from '#shared/domain/index';
import { wrappedFieldEncryptionStorage } from './field-encryption';
import type { AnyRxStorage } from './storage-types';
import { wrappedValidateZodStorage } from './zod-validator';

export type { AnyRxStorage } from './storage-types';

/** RxDB's own metadata collection (schemas, password hash): written rarely, must never be lost. */
const internalCollection = '_rxdb_internal';

/**
 * The Dexie storage, with strict IndexedDB durability (flush to disk before `complete`) for the
 * collections of unsynced field events and RxDB's metadata, and the browser's default for the
 * server-authoritative reference data, which is bulk-loaded and can always be pulled again. RxDB's
 * Dexie storage opens one IndexedDB database per collection, so the choice is per collection.
 */
export function durabilityRoutedDexieStorage(
  strictCollections: ReadonlySet<string> = new Set([...eventCollectionNames, internalCollection]),
): AnyRxStorage {
  const strict = getRxStorageDexie({ chromeTransactionDurability: 'strict' });
  const relaxed = getRxStorageDexie({});
  return {
    name: strict.name,
    rxdbVersion: strict.rxdbVersion,
    createStorageInstance: (params) =>
      (strictCollections.has(params.collectionName) ? strict : relaxed).createStorageInstance(params),
  };
}

/**
 * The app's storage stack, outermost first: schema validation on every write in every build (without
 * it RxDB stores invalid documents silently), then encryption of each schema's `encrypted` fields with
 * the host's key (AES-GCM, see `field-encryption.ts`), then the base storage (Dexie on IndexedDB unless a test passes another). The
 * validator is the domain's zod schemas (see `zod-validator.ts` for why not ajv or z-schema).
 */
export function createAppStorage(base: AnyRxStorage = durabilityRoutedDexieStorage()): AnyRxStorage {
  return wrappedValidateZodStorage({
    storage: wrappedFieldEncryptionStorage({ storage: base }),
  });
}
