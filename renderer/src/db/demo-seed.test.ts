import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { defaultDemoSiteCount } from '#shared/demo/index';
import { demoSiteCount, seedDemoProvinceIfEmpty } from './demo-seed';
import { openAppDatabase } from './open-database';
import { testKey, uniqueDbName } from './test-support';

// Real RxDB + Dexie over fake-indexeddb (Node has no IndexedDB).
let db: AppDatabase;
beforeAll(async () => {
  const result = await openAppDatabase({ name: uniqueDbName('seed'), key: testKey, devMode: false });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  db = result.value;
});
afterAll(async () => {
  await db.close();
});

describe('seedDemoProvinceIfEmpty', () => {
  it('loads the demo province into an empty database once, and completes an interrupted load', async () => {
    expect(await seedDemoProvinceIfEmpty(db, { sites: 40, endDay: '2026-11-24', chunk: 25 })).toBe(true);
    const sites = await db.collections.sites.count().exec();
    expect(sites).toBe(40);
    expect(await db.collections.site_health.count().exec()).toBe(40);
    expect(await db.collections.water_users.count().exec()).toBeGreaterThan(10);
    expect(await seedDemoProvinceIfEmpty(db, { sites: 40, endDay: '2026-11-24' })).toBe(false);

    // An interrupted load (marker left incomplete, part of the records gone) resumes on the next start.
    await db.upsertLocal('demo-province', {
      seed: 20_161_101,
      sites: 40,
      endDay: '2026-11-24',
      complete: false,
    });
    await db.collections.site_health
      .find({ selector: { siteId: { $in: ['site-000001', 'site-000002'] } } })
      .remove();
    expect(await seedDemoProvinceIfEmpty(db, { sites: 40 })).toBe(true);
    expect(await db.collections.site_health.count().exec()).toBe(40);
    expect((await db.getLocal<{ complete: boolean }>('demo-province'))?.toJSON().data.complete).toBe(true);
  });
});

describe('a laptop whose crew chose to enrol', () => {
  it('stops a demo load at the next batch and leaves it marked incomplete', async () => {
    // An interrupted load would resume here; the crew chose "enrol" after two batches.
    await db.upsertLocal('demo-province', {
      seed: 20_161_101,
      sites: 40,
      endDay: '2026-11-24',
      complete: false,
    });
    let asked = 0;
    const loaded = await seedDemoProvinceIfEmpty(db, {
      sites: 40,
      chunk: 10,
      shouldStop: () => (asked += 1) > 2,
    });
    expect(loaded).toBe(false);
    expect(asked).toBe(3);
    expect((await db.getLocal<{ complete: boolean }>('demo-province'))?.toJSON().data.complete).toBe(false);
  });
});

describe('demo province size', () => {
  const storage = (value: string | null) => ({ getItem: () => value }) as unknown as Storage;
  it('takes a positive whole number from the session, the default otherwise', () => {
    expect(demoSiteCount(storage('20000'))).toBe(20_000);
    for (const bad of [null, '', 'many', '0', '-5', '1.5']) {
      expect(demoSiteCount(storage(bad))).toBe(defaultDemoSiteCount);
    }
    expect(demoSiteCount(null)).toBe(defaultDemoSiteCount);
  });
});
