import type { RxCollection, RxDatabase } from 'rxdb';
import type { CollectionName, RecordOf } from '#shared/domain/index';

export type AppCollections = { readonly [N in CollectionName]: RxCollection<RecordOf<N>> };
/** The device database: one RxDB collection per entry of the domain registry. */
export type AppDatabase = RxDatabase<AppCollections>;

/** Name of the device database (IndexedDB databases are named `rxdb-dexie-wrm--<v>--<collection>`). */
export const appDatabaseName = 'wrm';
