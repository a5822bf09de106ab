import 'fake-indexeddb/auto';
import { createRxDatabase, OPEN_COLLECTIONS, type RxCollectionCreator } from 'rxdb';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { collections, collectionNames, newId, toRxJsonSchema } from '#shared/domain/index';
import v0Site from '#shared/domain/migrations/fixtures/sites-v0.doc.json';
import v0SiteSchema from '#shared/domain/migrations/fixtures/sites-v0.schema.json';
import type { AppDatabase } from './database';
import {
  collectionReady,
  DeferredOpenError,
  deferredOpenSettled,
  onDeferredOpenFailure,
} from './deferred-collections';
import type { DatabaseOpenError } from './open-errors';
import { openAppDatabase } from './open-database';
import { findRecords, records$ } from './queries';
import { createAppStorage } from './storage';
import { testKey, uniqueDbName } from './test-support';
import { writeFieldEvent } from './write-events';

// Real RxDB (open core: 13 collections per realm before it waits) + Dexie over fake-indexeddb.
const opened: AppDatabase[] = [];
async function open(name: string, deferred?: readonly (typeof collectionNames)[number][]) {
  const t0 = performance.now();
  const result = await openAppDatabase({ name, key: testKey, devMode: false, deferred });
  if (!result.ok) {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
  opened.push(result.value);
  return { db: result.value, openMs: performance.now() - t0 };
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

const correction = () => ({ ...sampleRecords.corrections, id: newId() });

describe('the deferred 14th collection', () => {
  it('opens the 13 without RxDB open-core wait, then corrections in the background', async () => {
    const { db, openMs } = await open(uniqueDbName('deferred'));
    // The 13 are there; corrections is not yet (RxDB makes a realm's 14th wait up to 60 × 30 ms).
    expect(Object.keys(db.collections).sort()).toEqual(
      collectionNames.filter((n) => n !== 'corrections').sort(),
    );
    expect(openMs).toBeLessThan(1800);
    const t0 = performance.now();
    const corrections = await collectionReady(db, 'corrections');
    const waitedMs = performance.now() - t0;
    // The open-core wait happened after the open resolved, not inside it.
    expect(waitedMs).toBeGreaterThan(1000);
    expect(corrections.name).toBe('corrections');
    expect(db.collections.corrections).toBe(corrections);
    // An open collection resolves at once (same object, no wait).
    expect(await collectionReady(db, 'sites')).toBe(db.collections.sites);
  });

  it('a write and a live query on corrections before it is open wait for it, and the write lands', async () => {
    const { db } = await open(uniqueDbName('deferred'));
    expect(db.collections.corrections).toBeUndefined();
    const record = correction();
    const live = firstValueFrom(records$(db, 'corrections').pipe(filter((rows) => rows.length > 0)));
    const written = await writeFieldEvent(db, 'corrections', record);
    expect(written).toMatchObject({ ok: true, value: { id: record.id } });
    expect((await live).map((r) => r.id)).toEqual([record.id]);
    expect((await findRecords(db, 'corrections')).map((r) => r.id)).toEqual([record.id]);
    // Stored encrypted-at-rest stack and all: the same write path as every other event.
    expect((await db.collections.corrections.findOne(record.id).exec())?.status).toBe('pending');
  });

  it('runs the migration path for a deferred collection (a v0 site migrated when sites is the deferred one)', async () => {
    const name = uniqueDbName('deferred');
    const old = await createRxDatabase({ name, storage: createAppStorage(), password: testKey });
    await old.addCollections({ sites: { schema: v0SiteSchema as unknown as RxCollectionCreator['schema'] } });
    await old.collections['sites']!.insert(v0Site);
    await old.close();

    const { db } = await open(name, ['sites']);
    expect(db.collections.sites).toBeUndefined();
    const [site] = await findRecords(db, 'sites', { selector: { id: v0Site.id } });
    expect(site).toMatchObject({ ...v0Site, allowedDelayMinutes: null, station: null });
  });

  it('a failed deferred open reaches the database error path, classified, and fails its readers and writers', async () => {
    const name = uniqueDbName('deferred');
    // The stored corrections schema differs from this build's at the same version (a missed bump).
    const other = await createRxDatabase({ name, storage: createAppStorage(), password: testKey });
    const schema = toRxJsonSchema(collections.corrections) as { properties: object };
    await other.addCollections({
      corrections: {
        schema: {
          ...schema,
          properties: { ...schema.properties, extra: { type: 'string' } },
        } as unknown as RxCollectionCreator['schema'],
      },
    });
    await other.close();

    const { db } = await open(name);
    const failures: DatabaseOpenError[] = [];
    onDeferredOpenFailure(db, (e) => failures.push(e));
    await expect(collectionReady(db, 'corrections')).rejects.toBeInstanceOf(DeferredOpenError);
    expect(failures.map((f) => f.code)).toEqual(['schema-changed']);
    const written = await writeFieldEvent(db, 'corrections', correction());
    expect(written).toMatchObject({ ok: false, error: { code: 'storage' } });
    // A listener added after the failure hears it at once; the 13 stay usable.
    const late: string[] = [];
    onDeferredOpenFailure(db, (e) => late.push(e.code));
    expect(late).toEqual(['schema-changed']);
    expect(await db.collections.sites.count().exec()).toBe(0);
  });

  it('a database closed before the deferred open ends is not a failure and leaves nothing open', async () => {
    const { db } = await open(uniqueDbName('deferred'));
    const failures: DatabaseOpenError[] = [];
    onDeferredOpenFailure(db, (e) => failures.push(e));
    await db.close();
    await deferredOpenSettled(db);
    expect(failures).toEqual([]);
    await expect(collectionReady(db, 'corrections')).rejects.toThrow(/not open/);
    // Nothing of the closed database holds one of the realm's 13 (RxDB's own register of them).
    expect([...OPEN_COLLECTIONS].filter((c) => c.database.name === db.name)).toEqual([]);
    const { db: next } = await open(uniqueDbName('deferred'));
    expect([...OPEN_COLLECTIONS].filter((c) => c.database.name !== next.name).map((c) => c.name)).toEqual([]);
  });
});
