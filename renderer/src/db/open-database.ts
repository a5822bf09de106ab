import { addRxPlugin, createRxDatabase, type RxCollectionCreator } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import {
  collectionNames,
  collections,
  migrationStrategiesFor,
  toRxJsonSchema,
  type CollectionName,
} from '#shared/domain/index';
import { appDatabaseName, type AppDatabase } from './database';
import { deferredCollectionNames, trackDeferredOpen } from './deferred-collections';
import { classifyOpenError, type DatabaseOpenError } from './open-errors';
import { createAppStorage, type AnyRxStorage } from './storage';

export type OpenAppDatabaseOptions = {
  /** The key for `encrypted` fields: the host's `secrets.databaseKey`. */
  readonly key: string;
  readonly name?: string;
  /** The storage stack; default Dexie (strict for field events) + encryption + ajv validation. */
  readonly storage?: AnyRxStorage;
  /**
   * RxDB dev-mode (schema and query checks). Only in development builds: it loads a remote iframe,
   * which must never happen in production.
   */
  readonly devMode?: boolean;
  /**
   * The collections to open; default all of the registry. Only `npm run bench:db` passes fewer, to
   * measure the open without RxDB open-core's wait for a 14th collection (see docs/benchmarks.md).
   */
  readonly only?: readonly CollectionName[];
  /**
   * Collections opened in the background after the result is returned (see `deferred-collections.ts`);
   * default `corrections`. Reach them through `collectionReady`.
   */
  readonly deferred?: readonly CollectionName[];
};

export type OpenResult =
  | { readonly ok: true; readonly value: AppDatabase }
  | { readonly ok: false; readonly error: DatabaseOpenError };

let pluginsAdded = false;
async function addPlugins(devMode: boolean): Promise<void> {
  if (!pluginsAdded) {
    addRxPlugin(RxDBMigrationSchemaPlugin);
    addRxPlugin(RxDBLocalDocumentsPlugin);
    pluginsAdded = true;
  }
  // `import.meta.env.DEV` first: production builds drop this branch and the dev-mode chunk entirely.
  if (import.meta.env.DEV && devMode) {
    const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
    disableWarnings();
    addRxPlugin(RxDBDevModePlugin);
  }
}

function collectionCreators(names: readonly CollectionName[]): Record<string, RxCollectionCreator> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        // RxDB's schema type is stricter than the derived JSON schema's; the shape is checked by the
        // collections test and by RxDB itself when the collection is created.
        schema: toRxJsonSchema(collections[name]) as unknown as RxCollectionCreator['schema'],
        migrationStrategies: migrationStrategiesFor(name),
        // Run migrations below, explicitly, so a failed step is reported as such.
        autoMigrate: false,
      },
    ]),
  );
}

async function addAndMigrate(
  db: AppDatabase,
  names: readonly CollectionName[],
): Promise<DatabaseOpenError | null> {
  if (names.length === 0) {
    return null;
  }
  try {
    await db.addCollections(collectionCreators(names));
  } catch (error) {
    return classifyOpenError(error, 'open');
  }
  try {
    // Ask every collection at once (one small read of RxDB's metadata each), then migrate in order.
    const needed = await Promise.all(names.map((name) => db.collections[name].migrationNeeded()));
    for (const [i, name] of names.entries()) {
      if (needed[i] === true) {
        await db.collections[name].migratePromise(200);
      }
    }
  } catch (error) {
    return classifyOpenError(error, 'migrate');
  }
  return null;
}

/**
 * The background open of the deferred collections. A database closed meanwhile (a test, a window
 * going away) is not a failure; a collection RxDB finished creating after the close is closed too, or
 * it would count against the realm's 13 for good.
 */
async function openDeferred(
  db: AppDatabase,
  names: readonly CollectionName[],
  closing: () => boolean,
): Promise<DatabaseOpenError | null> {
  const failure = await addAndMigrate(db, names);
  if (closing()) {
    for (const name of names) {
      const collection = db.collections[name] as AppDatabase['collections'][CollectionName] | undefined;
      await collection?.close();
    }
    return null;
  }
  return failure;
}

/**
 * Opens the device database with every collection of the domain registry, migrating older data.
 * The deferred collections (`corrections`) open right after, in the background; a failure there
 * reaches the database error screen through `onDeferredOpenFailure`. Failures come back as a code the
 * UI explains; the database is never removed or reset here.
 */
export async function openAppDatabase(options: OpenAppDatabaseOptions): Promise<OpenResult> {
  const devMode = options.devMode ?? import.meta.env.DEV;
  const names = options.only ?? collectionNames;
  const deferredNames = options.deferred ?? deferredCollectionNames;
  const first = names.filter((n) => !deferredNames.includes(n));
  const later = names.filter((n) => deferredNames.includes(n));
  let db: AppDatabase;
  try {
    await addPlugins(devMode);
    db = await createRxDatabase({
      name: options.name ?? appDatabaseName,
      storage: options.storage ?? createAppStorage(),
      password: options.key,
      localDocuments: true,
      // Two windows on one database share it through BroadcastChannel.
      multiInstance: true,
      eventReduce: true,
    });
  } catch (error) {
    return { ok: false, error: classifyOpenError(error, 'open') };
  }
  const failure = await addAndMigrate(db, first);
  if (failure !== null) {
    await db.close();
    return { ok: false, error: failure };
  }
  // `db.closed` turns true only at the end of a close, after RxDB has closed the collections it had.
  let closing = false;
  db.onClose.push(() => {
    closing = true;
  });
  trackDeferredOpen(
    db,
    openDeferred(db, later, () => closing || db.closed),
  );
  return { ok: true, value: db };
}
