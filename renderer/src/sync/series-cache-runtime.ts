import type { HostClient } from '#shared/host/client';
import { dayOf } from '#shared/health/days';
import {
  monitoringPaths,
  type DaySummariesResponse,
  type SeriesResponse,
} from '#shared/monitoring/series-wire';
import { createSyncClient, type HttpFetch } from '#shared/sync/index';
import type { AppDatabase } from '../db/database';
import { findRecords } from '../db/queries';
import { startBackgroundRefresh } from './background-refresh';
import type { SyncController } from './controller';
import { readToken } from './enrolment';
import {
  createSeriesCache,
  seriesToCache,
  type LocalStore,
  type SeriesCache,
  type SeriesClient,
} from './series-cache';
import type { SyncSettings } from './sync-store';

/**
 * Runs the laptop's monitoring cache (series-cache.ts) beside the sync controller: while enrolled and
 * online it refreshes the route's series and the region's day summaries at start, when the browser
 * comes back online, when the crew's tasks change and every ten minutes.
 */

/** The device database's local documents: kept on this laptop only, never replicated. */
export function localDocumentStore(db: AppDatabase): LocalStore {
  return {
    get: async <T extends object>(id: string) =>
      ((await db.getLocal<T>(id))?.toJSON().data as T | undefined) ?? null,
    put: async (id, data) => {
      await db.upsertLocal(id, data as Record<string, unknown>);
    },
    remove: async (id) => {
      await (await db.getLocal(id))?.remove();
    },
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The two monitoring requests through the app's one sync client. */
export function seriesClientOf(settings: SyncSettings, fetch: HttpFetch, host: HostClient): SeriesClient {
  const client = createSyncClient({ baseUrl: settings.serviceUrl, fetch, token: () => readToken(host) });
  return {
    series: (q) =>
      client.request<SeriesResponse>(
        'GET',
        `${monitoringPaths.series}?site=${encodeURIComponent(q.site)}&element=${q.element}&from=${encodeURIComponent(
          iso(q.from),
        )}&to=${encodeURIComponent(iso(q.to))}`,
      ),
    daySummaries: (q) =>
      client.request<DaySummariesResponse>(
        'GET',
        `${monitoringPaths.daySummaries}?since=${q.since}&after=${encodeURIComponent(q.after)}`,
      ),
  };
}

type Running = {
  readonly db: AppDatabase;
  readonly cache: SeriesCache;
  readonly client: () => SeriesClient | null;
};

let running: Running | null = null;

/** The cache and a client for the site page (null before the device database opened). */
export function seriesRuntime(): Running | null {
  return running;
}

const windowFetch: HttpFetch = (url, init) => window.fetch(url, init as RequestInit);

export function startSeriesCache(db: AppDatabase, host: HostClient, controller: SyncController): void {
  const cache = createSeriesCache({ store: localDocumentStore(db), now: Date.now });
  const client = () => {
    const settings = controller.store.get().settings;
    return settings === null ? null : seriesClientOf(settings, windowFetch, host);
  };
  running = { db, cache, client };
  const soon = startBackgroundRefresh(
    controller,
    async () => {
      const c = client();
      if (c === null) {
        return;
      }
      try {
        const tasks = await findRecords(db, 'tasks');
        const siteIds = [...new Set(tasks.map((t) => t.siteId))];
        const sites = await findRecords(db, 'sites', { selector: { id: { $in: siteIds } } });
        const result = await cache.refresh(c, seriesToCache(tasks, sites, dayOf(Date.now())));
        const summaries = await cache.refreshSummaries(c);
        controller.store.log(
          `monitoring cache: ${result.fetched} series fetched, ${result.evicted} evicted, ${result.cached} kept; ${summaries.received} day summaries`,
        );
      } catch (error) {
        controller.store.log(`monitoring cache: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    { delayMs: 5_000, everyMs: 10 * 60_000 },
  );
  db.collections.tasks.$.subscribe(() => soon());
}
