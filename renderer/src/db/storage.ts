import type { RxStorage } from 'rxdb';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';
import { eventCollectionNames } from '../../../shared/domain/index';

// RxStorage's type parameters are the storage's internals; the app only passes storages around.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRxStorage = RxStorage<any, any>;

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
 * The app's storage stack, outermost first: schema validation (every build — without it RxDB stores
 * invalid documents silently), then encryption of each schema's `encrypted` fields with the host's
 * key, then the base storage (Dexie on IndexedDB unless a test passes another).
 *
 * The validator is z-schema, not ajv: ajv compiles each schema with `new Function`, which the
 * renderer's CSP (`script-src 'self'`, no 'unsafe-eval') refuses, so an ajv-wrapped database cannot
 * open in the built app. z-schema interprets the schema and needs no eval.
 */
export function createAppStorage(base: AnyRxStorage = durabilityRoutedDexieStorage()): AnyRxStorage {
  return wrappedValidateZSchemaStorage({
    storage: wrappedKeyEncryptionCryptoJsStorage({ storage: base }),
  });
}
