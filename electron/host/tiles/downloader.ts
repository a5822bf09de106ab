import { boundsToDisplay } from '#shared/geo/datum';
import type { Bounds } from '#shared/geo/coords';
import {
  layersOf,
  redactKey,
  tileUrl,
  type ImageFormat,
  type TileSourceDefinition,
} from '#shared/geo/tile-sources';
import { tileAt } from '#shared/geo/tiles';
import type { TileArea } from '#shared/host/contract/index';
import { wrmKeys } from './area-store';
import { fetchTile, TileFetchError, type FetchLike, type TileFetchOutcome } from './fetch-tile';
import { MbtilesError, type MbtilesFile, type StoredTile } from './mbtiles';

/**
 * Runs one area download: tile positions in a fixed order, fetched a batch at a time (a few requests
 * in flight), each batch written in one transaction together with the cursor. A crash, a pause, a cut
 * connection or a full disk loses at most the batch in flight, and resume starts at the cursor.
 */
export type DownloadDeps = {
  readonly fetch: FetchLike;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly concurrency: number;
  readonly batchSize: number;
  readonly timeoutMs: number;
  /** Attempts per tile for transient failures (unreachable, 5xx, non-image) before the download stops. */
  readonly attempts: number;
  readonly backoffMs: number;
};

export const defaultDownloadDeps: Omit<DownloadDeps, 'fetch'> = {
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => new Date(),
  concurrency: 4,
  batchSize: 32,
  timeoutMs: 15_000,
  attempts: 3,
  backoffMs: 500,
};

export type DownloadPlan = {
  readonly source: TileSourceDefinition;
  readonly key: string | null;
  /** In WGS84; converted to the source's datum for the tile grid. */
  readonly bounds: Bounds<'wgs84'>;
  readonly zooms: readonly number[];
  readonly positions: number;
};

export type DownloadEnd =
  | { readonly kind: 'complete' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly error: NonNullable<TileArea['error']> };

type Work = {
  readonly layer: StoredTile['layer'];
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly url: string;
  readonly shown: string;
};

async function withRetries(deps: DownloadDeps, item: Work, signal: AbortSignal): Promise<TileFetchOutcome> {
  let last: unknown;
  for (let attempt = 1; attempt <= deps.attempts; attempt += 1) {
    try {
      return await fetchTile(deps.fetch, item.url, item.shown, { signal, timeoutMs: deps.timeoutMs });
    } catch (error) {
      last = error;
      if (
        !(error instanceof TileFetchError) ||
        error.failure === 'unauthorized' ||
        error.failure === 'cancelled'
      ) {
        throw error;
      }
      if (attempt < deps.attempts) {
        await deps.sleep(deps.backoffMs * 2 ** (attempt - 1));
        if (signal.aborted) {
          throw new TileFetchError('cancelled', 'the download was paused or cancelled');
        }
      }
    }
  }
  throw last;
}

/** Runs `task` over `items` with at most `limit` in flight; the first failure aborts the rest. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const i = next;
      next += 1;
      try {
        out[i] = await task(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) {
    throw (failure as { error: unknown }).error;
  }
  return out;
}

export function errorOf(error: unknown): NonNullable<TileArea['error']> {
  if (error instanceof TileFetchError) {
    switch (error.failure) {
      case 'unauthorized':
        return { code: 'permission-denied', message: error.message };
      case 'unreachable':
        return {
          code: 'unavailable',
          message: `${error.message} — offline? Resume when the connection is back`,
        };
      case 'server':
        return {
          code: 'unavailable',
          message: `${error.message} — the tile source is failing; resume later`,
        };
      case 'not-image':
        return { code: 'protocol', message: error.message };
      case 'cancelled':
        return { code: 'cancelled', message: error.message };
    }
  }
  if (error instanceof MbtilesError) {
    return error.problem === 'disk-full'
      ? { code: 'io', message: 'the disk is full: free some space, then resume the download' }
      : { code: 'io', message: error.message };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export async function runDownload(
  deps: DownloadDeps,
  file: MbtilesFile,
  plan: DownloadPlan,
  signal: AbortSignal,
  onBatch: () => void,
): Promise<DownloadEnd> {
  const layers = layersOf(plan.source);
  const grid = boundsToDisplay(plan.bounds, plan.source.datum);
  const meta = file.metadata();
  let cursor = Number(meta[wrmKeys.cursor] ?? 0);
  let missing = Number(meta[wrmKeys.missing] ?? 0);
  let tileBytes = Number(meta[wrmKeys.tileBytes] ?? 0);
  let storedTiles = Number(meta[wrmKeys.storedTiles] ?? 0);
  let format: ImageFormat | null = (meta['format'] as ImageFormat | undefined) ?? null;
  try {
    while (cursor < plan.positions) {
      if (signal.aborted) {
        return { kind: 'stopped' };
      }
      const end = Math.min(cursor + deps.batchSize, plan.positions);
      const work: Work[] = [];
      for (let i = cursor; i < end; i += 1) {
        const t = tileAt(grid, plan.zooms, i);
        if (t === null) {
          break;
        }
        for (const layer of layers) {
          const url = tileUrl(layer, t, plan.key);
          work.push({ layer: layer.layer, z: t.z, x: t.x, y: t.y, url, shown: redactKey(url, plan.key) });
        }
      }
      const batch = new AbortController();
      const both = AbortSignal.any([signal, batch.signal]);
      let results: TileFetchOutcome[];
      try {
        results = await mapLimit(work, deps.concurrency, (item) => withRetries(deps, item, both));
      } catch (error) {
        batch.abort();
        if (signal.aborted || (error instanceof TileFetchError && error.failure === 'cancelled')) {
          return { kind: 'stopped' };
        }
        throw error;
      }
      const tiles: StoredTile[] = [];
      results.forEach((r, i) => {
        const w = work[i] as Work;
        if (r.kind === 'tile') {
          tiles.push({ layer: w.layer, z: w.z, x: w.x, y: w.y, data: r.data });
          tileBytes += r.data.length;
          format ??= r.format;
        } else {
          missing += 1;
        }
      });
      storedTiles += tiles.length;
      if (signal.aborted) {
        return { kind: 'stopped' };
      }
      file.putTiles(tiles, {
        [wrmKeys.cursor]: String(end),
        [wrmKeys.missing]: String(missing),
        [wrmKeys.tileBytes]: String(tileBytes),
        [wrmKeys.storedTiles]: String(storedTiles),
        [wrmKeys.updatedAt]: deps.now().toISOString(),
        ...(format === null ? {} : { format }),
      });
      cursor = end;
      onBatch();
    }
  } catch (error) {
    return { kind: 'failed', error: errorOf(error) };
  }
  const zs = [...plan.zooms];
  file.setMetadata({
    [wrmKeys.state]: 'complete',
    [wrmKeys.error]: '',
    [wrmKeys.updatedAt]: deps.now().toISOString(),
    bounds: [plan.bounds.west, plan.bounds.south, plan.bounds.east, plan.bounds.north].join(','),
    minzoom: String(Math.min(...zs)),
    maxzoom: String(Math.max(...zs)),
    format: format ?? 'png',
  });
  return { kind: 'complete' };
}
