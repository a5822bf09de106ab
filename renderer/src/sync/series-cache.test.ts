import { describe, expect, it } from 'vitest';
import type { SiteDaySummaries } from '#shared/monitoring/day-summary';
import type { DaySummariesResponse, SeriesPoint, SeriesResponse } from '#shared/monitoring/series-wire';
import type { ClientResult } from '#shared/sync/index';
import {
  cachedAnswer,
  createSeriesCache,
  loadSiteSeries,
  planRefresh,
  seriesCachePolicy,
  seriesToCache,
  type CacheEntryMeta,
  type LocalStore,
  type SeriesClient,
} from './series-cache';

const hour = 3_600_000;
const day = 24 * hour;
const now = Date.UTC(2026, 11, 7, 7); // 2026-12-07 15:00 Beijing

const sites = [
  { id: 's1', code: 'A1', elements: ['flow', 'volume'] },
  { id: 's2', code: 'B2', elements: ['ph', 'not-an-element'] },
  { id: 's3', code: 'C3', elements: ['level'] },
  { id: 's4', code: 'D4', elements: ['flow'] },
];

/** The device database's local documents, as a Map (the store contract is all the cache uses). */
function memoryStore(): LocalStore & { ids(): string[] } {
  const docs = new Map<string, object>();
  return {
    get: <T extends object>(id: string) => Promise.resolve((docs.get(id) as T | undefined) ?? null),
    put: (id, data) => {
      docs.set(id, structuredClone(data));
      return Promise.resolve();
    },
    remove: (id) => {
      docs.delete(id);
      return Promise.resolve();
    },
    ids: () => [...docs.keys()].sort(),
  };
}

const point = (time: number, value: number): SeriesPoint => ({
  time,
  value,
  source: 'receiver',
  flag: null,
  receivedAt: time + 60_000,
  revised: null,
  revisedAt: null,
  duplicates: 0,
});

/**
 * A stand-in for the sync service's two monitoring routes: the renderer may not import the service
 * (layer rule); the routes themselves are tested against the real service in
 * server/routes/monitoring.test.ts. `online` false answers as a dropped connection does.
 */
function fakeService(summaries: SiteDaySummaries[] = []) {
  const state = { online: true, calls: [] as string[] };
  const client: SeriesClient = {
    series: (q) => {
      state.calls.push(`${q.site}/${q.element}`);
      if (!state.online) {
        return Promise.resolve({ ok: false, error: { code: 'network', message: 'no answer' } });
      }
      if (q.site === 'ZZ') {
        return Promise.resolve({
          ok: false,
          error: { code: 'not-found', message: 'no site ZZ in your region' },
        });
      }
      const points = [];
      for (let t = Math.ceil(q.from / hour) * hour; t < q.to; t += hour) {
        points.push(point(t, t / hour));
      }
      const answer: ClientResult<SeriesResponse> = {
        ok: true,
        value: { site: q.site, element: q.element, from: q.from, to: q.to, points },
      };
      return Promise.resolve(answer);
    },
    daySummaries: (q) => {
      state.calls.push(`summaries since ${q.since} after ${q.after}`);
      const rest = summaries.filter(
        (s) => s.updatedAt > q.since || (s.updatedAt === q.since && s.siteCode > q.after),
      );
      const page = rest.slice(0, 1);
      const answer: ClientResult<DaySummariesResponse> = {
        ok: true,
        value: {
          summaries: page,
          next: rest.length > 1 ? { since: page[0]!.updatedAt, after: page[0]!.siteCode } : null,
        },
      };
      return Promise.resolve(answer);
    },
  };
  return { client, state };
}

