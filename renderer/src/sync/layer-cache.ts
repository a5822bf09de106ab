import type { SpatialFeature } from '#shared/verdicts/spatial';
import {
  layerZooms,
  type LayerFeaturesResponse,
  type LayerInfo,
  type LayerListResponse,
  type LayerZoom,
} from '#shared/verdicts/spatial-wire';
import type { ClientResult } from '#shared/sync/index';
import type { LocalStore } from './series-cache';

/**
 * The laptop's copy of the province's spatial layers (issue 19), kept in the device database's local
 * documents — never replicated. When online it lists the layers of its region and fetches each layer
 * whose version it does not hold yet, once per zoom band, already simplified by the service; layers
 * the service no longer lists are removed. Offline the map and the spatial checks read the copy.
 */
export type LayerClient = {
  list(): Promise<ClientResult<LayerListResponse>>;
  features(id: string, zoom: LayerZoom): Promise<ClientResult<LayerFeaturesResponse>>;
};

const indexId = 'spatial-layers-index';
const bandId = (id: string, zoom: LayerZoom) => `spatial-layer:${id}:z${zoom}`;

type Index = { readonly layers: readonly LayerInfo[] };
type Band = { readonly features: readonly SpatialFeature[] };

export type LayerRefresh = { readonly fetched: number; readonly removed: number; readonly held: number };

export function createLayerCache(store: LocalStore) {
  const readIndex = async () => (await store.get<Index>(indexId))?.layers ?? [];
  let running: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = running.then(work, work);
    running = next.catch(() => undefined);
    return next;
  };

  return {
    /** Brings the copy up to the service's list; a failed fetch keeps the layer's old copy. */
    refresh: (client: LayerClient): Promise<LayerRefresh | null> =>
      serial(async () => {
        const listed = await client.list();
        if (!listed.ok) {
          return null;
        }
        const held = new Map((await readIndex()).map((l) => [l.id, l]));
        const kept: LayerInfo[] = [];
        let fetched = 0;
        for (const layer of listed.value.layers) {
          const mine = held.get(layer.id);
          if (mine?.version === layer.version) {
            kept.push(mine);
            continue;
          }
          const bands: [LayerZoom, Band][] = [];
          for (const zoom of layerZooms) {
            const answer = await client.features(layer.id, zoom);
            if (!answer.ok) {
              break;
            }
            bands.push([zoom, { features: answer.value.features }]);
          }
          if (bands.length !== layerZooms.length) {
            if (mine !== undefined) {
              kept.push(mine);
            }
            continue;
          }
          for (const [zoom, band] of bands) {
            await store.put(bandId(layer.id, zoom), band);
          }
          kept.push(layer);
          fetched += 1;
        }
        const keptIds = new Set(kept.map((l) => l.id));
        const removed = [...held.keys()].filter((id) => !keptIds.has(id));
        for (const id of removed) {
          for (const zoom of layerZooms) {
            await store.remove(bandId(id, zoom));
          }
        }
        await store.put(indexId, { layers: kept });
        return { fetched, removed: removed.length, held: kept.length };
      }),
    layers: readIndex,
    /** Every held layer's features at a zoom band, with the layer each belongs to. */
    features: async (
      zoom: LayerZoom,
    ): Promise<{ layer: LayerInfo; features: readonly SpatialFeature[] }[]> => {
      const out: { layer: LayerInfo; features: readonly SpatialFeature[] }[] = [];
      for (const layer of await readIndex()) {
        const band = await store.get<Band>(bandId(layer.id, zoom));
        if (band !== null) {
          out.push({ layer, features: band.features });
        }
      }
      return out;
    },
  };
}
