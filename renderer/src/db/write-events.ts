import type { RxCollection } from 'rxdb';
import {
  collections,
  isEventCollectionName,
  validateRecord,
  type CollectionSpec,
  type EventCollectionName,
  type RecordIssue,
  type RecordOf,
} from '#shared/domain/index';
import type { AppDatabase } from './database';
import { collectionReady } from './deferred-collections';

export const writeErrorCodes = ['invalid', 'not-an-event', 'conflict', 'storage'] as const;
export type WriteErrorCode = (typeof writeErrorCodes)[number];

export type WriteFailure = {
  readonly code: WriteErrorCode;
  /** Names the collection, field and rule (`patrols: siteId: …`). */
  readonly message: string;
  readonly issues: readonly RecordIssue[];
};

export type WriteResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WriteFailure };

export type FieldEventWrite = {
  [N in EventCollectionName]: { readonly collection: N; readonly record: unknown };
}[EventCollectionName];

export type WriteOutcome = {
  /** Ids newly stored. */
  readonly written: readonly string[];
  /** Ids already stored with identical content: pushing an event twice is a no-op. */
  readonly alreadyPresent: readonly string[];
};

function failure(code: WriteErrorCode, message: string, issues: readonly RecordIssue[] = []) {
  return { ok: false as const, error: { code, message, issues } };
}

/** Stored documents carry RxDB's bookkeeping (`_rev`, `_meta`…); compare the record's own fields. */
function sameRecord(stored: Record<string, unknown>, record: Record<string, unknown>): boolean {
  const strip = (r: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(r)
        .filter((k) => !k.startsWith('_'))
        .sort()
        .map((k) => [k, r[k]]),
    );
  return strip(stored) === strip(record);
}

/**
 * Writes field events (patrols, readings, fault events…): every record is validated first, and if one
 * fails nothing is written — the message names the collection, field and rule. Events are
 * append-only: an id already stored with the same content is a no-op, with other content a conflict
 * (again before anything is written). Parents should come first in `items`; RxDB cannot span one
 * transaction over collections, so a crash between collections leaves a prefix, and writing the same
 * items again completes it.
 */
export async function writeFieldEvents(
  db: AppDatabase,
  items: readonly FieldEventWrite[],
): Promise<WriteResult<WriteOutcome>> {
  const parsed: { collection: EventCollectionName; record: Record<string, unknown> }[] = [];
  for (const [index, item] of items.entries()) {
    if (!isEventCollectionName(item.collection)) {
      return failure(
        'not-an-event',
        `${String(item.collection)}: not a field-event collection; base data changes go through a Correction`,
      );
    }
    const result = validateRecord(collections[item.collection] as CollectionSpec, item.record);
    if (!result.ok) {
      const prefix = items.length > 1 ? `item ${index + 1}: ` : '';
      return failure('invalid', `${prefix}${result.message}`, result.issues);
    }
    parsed.push({ collection: item.collection, record: result.value });
  }
  const seen = new Set<string>();
  for (const p of parsed) {
    const key = `${p.collection}/${String(p.record['id'])}`;
    if (seen.has(key)) {
      return failure('conflict', `${key}: the same id appears twice in one write`);
    }
    seen.add(key);
  }

  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (only !== undefined) {
    return writeOne(db, only.collection, only.record);
  }
  const byCollection = new Map<EventCollectionName, Record<string, unknown>[]>();
  for (const p of parsed) {
    byCollection.set(p.collection, [...(byCollection.get(p.collection) ?? []), p.record]);
  }
  const toWrite = new Map<EventCollectionName, Record<string, unknown>[]>();
  const alreadyPresent: string[] = [];
  try {
    for (const [name, records] of byCollection) {
      const ids = records.map((r) => String(r['id']));
      // A deferred collection (corrections) may still be opening: the write waits for it.
      const existing = await (await collectionReady(db, name)).findByIds(ids).exec();
      const fresh: Record<string, unknown>[] = [];
      for (const record of records) {
        const stored = existing.get(String(record['id']));
        if (stored === undefined) {
          fresh.push(record);
        } else if (sameRecord(stored.toJSON(), record)) {
          alreadyPresent.push(String(record['id']));
        } else {
          return failure('conflict', conflictMessage(name, String(record['id'])));
        }
      }
      toWrite.set(name, fresh);
    }
    const written: string[] = [];
    for (const [name, records] of toWrite) {
      if (records.length === 0) {
        continue;
      }
      // The records were parsed by this collection's schema above; RxDB's union of collection types
      // cannot express that per iteration.
      const collection = (await collectionReady(db, name)) as unknown as RxCollection<
        Record<string, unknown>
      >;
      const result = await collection.bulkInsert(records);
      const firstError = result.error[0];
      if (firstError !== undefined) {
        return failure(
          'storage',
          `${name}/${firstError.documentId}: ${firstError.status} ${firstError.isError ? 'write refused' : ''}`.trim(),
        );
      }
      written.push(...records.map((r) => String(r['id'])));
    }
    return { ok: true, value: { written, alreadyPresent } };
  } catch (error) {
    return failure('storage', storageMessage(error));
  }
}

const conflictMessage = (name: string, id: string) =>
  `${name}/${id}: already stored with other content; field events are append-only — write a correction event instead`;

function storageMessage(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/**
 * A single record needs no read first: one insert (one IndexedDB transaction), and if the id is taken
 * the stored document comes back with the conflict to compare against.
 */
async function writeOne(
  db: AppDatabase,
  name: EventCollectionName,
  record: Record<string, unknown>,
): Promise<WriteResult<WriteOutcome>> {
  const id = String(record['id']);
  try {
    const collection = (await collectionReady(db, name)) as unknown as RxCollection<Record<string, unknown>>;
    const result = await collection.bulkInsert([record]);
    const error = result.error[0];
    if (error === undefined) {
      return { ok: true, value: { written: [id], alreadyPresent: [] } };
    }
    if (error.status === 409 && error.documentInDb !== undefined) {
      return sameRecord(error.documentInDb, record)
        ? { ok: true, value: { written: [], alreadyPresent: [id] } }
        : failure('conflict', conflictMessage(name, id));
    }
    return failure('storage', `${name}/${id}: ${error.status} write refused`);
  } catch (error) {
    return failure('storage', storageMessage(error));
  }
}

/** One field event (see `writeFieldEvents`); resolves to the stored record. */
export async function writeFieldEvent<N extends EventCollectionName>(
  db: AppDatabase,
  collection: N,
  record: unknown,
): Promise<WriteResult<RecordOf<N>>> {
  const result = await writeFieldEvents(db, [{ collection, record }]);
  if (!result.ok) {
    return result;
  }
  const parsed = validateRecord(collections[collection] as CollectionSpec, record);
  return { ok: true, value: (parsed.ok ? parsed.value : record) as RecordOf<N> };
}