describe('which series the laptop keeps', () => {
  it('the sites of open tasks due within the horizon, every element the registry names', () => {
    const tasks = [
      { siteId: 's1', status: 'open', dueOn: '2026-12-07' },
      { siteId: 's2', status: 'in_progress', dueOn: null },
      { siteId: 's3', status: 'accepted', dueOn: '2026-12-30' }, // beyond the horizon
      { siteId: 's4', status: 'done', dueOn: '2026-12-07' },
      { siteId: 'gone', status: 'open', dueOn: null },
    ] as const;
    expect(seriesToCache(tasks, sites, '2026-12-07')).toEqual([
      { siteCode: 'A1', element: 'flow' },
      { siteCode: 'A1', element: 'volume' },
      { siteCode: 'B2', element: 'ph' },
    ]);
  });

  const meta = (siteCode: string, fetchedAgo: number, wantedAgo: number): CacheEntryMeta => ({
    key: `series:${siteCode}:flow`,
    siteCode,
    element: 'flow',
    from: now - 14 * day,
    to: now,
    fetchedAt: now - fetchedAgo,
    wantedAt: now - wantedAgo,
  });

  it.each([
    {
      label: 'new route sites are fetched; fresh ones are not; stale ones are',
      index: [meta('A', 5 * 60_000, 0), meta('B', 2 * hour, 0)],
      wanted: ['A', 'B', 'C'],
      fetch: ['B', 'C'],
      evict: [],
    },
    {
      label: 'a site off the route stays a while, then goes',
      index: [meta('A', hour, 2 * day), meta('B', hour, 4 * day)],
      wanted: [],
      fetch: [],
      evict: ['series:B:flow'],
    },
    {
      label: 'over the cap, the longest off the route go first; the route keeps its own',
      index: [meta('A', hour, hour), meta('B', hour, 2 * hour), meta('C', 5 * 60_000, 0)],
      wanted: ['C', 'D'],
      fetch: ['D'],
      evict: ['series:B:flow'],
      cap: 3,
    },
  ])('$label', ({ index, wanted, fetch, evict, cap }) => {
    const plan = planRefresh(
      index,
      wanted.map((siteCode) => ({ siteCode, element: 'flow' as const })),
      now,
      { ...seriesCachePolicy, maxEntries: cap ?? seriesCachePolicy.maxEntries },
    );
    expect(plan.fetch.map((w) => w.siteCode)).toEqual(fetch);
    expect(plan.evict).toEqual(evict);
    expect(
      plan.index.length + plan.fetch.filter((w) => !index.some((m) => m.siteCode === w.siteCode)).length,
    ).toBeLessThanOrEqual(cap ?? seriesCachePolicy.maxEntries);
  });

  it('answers a span from the cache, saying when the cache covers only part of it', () => {
    const cached = { meta: meta('A', 0, 0), points: [point(now - 3 * hour, 1), point(now - hour, 2)] };
    expect(cachedAnswer(cached, now - 2 * hour, now)).toEqual({
      points: [point(now - hour, 2)],
      partial: false,
    });
    expect(cachedAnswer(cached, now - 20 * day, now)?.partial).toBe(true);
    expect(cachedAnswer(cached, now - 30 * day, now - 20 * day)).toBeNull();
    expect(cachedAnswer(null, now - hour, now)).toBeNull();
  });
});

