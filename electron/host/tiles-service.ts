import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { bounds as makeBounds, GeoInputError } from '#shared/geo/coords';
import { boundsToDisplay } from '#shared/geo/datum';
import {
  layersOf,
  needsKey,
  redactKey,
  TileSourceError,
  tileUrl,
  typicalTileBytes,
  validateSource,
  type TileSourceDefinition,
} from '#shared/geo/tile-sources';
import { normaliseZooms, tileCoord, tileCount } from '#shared/geo/tiles';
import type { HostEventSink, HostHandlers } from '#shared/host/dispatch';
import type { PlainBounds, TileArea, TileEstimate } from '#shared/host/contract/index';
import { CodedError } from '#shared/result';
import { createAreaStore, wrmKeys } from './tiles/area-store';
import { createDownloadJobs } from './tiles/download-jobs';
import { defaultDownloadDeps, type DownloadDeps, type DownloadPlan } from './tiles/downloader';
import { fetchTile, TileFetchError, type FetchLike } from './tiles/fetch-tile';
import { createImports } from './tiles/imports';
import { createSourceStore } from './tiles/source-store';
import { createTileServer } from './tiles/tile-server';

export type TilesServiceDeps = {
  /** Folder for sources.json, areas/ and imports/. */
  readonly dir: string;
  readonly fetch: FetchLike;
  readonly emit: HostEventSink;
  readonly download?: Partial<Omit<DownloadDeps, 'fetch'>>;
  readonly newId?: () => string;
  readonly now?: () => Date;
  /** Caps new area files at this many 4 KiB pages: how the tests fill the disk (SQLITE_FULL). */
  readonly areaPageLimit?: number;
};

type TilesMethod = Extract<keyof HostHandlers, `tiles.${string}`>;
export type TilesHandlers = Pick<HostHandlers, TilesMethod>;

function geo<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof GeoInputError || error instanceof TileSourceError) {
      throw new CodedError('invalid-argument', error.message);
    }
    throw error;
  }
}

