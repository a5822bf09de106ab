import type { RxCollection } from 'rxdb';
import type { CollectionName, RecordOf } from '#shared/domain/index';
import type { AppDatabase } from './database';
import type { DatabaseOpenError } from './open-errors';

/**
 * Collections opened after the database is handed to the app, in the background. RxDB open core (no
 * premium flag) lets a JS realm open its 14th collection only after waiting up to 60 × 30 ms for one
 * of 13 to close; the registry has 14. The app's start (map, pages, sync) needs the other 13, so the
 * least-needed one — base-data correction proposals — opens behind them and the wait costs no screen
 * anything. Everything that touches a collection waits for `collectionReady` first.
 */
export const deferredCollectionNames = ['corrections'] as const satisfies readonly CollectionName[];

/** The deferred open failed: its classified error, for the database error screen. */
export class DeferredOpenError extends Error {
  constructor(readonly error: DatabaseOpenError) {
    super(`${error.code}: ${error.message}`);
    this.name = 'DeferredOpenError';
  }
}

type Deferred = {
  readonly done: Promise<void>;
  failure: DatabaseOpenError | null;
  readonly listeners: Set<(error: DatabaseOpenError) => void>;
};
const deferredOpens = new WeakMap<AppDatabase, Deferred>();

/**
 * Registers the background open of a database's deferred collections (`openAppDatabase` calls it).
 * `open` resolves to null when they are open (or the database was closed first), or to the error.
 */
export function trackDeferredOpen(db: AppDatabase, open: Promise<DatabaseOpenError | null>): void {
  const entry: Deferred = {
    done: open.then((failure) => {
      entry.failure = failure;
      if (failure !== null) {
        entry.listeners.forEach((l) => l(failure));
      }
    }),
    failure: null,
    listeners: new Set(),
  };
  deferredOpens.set(db, entry);
}

/**
 * The collection, once it is open: at once for one opened with the database, after the background
 * open for a deferred one. Rejects with a `DeferredOpenError` when that open failed, and with a plain
 * error for a collection this database never opens (or when it was closed first).
 */
export async function collectionReady<N extends CollectionName>(
  db: AppDatabase,
  name: N,
): Promise<RxCollection<RecordOf<N>>> {
  // RxDB's collections map is typed as complete; a deferred collection is absent until it opens.
  const open = db.collections[name] as RxCollection<RecordOf<N>> | undefined;
  if (open !== undefined && !db.closed) {
    return open;
  }
  const entry = deferredOpens.get(db);
  if (entry !== undefined) {
    await entry.done;
    if (entry.failure !== null) {
      throw new DeferredOpenError(entry.failure);
    }
    const later = db.collections[name] as RxCollection<RecordOf<N>> | undefined;
    if (later !== undefined && !db.closed) {
      return later;
    }
  }
  throw new Error(`${name}: not open in database ${db.name}${db.closed ? ' (closed)' : ''}`);
}

/** Whether every deferred collection of the database is open (no wait needed). */
export function isCollectionOpen(db: AppDatabase, name: CollectionName): boolean {
  return (db.collections[name] as RxCollection | undefined) !== undefined;
}

/**
 * Calls `listener` when the database's deferred open fails (at once if it already has); returns the
 * unsubscribe. The database context shows the database error screen from it.
 */
export function onDeferredOpenFailure(
  db: AppDatabase,
  listener: (error: DatabaseOpenError) => void,
): () => void {
  const entry = deferredOpens.get(db);
  if (entry === undefined) {
    return () => undefined;
  }
  if (entry.failure !== null) {
    listener(entry.failure);
    return () => undefined;
  }
  entry.listeners.add(listener);
  return () => entry.listeners.delete(listener);
}

/** Resolves when the deferred open has ended (opened, failed or the database closed); never rejects. */
export function deferredOpenSettled(db: AppDatabase): Promise<void> {
  return deferredOpens.get(db)?.done ?? Promise.resolve();
}