describe('the cache on the laptop', () => {
  it('fills from the service when online, then answers offline; evicts what left the route', async () => {
    const store = memoryStore();
    let clock = now;
    const cache = createSeriesCache({ store, now: () => clock });
    const { client, state } = fakeService();
    const route = seriesToCache([{ siteId: 's1', status: 'open', dueOn: null }], sites, '2026-12-07');
    expect(await cache.refresh(client, route)).toEqual({ fetched: 2, failed: 0, evicted: 0, cached: 2 });
    expect(store.ids()).toEqual(['series-cache-index', 'series:A1:flow', 'series:A1:volume']);

    state.online = false;
    const offline = { cache, client, online: false, now: clock };
    const a = await loadSiteSeries(offline, { siteCode: 'A1', element: 'volume' }, now - 2 * day, now);
    expect(a).toMatchObject({ state: 'ready', source: 'cache', partial: false });
    expect(a.points).toHaveLength(48);
    const older = await loadSiteSeries(offline, { siteCode: 'A1', element: 'flow' }, now - 30 * day, now);
    expect([older.state, older.partial, older.points.length]).toEqual(['ready', true, 14 * 24]);
    const uncached = await loadSiteSeries(offline, { siteCode: 'B2', element: 'ph' }, now - day, now);
    expect(uncached).toMatchObject({ state: 'offline-uncached', points: [], source: 'cache' });
    // Online but no answer (the network dropped): the cache answers.
    const dropped = await loadSiteSeries(
      { ...offline, online: true },
      { siteCode: 'A1', element: 'flow' },
      now - day,
      now,
    );
    expect([dropped.state, dropped.source]).toEqual(['ready', 'cache']);

    // A failed refresh keeps what the laptop had.
    clock = now + hour;
    expect((await cache.refresh(client, route)).fetched).toBe(0);
    expect(store.ids()).toContain('series:A1:flow');

    // The crew's task moves to another site; four days on, the old site's series are gone.
    state.online = true;
    clock = now + 4 * day;
    const next = seriesToCache([{ siteId: 's3', status: 'open', dueOn: null }], sites, '2026-12-11');
    expect(await cache.refresh(client, next)).toEqual({ fetched: 1, failed: 0, evicted: 2, cached: 1 });
    expect(store.ids()).toEqual(['series-cache-index', 'series:C3:level']);
  });

  it('online, any span of any site comes from the service; a refused request is an error', async () => {
    const cache = createSeriesCache({ store: memoryStore(), now: () => now });
    const { client } = fakeService();
    const deps = { cache, client, online: true, now };
    const far = await loadSiteSeries(
      deps,
      { siteCode: 'Q9', element: 'flow' },
      now - 60 * day,
      now - 59 * day,
    );
    expect([far.state, far.source, far.points.length]).toEqual(['ready', 'service', 24]);
    const refused = await loadSiteSeries(deps, { siteCode: 'ZZ', element: 'flow' }, now - day, now);
    expect(refused).toMatchObject({ state: 'error', error: 'no site ZZ in your region' });
  });

  it("pulls the region's day summaries in pages and answers them by site and element", async () => {
    const doc = (siteCode: string, updatedAt: number): SiteDaySummaries => ({
      siteCode,
      divisionCode: '530381',
      firstDay: '2026-11-07',
      elements: [
        {
          element: 'flow',
          expected: Array.from({ length: 31 }, () => 24),
          count: Array.from({ length: 31 }, (_, i) => (i === 30 ? 15 : 24)),
          values: Array.from({ length: 31 }, (_, i) => (i === 30 ? 15 : 24)),
          min: Array.from({ length: 31 }, () => 1),
          max: Array.from({ length: 31 }, () => 9),
          mean: Array.from({ length: 31 }, () => 5),
        },
      ],
      updatedAt,
    });
    const cache = createSeriesCache({ store: memoryStore(), now: () => now });
    const { client, state } = fakeService([doc('A1', now - hour), doc('B2', now - hour), doc('C3', now)]);
    expect(await cache.refreshSummaries(client)).toEqual({ received: 3, ok: true });
    expect(state.calls).toEqual([
      'summaries since 0 after ',
      `summaries since ${now - hour} after A1`,
      `summaries since ${now - hour} after B2`,
    ]);
    const days = await cache.summaries('A1', 'flow', now);
    expect(days).toHaveLength(31);
    expect(days[30]).toEqual({
      day: '2026-12-07',
      expected: 24,
      count: 15,
      values: 15,
      min: 1,
      max: 9,
      mean: 5,
    });
    expect(await cache.summaries('A1', 'volume', now)).toEqual([]);
    // The next pull starts a little before the newest document it has.
    state.calls.length = 0;
    await cache.refreshSummaries(client);
    expect(state.calls[0]).toBe(`summaries since ${now - 10 * 60_000} after `);
  });
});
