import 'fake-indexeddb/auto';
import { createRxDatabase, type RxCollectionCreator } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { collections } from '#shared/domain/index';
import { sampleRecords } from '#shared/domain/fixtures';
import v0Site from '#shared/domain/migrations/fixtures/sites-v0.doc.json';
import v0SiteSchema from '#shared/domain/migrations/fixtures/sites-v0.schema.json';
import type { AppDatabase } from './database';
import { openAppDatabase } from './open-database';
import { createAppStorage, durabilityRoutedDexieStorage } from './storage';
import { rawRows, testKey, uniqueDbName } from './test-support';

// Real RxDB + Dexie storage, over fake-indexeddb because Node has no IndexedDB (the e2e and crash
// tests run the same code in Chromium).
const opened: AppDatabase[] = [];
async function open(name: string, key = testKey) {
  const result = await openAppDatabase({ name, key, devMode: false });
  if (result.ok) {
    opened.push(result.value);
  }
  return result;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

describe('openAppDatabase', () => {
  it('opens every collection, encrypts personal fields at rest and reads them back', async () => {
    const name = uniqueDbName();
    const result = await open(name);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    const db = result.value;
    expect(Object.keys(db.collections).sort()).toContain('patrols');
    await db.collections.water_users.insert(sampleRecords.water_users as never);
    const stored = await db.collections.water_users.findOne('wu-1').exec();
    expect(stored?.contactPhone).toBe('13800000000');
    const raw = (await rawRows(`rxdb-dexie-${name}--0--water_users`, 'docs')) as Record<string, unknown>[];
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw[0])).not.toContain('13800000000');
    expect(JSON.stringify(raw[0])).not.toContain('张工');
    expect(raw[0]?.['name']).toBe('示例水务有限公司'); // not a personal field: stays searchable
  });

  it('refuses an invalid document even outside the write helpers (validator in every build)', async () => {
    const result = await open(uniqueDbName());
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    const sites = result.value.collections.sites;
    for (const bad of [
      { divisionCode: '53' }, // length
      { divisionCode: 'abcdef' }, // pattern
      { kind: 'well' }, // enum
      { position: { lat: 95, lng: 104 } }, // range
      { extra: 1 }, // unknown field
    ]) {
      await expect(
        sites.insert({ ...sampleRecords.sites, ...bad } as never),
        JSON.stringify(bad),
      ).rejects.toThrow();
    }
    expect(await sites.count().exec()).toBe(0);
    await sites.insert(sampleRecords.sites as never);
    expect(await sites.count().exec()).toBe(1);
  });

  it('reports a wrong key and leaves the data in place', async () => {
    const name = uniqueDbName();
    const first = await open(name);
    if (!first.ok) {
      throw new Error(first.error.message);
    }
    await first.value.collections.water_users.insert(sampleRecords.water_users as never);
    await first.value.close();

    const wrong = await open(name, 'another-key-entirely-0000');
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.code).toBe('wrong-key');
      expect(wrong.error.cause).toBe('DB1');
    }
    const again = await open(name);
    if (!again.ok) {
      throw new Error(again.error.message);
    }
    expect((await again.value.collections.water_users.findOne('wu-1').exec())?.contactName).toBe('张工');
  });

  it('reports a schema changed without a version bump instead of resetting', async () => {
    const name = uniqueDbName();
    const storage = createAppStorage();
    const other = await createRxDatabase({ name, storage, password: testKey });
    const changed = {
      ...v0SiteSchema,
      version: collections.sites.version,
      properties: { ...v0SiteSchema.properties, extra: { type: 'string' } },
    };
    await other.addCollections({
      sites: {
        schema: changed as unknown as RxCollectionCreator['schema'],
        migrationStrategies: { 1: (d: unknown) => d, 2: (d: unknown) => d },
      },
    });
    await other.close();
    const result = await open(name);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('schema-changed');
    }
  });

  it('migrates a v0 sites document to the current version on open', async () => {
    const name = uniqueDbName();
    const old = await createRxDatabase({ name, storage: createAppStorage(), password: testKey });
    await old.addCollections({ sites: { schema: v0SiteSchema as unknown as RxCollectionCreator['schema'] } });
    await old.collections['sites']!.insert(v0Site);
    await old.close();

    const result = await open(name);
    if (!result.ok) {
      throw new Error(`${result.error.code}: ${result.error.message}`);
    }
    const site = await result.value.collections.sites.findOne(v0Site.id).exec();
    expect(site?.toJSON()).toMatchObject({ ...v0Site, allowedDelayMinutes: null, station: null });
  });
});

describe('durabilityRoutedDexieStorage', () => {
  it('gives field-event collections strict durability and reference data the default', async () => {
    const storage = durabilityRoutedDexieStorage();
    const base = {
      databaseInstanceToken: 't',
      databaseName: uniqueDbName(),
      options: {},
      multiInstance: false,
      devMode: false,
    };
    const schema = (name: string) => ({
      version: 0,
      primaryKey: 'id',
      type: 'object',
      properties: { id: { type: 'string', maxLength: 64 } },
      required: ['id'],
      title: name,
    });
    const patrols = await storage.createStorageInstance({
      ...base,
      collectionName: 'patrols',
      schema: schema('patrols') as never,
    });
    const sites = await storage.createStorageInstance({
      ...base,
      collectionName: 'sites',
      schema: schema('sites') as never,
    });
    expect((patrols as unknown as { settings: object }).settings).toEqual({
      chromeTransactionDurability: 'strict',
    });
    expect((sites as unknown as { settings: object }).settings).toEqual({});
    await Promise.all([patrols.close(), sites.close()]);
  });
});
