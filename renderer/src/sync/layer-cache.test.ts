import { describe, expect, it } from 'vitest';
import type { SpatialFeature } from '#shared/verdicts/spatial';
import type { LayerInfo } from '#shared/verdicts/spatial-wire';
import { createLayerCache, type LayerClient } from './layer-cache';
import type { LocalStore } from './series-cache';

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

const info = (id: string, version: number): LayerInfo => ({
  id,
  kind: 'division',
  name: id,
  region: '53',
  sourceFormat: 'geojson',
  sourceName: `${id}.geojson`,
  featureCount: 1,
  positionCount: 5,
  bbox: [103, 26, 104, 27],
  version,
  importedAt: 0,
});
const feature = (code: string, zoom: number): SpatialFeature => ({
  kind: 'division',
  code,
  name: `z${zoom}`,
  siteCodes: [],
  waterSource: null,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [103, 26],
        [104, 26],
        [104, 27],
        [103, 26],
      ],
    ],
  },
});

/**
 * A stand-in for the service's two layer routes (the renderer may not import the service; the routes
 * are tested against the real service in server/layers/layers.test.ts).
 */
function fakeService() {
  const state = {
    online: true,
    failZoom: null as number | null,
    layers: [info('counties', 1)],
    calls: [] as string[],
  };
  const client: LayerClient = {
    list: () =>
      Promise.resolve(
        state.online
          ? { ok: true, value: { layers: state.layers } }
          : { ok: false, error: { code: 'network', message: 'no answer' } },
      ),
    features: (id, zoom) => {
      state.calls.push(`${id}@${zoom}`);
      const layer = state.layers.find((l) => l.id === id)!;
      return Promise.resolve(
        zoom === state.failZoom
          ? { ok: false, error: { code: 'network', message: 'dropped' } }
          : { ok: true, value: { layer, zoom, features: [feature(`v${layer.version}`, zoom)] } },
      );
    },
  };
  return { client, state };
}

describe('the laptop copy of the spatial layers', () => {
  it('fetches each zoom band of a new layer once, and again only when its version rises', async () => {
    const store = memoryStore();
    const cache = createLayerCache(store);
    const { client, state } = fakeService();
    expect(await cache.refresh(client)).toEqual({ fetched: 1, removed: 0, held: 1 });
    expect(state.calls).toEqual(['counties@6', 'counties@9', 'counties@12']);
    expect((await cache.features(9))[0]!.features[0]).toMatchObject({ code: 'v1', name: 'z9' });
    expect(await cache.refresh(client)).toEqual({ fetched: 0, removed: 0, held: 1 });
    expect(state.calls).toHaveLength(3);
    state.layers = [info('counties', 2)];
    await cache.refresh(client);
    expect((await cache.features(12))[0]!.features[0]).toMatchObject({ code: 'v2', name: 'z12' });
  });

  it('keeps the old copy offline or when a band fails, and drops layers the service no longer lists', async () => {
    const store = memoryStore();
    const cache = createLayerCache(store);
    const { client, state } = fakeService();
    await cache.refresh(client);
    state.online = false;
    expect(await cache.refresh(client)).toBeNull();
    expect(await cache.layers()).toHaveLength(1);
    state.online = true;
    state.layers = [info('counties', 2)];
    state.failZoom = 12;
    expect(await cache.refresh(client)).toEqual({ fetched: 0, removed: 0, held: 1 });
    expect((await cache.features(6))[0]!.features[0]).toMatchObject({ code: 'v1' });
    state.layers = [];
    expect(await cache.refresh(client)).toEqual({ fetched: 0, removed: 1, held: 0 });
    expect(store.ids()).toEqual(['spatial-layers-index']);
  });
});
