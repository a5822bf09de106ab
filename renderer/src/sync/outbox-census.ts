import type { RxCollection } from 'rxdb';
import type { EventCollectionName } from '#shared/domain/index';
import type { AppDatabase } from '../db/database';
import { collectionReady } from '../db/deferred-collections';
import type { PhotoRecordRef } from './photo-queue-status';
import { demoDevice } from './push-rows';

/** This laptop's field records of one collection: the ids without a receipt stamp, and how many have one. */
export type OutboxCensus = { readonly unstamped: readonly string[]; readonly stored: number };

/** The collection once open (corrections opens in the background after the database). */
async function eventsOf(
  db: AppDatabase,
  name: EventCollectionName,
): Promise<RxCollection<Record<string, unknown>>> {
  return (await collectionReady(db, name)) as unknown as RxCollection<Record<string, unknown>>;
}

/** Reads one collection's crew records (demo data excluded) and splits them by receipt stamp. */
export async function readOutbox(db: AppDatabase, name: EventCollectionName): Promise<OutboxCensus> {
  const docs = await (await eventsOf(db, name)).find({ selector: { deviceId: { $ne: demoDevice } } }).exec();
  const unstamped: string[] = [];
  let stored = 0;
  for (const doc of docs) {
    if (typeof doc.get('receivedAt') === 'number') {
      stored += 1;
    } else {
      unstamped.push(String(doc.primary));
    }
  }
  return { unstamped, stored };
}

/** The crew's photo records (demo data excluded), for the photo files' row and the upload queue. */
export async function readPhotoRecords(db: AppDatabase): Promise<PhotoRecordRef[]> {
  const docs = await db.collections.photos.find({ selector: { deviceId: { $ne: demoDevice } } }).exec();
  return docs.map((d) => ({
    id: d.id,
    storedSha256: d.storedSha256,
    stored: typeof d.receivedAt === 'number',
  }));
}

/** The crew's records without a receipt stamp, as plain objects (what a sweep sends again). */
export async function readUnstamped(
  db: AppDatabase,
  name: EventCollectionName,
  ids: readonly string[],
): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) {
    return [];
  }
  const found = await (await eventsOf(db, name)).findByIds([...ids]).exec();
  return [...found.values()]
    .map((d) => d.toJSON() as Record<string, unknown>)
    .filter((d) => typeof d['receivedAt'] !== 'number' && d['deviceId'] !== demoDevice);
}
