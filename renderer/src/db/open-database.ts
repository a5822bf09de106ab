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

/**
 * Opens the device database with every collection of the domain registry, migrating older data.
 * Failures come back as a code the UI explains; the database is never removed or reset here.
 */
export async function openAppDatabase(options: OpenAppDatabaseOptions): Promise<OpenResult> {
  const devMode = options.devMode ?? import.meta.env.DEV;
  const names = options.only ?? collectionNames;
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
  try {
    await db.addCollections(collectionCreators(names));
  } catch (error) {
    await db.close();
    return { ok: false, error: classifyOpenError(error, 'open') };
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
    await db.close();
    return { ok: false, error: classifyOpenError(error, 'migrate') };
  }
  return { ok: true, value: db };
}