export function createTilesService(
  deps: TilesServiceDeps,
): TilesHandlers & { readonly close: () => Promise<void> } {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const dl: DownloadDeps = { ...defaultDownloadDeps, now, ...deps.download, fetch: deps.fetch };
  const sources = createSourceStore(join(deps.dir, 'sources.json'), newId);
  const areas = createAreaStore(
    join(deps.dir, 'areas'),
    deps.areaPageLimit === undefined ? {} : { maxPages: deps.areaPageLimit },
  );
  const imports = createImports(join(deps.dir, 'imports'), areas, newId, now);
  const describe = (id: string): TileArea => areas.describe(id, jobs.running(id));
  const emitProgress = (id: string) => {
    const a = describe(id);
    deps.emit('tiles.progress', {
      id: a.id,
      state: a.state,
      total: a.total,
      done: a.done,
      missing: a.missing,
      sizeBytes: a.sizeBytes,
      error: a.error,
    });
  };
  const jobs = createDownloadJobs({ download: dl, areas, now, progress: emitProgress });
  const tiles = createTileServer({ areas, sources, fetch: deps.fetch });
  const sourceOf = (id: string): TileSourceDefinition => {
    const s = sources.get(id);
    if (s === null) {
      throw new CodedError('not-found', `no tile source "${id}"`);
    }
    return s;
  };
  const fileOf = (areaId: string) => {
    const file = geo(() => areas.open(areaId));
    if (file === null) {
      throw new CodedError('not-found', `no offline area "${areaId}"`);
    }
    return file;
  };
  const averageTileBytes = (source: TileSourceDefinition): number => {
    let bytes = 0;
    let tiles = 0;
    for (const id of areas.ids()) {
      const meta = areas.open(id)?.metadata();
      if (meta?.[wrmKeys.sourceId] === source.id) {
        bytes += Number(meta[wrmKeys.tileBytes] ?? 0);
        tiles += Number(meta[wrmKeys.storedTiles] ?? 0);
      }
    }
    return tiles >= 20 ? bytes / tiles : typicalTileBytes[source.kind];
  };
  const estimate = (source: TileSourceDefinition, b: PlainBounds, zooms: readonly number[]): TileEstimate =>
    geo(() => {
      const wgs = makeBounds('wgs84', b.south, b.west, b.north, b.east);
      const zs = normaliseZooms(zooms);
      const outside = zs.filter((z) => z < source.minZoom || z > source.maxZoom);
      if (outside.length > 0) {
        throw new CodedError(
          'invalid-argument',
          `zoom ${outside.join(', ')} is outside what "${source.name}" offers (${source.minZoom}–${source.maxZoom})`,
        );
      }
      const count = tileCount(boundsToDisplay(wgs, source.datum), zs);
      const layers = layersOf(source).length;
      const cap = sources.settings().tileCapPerArea;
      return {
        tileCount: count,
        layers,
        estimatedBytes: Math.round(count * layers * averageTileBytes(source)),
        cap,
        overCap: count > cap,
      };
    });

  const startJob = (areaId: string, plan: DownloadPlan) => jobs.start(areaId, fileOf(areaId), plan);
  const planOf = (areaId: string): DownloadPlan => {
    const meta = fileOf(areaId).metadata();
    if (meta[wrmKeys.origin] !== 'download') {
      throw new CodedError('conflict', 'an imported area has nothing to download');
    }
    const source = sourceOf(meta[wrmKeys.sourceId] ?? '');
    const b = JSON.parse(meta[wrmKeys.planBounds] ?? 'null') as PlainBounds;
    const key = sources.keyOf(source.id);
    if (needsKey(source) && key === null) {
      throw new CodedError('permission-denied', `"${source.name}" needs a key: enter it in Settings first`);
    }
    return {
      source,
      key,
      bounds: makeBounds('wgs84', b.south, b.west, b.north, b.east),
      zooms: (meta[wrmKeys.zooms] ?? '').split(',').map(Number),
      positions: Number(meta[wrmKeys.positions] ?? 0),
    };
  };
  const stopJob = jobs.stop;

  return {
    'tiles.listSources': () => sources.list(),
    'tiles.saveSource': ({ source, key }) => {
      geo(() => validateSource({ ...source, id: source.id ?? 'new' }));
      if (source.id !== undefined && sources.get(source.id) === null) {
        throw new CodedError('not-found', `no tile source "${source.id}"`);
      }
      return sources.save(source, key);
    },
    'tiles.deleteSource': ({ id }) => ({ deleted: sources.remove(id) }),
    'tiles.testSource': async ({ id }) => {
      const source = sourceOf(id);
      const key = sources.keyOf(id);
      const layer = layersOf(source)[0];
      const z = Math.max(source.minZoom, Math.min(source.maxZoom, 4));
      // A tile over central China at zoom 4 (or the source's nearest zoom): present on every source here.
      const tile = tileCoord(z, Math.floor(0.79 * 2 ** z), Math.floor(0.38 * 2 ** z));
      const url = geo(() => tileUrl(layer ?? { layer: 'base', template: '', subdomains: [] }, tile, key));
      try {
        const r = await fetchTile(deps.fetch, url, redactKey(url, key), {
          signal: new AbortController().signal,
          timeoutMs: dl.timeoutMs,
        });
        if (r.kind === 'missing') {
          throw new CodedError(
            'not-found',
            `the tile source has no tile ${tile.z}/${tile.x}/${tile.y} (HTTP ${r.status})`,
          );
        }
        return { format: r.format, bytes: r.data.length };
      } catch (error) {
        if (error instanceof TileFetchError) {
          const code =
            error.failure === 'unauthorized'
              ? 'permission-denied'
              : error.failure === 'not-image'
                ? 'protocol'
                : 'unavailable';
          throw new CodedError(code, error.message);
        }
        throw error;
      }
    },
    'tiles.getSettings': () => sources.settings(),
    'tiles.saveSettings': (settings) => sources.saveSettings(settings),
    'tiles.estimate': ({ sourceId, bounds, zooms }) => estimate(sourceOf(sourceId), bounds, zooms),
    'tiles.startDownload': ({ sourceId, name, bounds, zooms }) => {
      const source = sourceOf(sourceId);
      const e = estimate(source, bounds, zooms);
      if (e.overCap) {
        throw new CodedError(
          'too-large',
          `${e.tileCount} tiles is over the limit of ${e.cap} per area: choose fewer zoom levels or a smaller area`,
        );
      }
      const key = sources.keyOf(source.id);
      if (needsKey(source) && key === null) {
        throw new CodedError('permission-denied', `"${source.name}" needs a key: enter it in Settings first`);
      }
      const id = newId();
      const at = now().toISOString();
      const zs = normaliseZooms(zooms);
      areas.create(id, {
        name,
        type: 'baselayer',
        version: '1.0',
        format: '',
        minzoom: String(zs[0] ?? 0),
        maxzoom: String(zs[zs.length - 1] ?? 0),
        bounds: [bounds.west, bounds.south, bounds.east, bounds.north].join(','),
        [wrmKeys.id]: id,
        [wrmKeys.origin]: 'download',
        [wrmKeys.sourceId]: source.id,
        [wrmKeys.datum]: source.datum,
        [wrmKeys.state]: 'downloading',
        [wrmKeys.planBounds]: JSON.stringify(bounds),
        [wrmKeys.zooms]: zs.join(','),
        [wrmKeys.layers]: layersOf(source)
          .map((l) => l.layer)
          .join(','),
        [wrmKeys.positions]: String(e.tileCount),
        [wrmKeys.cursor]: '0',
        [wrmKeys.missing]: '0',
        [wrmKeys.createdAt]: at,
        [wrmKeys.updatedAt]: at,
      });
      startJob(id, planOf(id));
      emitProgress(id);
      return describe(id);
    },
    'tiles.pauseDownload': async ({ areaId }) => {
      fileOf(areaId);
      await stopJob(areaId);
      return describe(areaId);
    },
    'tiles.resumeDownload': ({ areaId }) => {
      const current = describe(areaId);
      if (current.state === 'complete' || jobs.running(areaId)) {
        return current;
      }
      startJob(areaId, planOf(areaId));
      emitProgress(areaId);
      return describe(areaId);
    },
    'tiles.cancelDownload': async ({ areaId }) => {
      await stopJob(areaId);
      return { deleted: geo(() => areas.remove(areaId)) };
    },
    'tiles.listAreas': () => areas.ids().map(describe),
    'tiles.renameArea': ({ areaId, name }) => {
      fileOf(areaId).setMetadata({ name, [wrmKeys.updatedAt]: now().toISOString() });
      return describe(areaId);
    },
    'tiles.deleteArea': async ({ areaId }) => {
      await stopJob(areaId);
      return { deleted: geo(() => areas.remove(areaId)) };
    },
    'tiles.beginImport': (args) => imports.begin(args.fileName, args.sizeBytes),
    'tiles.importChunk': (args) => imports.chunk(args.importId, args.offset, args.dataBase64),
    'tiles.finishImport': (args) => describe(imports.finish(args.importId, args.name, args.datum)),
    'tiles.abortImport': (args) => ({ aborted: imports.abort(args.importId) }),
    'tiles.getTile': ({ sourceId, layer, z, x, y }) => {
      geo(() => tileCoord(z, x, y));
      return tiles.getTile(sourceId, layer, z, x, y);
    },
    close: async () => {
      await jobs.stopAll();
      areas.closeAll();
    },
  };
}
