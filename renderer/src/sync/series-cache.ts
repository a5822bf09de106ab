import type { Task } from '#shared/domain/index';
import { addDays, dayOf } from '#shared/health/days';
import {
  daySummaryWindowDays,
  fromElementDays,
  type DaySummary,
  type SiteDaySummaries,
} from '#shared/monitoring/day-summary';
import type { DaySummariesResponse, SeriesPoint, SeriesResponse } from '#shared/monitoring/series-wire';
import { isElementCode, type ElementCode } from '#shared/monitoring/values';
import type { ClientResult } from '#shared/sync/index';

/**
 * The laptop's offline store of monitoring data (issue 16 item 5), kept in the device database's local
 * documents — never replicated, never pushed. Two parts:
 * - the raw series of the sites on the crew's route: when online, the last `days` days of every
 *   element of each site with an open task due within `horizonDays`, fetched again once older than
 *   `refreshEveryMs`; a site that leaves the route is kept `keepOffRouteMs` more (the crew may still
 *   be there), then evicted; never more than `maxEntries` series (the longest off the route go first).
 * - the day summaries of the whole region, fetched page by page since the last one received.
 * The site page reads through `loadSiteSeries`: online it asks the service for any span; offline it
 * answers from the cache (saying when the cache covers only part of the span), or says it cannot.
 */
export const seriesCachePolicy = {
  days: 14,
  horizonDays: 7,
  refreshEveryMs: 30 * 60_000,
  keepOffRouteMs: 3 * 86_400_000,
  maxEntries: 600,
} as const;
export type SeriesCachePolicy = { readonly [K in keyof typeof seriesCachePolicy]: number };

export type WantedSeries = { readonly siteCode: string; readonly element: ElementCode };

export type CacheEntryMeta = WantedSeries & {
  readonly key: string;
  /** The span the cached points cover, ms: from inclusive, to exclusive. */
  readonly from: number;
  readonly to: number;
  readonly fetchedAt: number;
  /** Last time the site was on the route. */
  readonly wantedAt: number;
};

export type CachedSeries = { readonly meta: CacheEntryMeta; readonly points: readonly SeriesPoint[] };

const keyOf = (w: WantedSeries) => `series:${w.siteCode}:${w.element}`;

type RouteSite = { readonly id: string; readonly code: string; readonly elements: readonly string[] };

/** Open, accepted or started tasks due by today + horizon (or undated): their sites' every element. */
export function seriesToCache(
  tasks: readonly Pick<Task, 'siteId' | 'status' | 'dueOn'>[],
  sites: readonly RouteSite[],
  today: string,
  horizonDays: number = seriesCachePolicy.horizonDays,
): WantedSeries[] {
  const last = addDays(today, horizonDays);
  const ids = new Set(
    tasks
      .filter((t) => t.status !== 'done' && t.status !== 'cancelled' && (t.dueOn === null || t.dueOn <= last))
      .map((t) => t.siteId),
  );
  return sites
    .filter((s) => ids.has(s.id))
    .sort((a, b) => a.code.localeCompare(b.code))
    .flatMap((s) => s.elements.filter(isElementCode).map((element) => ({ siteCode: s.code, element })));
}

/** What a refresh does: which series to fetch, which to evict, and the index after it. */
export function planRefresh(
  index: readonly CacheEntryMeta[],
  wanted: readonly WantedSeries[],
  now: number,
  policy: SeriesCachePolicy = seriesCachePolicy,
): { fetch: WantedSeries[]; evict: string[]; index: CacheEntryMeta[] } {
  const wantedKeys = new Set(wanted.map(keyOf));
  const byKey = new Map(index.map((m) => [m.key, m]));
  const fetch = wanted.filter((w) => {
    const m = byKey.get(keyOf(w));
    return m === undefined || now - m.fetchedAt >= policy.refreshEveryMs;
  });
  const kept = index
    .map((m) => (wantedKeys.has(m.key) ? { ...m, wantedAt: now } : m))
    .filter((m) => now - m.wantedAt <= policy.keepOffRouteMs);
  // Over the cap: the entries longest off the route go first (the route's own never before them).
  const room = Math.max(0, policy.maxEntries - fetch.filter((w) => !byKey.has(keyOf(w))).length);
  const byAge = [...kept].sort((a, b) => b.wantedAt - a.wantedAt || a.key.localeCompare(b.key));
  const survivors = byAge.slice(0, room);
  const survivorKeys = new Set(survivors.map((m) => m.key));
  return {
    fetch: fetch.slice(0, policy.maxEntries),
    evict: index.filter((m) => !survivorKeys.has(m.key)).map((m) => m.key),
    index: survivors,
  };
}

/** The cached points of `[from, to)`, and whether the cache covers only part of it; null: none. */
export function cachedAnswer(
  cached: CachedSeries | null,
  from: number,
  to: number,
): { points: SeriesPoint[]; partial: boolean } | null {
  if (cached === null || cached.meta.to <= from || cached.meta.from >= to) {
    return null;
  }
  return {
    points: cached.points.filter((p) => p.time >= from && p.time < to),
    partial: cached.meta.from > from || cached.meta.to < to,
  };
}

/** Where the cache keeps its documents (the device database's local documents; a Map in tests). */
export type LocalStore = {
  get<T extends object>(id: string): Promise<T | null>;
  put(id: string, data: object): Promise<void>;
  remove(id: string): Promise<void>;
};

/** The two requests the cache makes of the service. */
export type SeriesClient = {
  series(q: {
    site: string;
    element: ElementCode;
    from: number;
    to: number;
  }): Promise<ClientResult<SeriesResponse>>;
  daySummaries(q: { since: number; after: string }): Promise<ClientResult<DaySummariesResponse>>;
};

