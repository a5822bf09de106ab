import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { datums, type Datum } from '#shared/geo/coords';
import { imageFormats, type ImageFormat } from '#shared/geo/tile-sources';
import type { AreaState, PlainBounds, TileArea } from '#shared/host/contract/index';
import { areaStates } from '#shared/host/contract/tiles';
import { createMbtiles, MbtilesError, openMbtiles, type MbtilesFile } from './mbtiles';

/**
 * The folder of area files: `<id>.mbtiles`, one per downloaded or imported area. Everything the app
 * knows about an area is in the file's own metadata (`wrm:` keys), so the folder can be copied to
 * another laptop, and a file half-way through a download says so (`wrm:state`).
 */
export const wrmKeys = {
  id: 'wrm:id',
  origin: 'wrm:origin',
  sourceId: 'wrm:sourceId',
  datum: 'wrm:datum',
  state: 'wrm:state',
  planBounds: 'wrm:planBounds',
  zooms: 'wrm:zooms',
  layers: 'wrm:layers',
  positions: 'wrm:positions',
  cursor: 'wrm:cursor',
  missing: 'wrm:missing',
  tileBytes: 'wrm:tileBytes',
  storedTiles: 'wrm:storedTiles',
  error: 'wrm:error',
  createdAt: 'wrm:createdAt',
  updatedAt: 'wrm:updatedAt',
} as const;

const idPattern = /^[A-Za-z0-9-]{1,80}$/;

export type AreaStore = {
  readonly dir: string;
  pathOf(id: string): string;
  /** The open file of an area, or null when there is none (or it cannot be opened). */
  open(id: string): MbtilesFile | null;
  create(id: string, metadata: Readonly<Record<string, string>>): MbtilesFile;
  /** Moves a checked file (an import) into the folder under `id`. */
  adopt(id: string, path: string): MbtilesFile;
  ids(): string[];
  describe(id: string, running: boolean): TileArea;
  remove(id: string): boolean;
  closeAll(): void;
};

function sizeOf(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-journal`]) {
    try {
      total += statSync(p).size;
    } catch {
      // absent: nothing to add
    }
  }
  return total;
}

function parseBounds(meta: Record<string, string>): PlainBounds | null {
  try {
    const plan = meta[wrmKeys.planBounds];
    if (plan) {
      return JSON.parse(plan) as PlainBounds;
    }
  } catch {
    // fall through to the standard key
  }
  const parts = (meta['bounds'] ?? '').split(',').map(Number);
  if (parts.length === 4 && parts.every(Number.isFinite)) {
    const [west, south, east, north] = parts as [number, number, number, number];
    return { south, west, north, east };
  }
  return null;
}

const num = (v: string | undefined, fallback = 0) =>
  v !== undefined && Number.isFinite(Number(v)) ? Number(v) : fallback;

export function createAreaStore(dir: string, options: { maxPages?: number } = {}): AreaStore {
  mkdirSync(dir, { recursive: true });
  const handles = new Map<string, MbtilesFile>();
  const broken = new Map<string, string>();
  const pathOf = (id: string) => {
    if (!idPattern.test(id)) {
      throw new MbtilesError('not-found', `"${id}" is not an area id`);
    }
    return join(dir, `${id}.mbtiles`);
  };

  const store: AreaStore = {
    dir,
    pathOf,
    open: (id) => {
      const cached = handles.get(id);
      if (cached) {
        return cached;
      }
      try {
        const file = openMbtiles(pathOf(id));
        handles.set(id, file);
        broken.delete(id);
        return file;
      } catch (error) {
        broken.set(id, error instanceof Error ? error.message : String(error));
        return null;
      }
    },
    create: (id, metadata) => {
      const file = createMbtiles(pathOf(id), metadata, options);
      handles.set(id, file);
      return file;
    },
    adopt: (id, path) => {
      renameSync(path, pathOf(id));
      return (
        store.open(id) ??
        (() => {
          throw new MbtilesError('io', broken.get(id) ?? 'cannot open the imported file');
        })()
      );
    },
    ids: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.mbtiles'))
        .map((f) => f.slice(0, -'.mbtiles'.length))
        .filter((id) => idPattern.test(id))
        .sort(),
    describe: (id, running) => {
      const path = pathOf(id);
      const file = store.open(id);
      const sizeBytes = sizeOf(path);
      const now = new Date(0).toISOString();
      if (file === null) {
        return {
          id,
          name: id,
          origin: 'import',
          sourceId: `area:${id}`,
          datum: 'wgs84',
          state: 'interrupted',
          bounds: null,
          zooms: [],
          format: null,
          total: 0,
          done: 0,
          missing: 0,
          sizeBytes,
          error: { code: 'corrupt', message: broken.get(id) ?? 'the file cannot be opened' },
          createdAt: now,
          updatedAt: now,
        };
      }
      const meta = file.metadata();
      const layers = Math.max(1, (meta[wrmKeys.layers] ?? 'base').split(',').length);
      const stored = meta[wrmKeys.state] as AreaState | undefined;
      const state: AreaState =
        stored === 'downloading' && !running
          ? 'interrupted'
          : stored && (areaStates as readonly string[]).includes(stored)
            ? stored
            : 'complete';
      let error: TileArea['error'];
      const storedError = meta[wrmKeys.error];
      try {
        error = storedError ? (JSON.parse(storedError) as TileArea['error']) : null;
      } catch {
        error = null;
      }
      if (state === 'interrupted' && error === null) {
        error = { code: 'interrupted', message: 'the app stopped during the download; resume to finish it' };
      }
      const origin = meta[wrmKeys.origin] === 'download' ? 'download' : 'import';
      const positions = num(meta[wrmKeys.positions]);
      const format = (meta['format'] === 'jpeg' ? 'jpg' : meta['format']) as ImageFormat | undefined;
      const datum = meta[wrmKeys.datum] as Datum | undefined;
      const stateTotal = origin === 'download' ? positions * layers : num(meta[wrmKeys.storedTiles]);
      return {
        id,
        name: meta['name'] ?? id,
        origin,
        sourceId: origin === 'download' ? (meta[wrmKeys.sourceId] ?? `area:${id}`) : `area:${id}`,
        datum: datum && (datums as readonly string[]).includes(datum) ? datum : 'wgs84',
        state,
        bounds: parseBounds(meta),
        zooms: (meta[wrmKeys.zooms] ?? '')
          .split(',')
          .filter((z) => z !== '')
          .map(Number),
        format: format && (imageFormats as readonly string[]).includes(format) ? format : null,
        total: stateTotal,
        done: origin === 'download' ? Math.min(stateTotal, num(meta[wrmKeys.cursor]) * layers) : stateTotal,
        missing: num(meta[wrmKeys.missing]),
        sizeBytes,
        error: state === 'complete' ? null : error,
        createdAt: meta[wrmKeys.createdAt] ?? now,
        updatedAt: meta[wrmKeys.updatedAt] ?? now,
      };
    },
    remove: (id) => {
      const path = pathOf(id);
      handles.get(id)?.close();
      handles.delete(id);
      broken.delete(id);
      let existed = false;
      for (const p of [path, `${path}-journal`]) {
        try {
          statSync(p);
          existed = true;
          rmSync(p, { force: true });
        } catch {
          // not there
        }
      }
      return existed;
    },
    closeAll: () => {
      for (const file of handles.values()) {
        file.close();
      }
      handles.clear();
    },
  };
  return store;
}
