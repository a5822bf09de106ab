import type { HostClient } from '#shared/host/client';
import { createSyncClient, type HttpFetch } from '#shared/sync/index';
import {
  layerPaths,
  type LayerFeaturesResponse,
  type LayerListResponse,
} from '#shared/verdicts/spatial-wire';
import type { AppDatabase } from '../db/database';
import { startBackgroundRefresh } from './background-refresh';
import type { SyncController } from './controller';
import { readToken } from './enrolment';
import { createLayerCache, type LayerClient } from './layer-cache';
import { localDocumentStore } from './series-cache-runtime';
import type { SyncSettings } from './sync-store';

/** The two layer requests through the app's one sync client. */
function layerClientOf(settings: SyncSettings, fetch: HttpFetch, host: HostClient): LayerClient {
  const client = createSyncClient({ baseUrl: settings.serviceUrl, fetch, token: () => readToken(host) });
  return {
    list: () => client.request<LayerListResponse>('GET', layerPaths.list),
    features: (id, zoom) =>
      client.request<LayerFeaturesResponse>('GET', `${layerPaths.features(id)}?zoom=${zoom}`),
  };
}

const windowFetch: HttpFetch = (url, init) => window.fetch(url, init as RequestInit);

/**
 * Keeps the laptop's copy of the spatial layers (layer-cache.ts) current beside the sync controller:
 * while enrolled and online, at start, on enrolment, when the browser comes back online and every
 * half hour.
 */
export function startLayerCache(db: AppDatabase, host: HostClient, controller: SyncController): void {
  const cache = createLayerCache(localDocumentStore(db));
  startBackgroundRefresh(
    controller,
    async () => {
      const settings = controller.store.get().settings;
      if (settings === null) {
        return;
      }
      try {
        const result = await cache.refresh(layerClientOf(settings, windowFetch, host));
        if (result !== null && (result.fetched > 0 || result.removed > 0)) {
          controller.store.log(
            `spatial layers: ${result.fetched} fetched, ${result.removed} removed, ${result.held} held`,
          );
        }
      } catch (error) {
        controller.store.log(`spatial layers: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    { delayMs: 3_000, everyMs: 30 * 60_000 },
  );
}