const indexId = 'series-cache-index';
const summariesCursorId = 'day-summaries-cursor';
const summariesId = (siteCode: string) => `day-summaries:${siteCode}`;
/** A document derived while the last page was read may commit after it: ask again a little earlier. */
const summariesOverlapMs = 10 * 60_000;

export function createSeriesCache(options: {
  readonly store: LocalStore;
  readonly now: () => number;
  readonly policy?: SeriesCachePolicy;
}) {
  const policy = options.policy ?? seriesCachePolicy;
  const { store } = options;
  const readIndex = async () => (await store.get<{ entries: CacheEntryMeta[] }>(indexId))?.entries ?? [];
  let running: Promise<unknown> = Promise.resolve();
  /** One refresh at a time: the index is read and written whole. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  };

  return {
    policy,
    /** Fetches what the route needs and evicts what it no longer does; failures keep the old copy. */
    refresh: (client: SeriesClient, wanted: readonly WantedSeries[]) =>
      serial(async () => {
        const now = options.now();
        const plan = planRefresh(await readIndex(), wanted, now, policy);
        for (const key of plan.evict) {
          await store.remove(key);
        }
        const index = new Map(plan.index.map((m) => [m.key, m]));
        let fetched = 0;
        let failed = 0;
        const from = now - policy.days * 86_400_000;
        for (const w of plan.fetch) {
          const answer = await client.series({
            site: w.siteCode,
            element: w.element,
            from,
            to: now + 60_000,
          });
          if (!answer.ok) {
            failed += 1;
            if (
              ['network', 'unavailable', 'rate-limited', 'unauthorized', 'revoked'].includes(
                answer.error.code,
              )
            ) {
              break; // the rest would fare no better now; the next refresh tries again
            }
            continue;
          }
          const meta: CacheEntryMeta = {
            ...w,
            key: keyOf(w),
            from,
            to: now + 60_000,
            fetchedAt: now,
            wantedAt: now,
          };
          await store.put(meta.key, { meta, points: answer.value.points });
          index.set(meta.key, meta);
          fetched += 1;
        }
        await store.put(indexId, { entries: [...index.values()] });
        return { fetched, failed, evicted: plan.evict.length, cached: index.size };
      }),
    read: async (w: WantedSeries): Promise<CachedSeries | null> => store.get<CachedSeries>(keyOf(w)),
    /** Pulls the region's day summaries derived since the last pull, page by page. */
    refreshSummaries: (client: SeriesClient) =>
      serial(async () => {
        const cursor = (await store.get<{ since: number }>(summariesCursorId)) ?? { since: 0 };
        let page: { since: number; after: string } | null = {
          since: Math.max(0, cursor.since - summariesOverlapMs),
          after: '',
        };
        let received = 0;
        let newest = cursor.since;
        while (page !== null) {
          const answer = await client.daySummaries(page);
          if (!answer.ok) {
            return { received, ok: false as const };
          }
          for (const doc of answer.value.summaries) {
            await store.put(summariesId(doc.siteCode), doc);
            newest = Math.max(newest, doc.updatedAt);
          }
          received += answer.value.summaries.length;
          page = answer.value.next;
        }
        await store.put(summariesCursorId, { since: newest });
        return { received, ok: true as const };
      }),
    /** One element's day summaries of a site as last pulled (empty when none reached the laptop). */
    summaries: async (siteCode: string, element: ElementCode, now: number): Promise<DaySummary[]> => {
      const doc = await store.get<SiteDaySummaries>(summariesId(siteCode));
      const days = doc?.elements.find((e) => e.element === element);
      if (doc === null || days === undefined) {
        return [];
      }
      const today = dayOf(now);
      return fromElementDays(doc.firstDay, days, addDays(today, -(daySummaryWindowDays - 1)), today);
    },
  };
}

export type SeriesCache = ReturnType<typeof createSeriesCache>;

export type SiteSeriesAnswer = {
  readonly state: 'ready' | 'offline-uncached' | 'error';
  readonly points: readonly SeriesPoint[];
  readonly summaries: readonly DaySummary[];
  readonly source: 'cache' | 'service' | 'demo';
  /** The cache holds only part of the span asked for (offline). */
  readonly partial: boolean;
  readonly error: string | null;
};

/**
 * One element's series of a site for the site page: online from the service (any span); offline, or
 * when the service does not answer, from the cache; with the day summaries the laptop holds.
 */
export async function loadSiteSeries(
  deps: {
    readonly cache: SeriesCache;
    readonly client: SeriesClient | null;
    readonly online: boolean;
    readonly now: number;
  },
  w: WantedSeries,
  from: number,
  to: number,
): Promise<SiteSeriesAnswer> {
  const summaries = await deps.cache.summaries(w.siteCode, w.element, deps.now);
  let failure: string | null = null;
  if (deps.online && deps.client !== null) {
    const answer = await deps.client.series({ site: w.siteCode, element: w.element, from, to });
    if (answer.ok) {
      return {
        state: 'ready',
        points: answer.value.points,
        summaries,
        source: 'service',
        partial: false,
        error: null,
      };
    }
    if (answer.error.code !== 'network' && answer.error.code !== 'unavailable') {
      return {
        state: 'error',
        points: [],
        summaries,
        source: 'service',
        partial: false,
        error: answer.error.message,
      };
    }
    failure = answer.error.message;
  }
  const cached = cachedAnswer(await deps.cache.read(w), from, to);
  if (cached === null) {
    return {
      state: 'offline-uncached',
      points: [],
      summaries,
      source: 'cache',
      partial: false,
      error: failure,
    };
  }
  return {
    state: 'ready',
    points: cached.points,
    summaries,
    source: 'cache',
    partial: cached.partial,
    error: null,
  };
}
