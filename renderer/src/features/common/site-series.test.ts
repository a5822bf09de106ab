import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBackwardsAt, demoBackwardsVolumeSiteCode } from '#shared/demo/demo-series';
import { dayOf, dayStart } from '#shared/health/days';
import type { SeriesPoint } from '#shared/monitoring/series-wire';
import type { AppDatabase } from '../../db/database';
import { seedDemoProvinceIfEmpty } from '../../db/demo-seed';
import { openAppDatabase } from '../../db/open-database';
import { testKey, uniqueDbName } from '../../db/test-support';
import { createSeriesCache, loadSiteSeries, type SeriesClient } from '../../sync/series-cache';
import { localDocumentStore } from '../../sync/series-cache-runtime';
import { demoSeriesAnswer } from './site-series';

// Real RxDB + Dexie over fake-indexeddb (Node has no IndexedDB).
async function open(prefix: string): Promise<AppDatabase> {
  const result = await openAppDatabase({ name: uniqueDbName(prefix), key: testKey, devMode: false });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  return result.value;
}

const hour = 3_600_000;
const now = Date.now();

describe('site series on the device database', () => {
  let db: AppDatabase;
  beforeAll(async () => {
    db = await open('series');
  });
  afterAll(async () => {
    await db.close();
  });

  it('without the demo province, no demo series is made up', async () => {
    expect(
      await demoSeriesAnswer(db, demoBackwardsVolumeSiteCode, 'volume', now - 3 * 86_400_000, now, now),
    ).toBeNull();
  });

  it("the series cache lives in the database's local documents and answers after a restart, offline", async () => {
    // The service's answer, as the route gives it (the route itself runs against the real service in
    // server/routes/monitoring.test.ts; the renderer may not import the service).
    const point: SeriesPoint = {
      time: now - hour,
      value: 7,
      source: 'receiver',
      flag: null,
      receivedAt: now - hour + 60_000,
      revised: 8,
      revisedAt: now,
      duplicates: 0,
    };
    const client: SeriesClient = {
      series: (q) =>
        Promise.resolve({
          ok: true,
          value: { site: q.site, element: q.element, from: q.from, to: q.to, points: [point] },
        }),
      daySummaries: () => Promise.resolve({ ok: true, value: { summaries: [], next: null } }),
    };
    const cache = createSeriesCache({ store: localDocumentStore(db), now: () => now });
    expect((await cache.refresh(client, [{ siteCode: 'A1', element: 'ph' }])).fetched).toBe(1);
    const again = createSeriesCache({ store: localDocumentStore(db), now: () => now });
    const offline = await loadSiteSeries(
      { cache: again, client: null, online: false, now },
      { siteCode: 'A1', element: 'ph' },
      now - 2 * hour,
      now,
    );
    expect(offline).toMatchObject({ state: 'ready', source: 'cache', points: [point] });
    // Nothing of it is in a replicated collection.
    for (const name of Object.keys(db.collections)) {
      expect(await db.collections[name as 'sites'].count().exec(), name).toBe(0);
    }
  });

  it('the demo province gives every site a series; the planted site runs backwards', async () => {
    expect(await seedDemoProvinceIfEmpty(db, { sites: 30, endDay: dayOf(now - 86_400_000), chunk: 30 })).toBe(
      true,
    );
    const from = dayStart(dayOf(now)) - 3 * 86_400_000;
    const answer = await demoSeriesAnswer(db, demoBackwardsVolumeSiteCode, 'volume', from, now, now);
    expect(answer).toMatchObject({ state: 'ready', source: 'demo' });
    const points = answer!.points;
    const backwards = points.filter((p, i) => i > 0 && p.value < points[i - 1]!.value).map((p) => p.time);
    expect(backwards).toEqual([demoBackwardsAt(dayOf(now))]);
    expect(answer!.summaries).toHaveLength(31);
    const other = await demoSeriesAnswer(db, '53072110001', 'flow', from, now, now);
    expect(other?.points.length).toBeGreaterThan(3 * 24);
    const unknown = await demoSeriesAnswer(db, 'no-such-site', 'flow', from, now, now);
    expect(unknown).toMatchObject({ state: 'error', source: 'demo' });
  });
});
