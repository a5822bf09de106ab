import { useEffect, useState } from 'react';
import type { MangoQuery, RxCollection } from 'rxdb';
import { defer, from, map, switchMap, type Observable } from 'rxjs';
import type { CollectionName, RecordOf } from '#shared/domain/index';
import type { AppDatabase } from './database';
import { useDatabase } from './database-context';
import { collectionReady } from './deferred-collections';

export type QueryState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'error'; readonly message: string };

/**
 * A live query on a collection, built once the collection is open: at once for the 13 opened with the
 * database, after the background open for a deferred one (`deferred-collections.ts`), so no screen
 * ever queries a collection that is not there yet. A failed deferred open errors the observable.
 */
function whenOpen<N extends CollectionName, T>(
  db: AppDatabase,
  name: N,
  build: (collection: RxCollection<RecordOf<N>>) => Observable<T>,
): Observable<T> {
  return defer(() => from(collectionReady(db, name))).pipe(switchMap(build));
}

/** Live plain records of a query (re-emits on every change that touches the result). */
export function records$<N extends CollectionName>(
  db: AppDatabase,
  name: N,
  query: MangoQuery<RecordOf<N>> = {},
): Observable<RecordOf<N>[]> {
  return whenOpen(db, name, (c) =>
    c.find(query).$.pipe(map((docs) => docs.map((d) => d.toJSON() as RecordOf<N>))),
  );
}

/** Live plain record by id, or null while it does not exist. */
export function record$<N extends CollectionName>(
  db: AppDatabase,
  name: N,
  id: string,
): Observable<RecordOf<N> | null> {
  return whenOpen(db, name, (c) =>
    c.findOne(id).$.pipe(map((doc) => (doc === null ? null : (doc.toJSON() as RecordOf<N>)))),
  );
}

/** One-shot plain records of a query. */
export async function findRecords<N extends CollectionName>(
  db: AppDatabase,
  name: N,
  query: MangoQuery<RecordOf<N>> = {},
): Promise<RecordOf<N>[]> {
  const docs = await (await collectionReady(db, name)).find(query).exec();
  return docs.map((d) => d.toJSON() as RecordOf<N>);
}

/**
 * Subscribes a component to an observable built from the database; `key` names the query — when it
 * changes the subscription is rebuilt (pass the JSON of the selector, the site id…).
 */
export function useLive<T>(key: string, build: (db: AppDatabase) => Observable<T>): QueryState<T> {
  const db = useDatabase();
  const [state, setState] = useState<{ key: string; value: QueryState<T> }>({
    key,
    value: { status: 'loading' },
  });
  useEffect(() => {
    const subscription = build(db).subscribe({
      next: (value) => setState({ key, value: { status: 'ready', value } }),
      error: (error: unknown) =>
        setState({
          key,
          value: { status: 'error', message: error instanceof Error ? error.message : String(error) },
        }),
    });
    return () => subscription.unsubscribe();
    // `build` is re-created every render; `key` says when the query really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, key]);
  return state.key === key ? state.value : { status: 'loading' };
}

/** Live records of one collection matching a Mango query. */
export function useRecords<N extends CollectionName>(
  name: N,
  query: MangoQuery<RecordOf<N>> = {},
): QueryState<RecordOf<N>[]> {
  return useLive(`${name}:${JSON.stringify(query)}`, (db) => records$(db, name, query));
}

/** Live record by id (null when absent). */
export function useRecord<N extends CollectionName>(name: N, id: string): QueryState<RecordOf<N> | null> {
  return useLive(`${name}#${id}`, (db) => record$(db, name, id));
}
