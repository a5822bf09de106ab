import { layersOf, needsKey, redactKey, tileUrl, type TileLayerId } from '#shared/geo/tile-sources';
import { tileCoord } from '#shared/geo/tiles';
import type { ServedTile } from '#shared/host/contract/index';
import { wrmKeys, type AreaStore } from './area-store';
import { fetchTile, type FetchLike } from './fetch-tile';
import type { SourceStore } from './source-store';

/** How many zoom levels past an area's deepest a stored tile is enlarged (×64 at most). */
const maxOverzoom = 6;

/** How long the map waits for one live tile before showing its plain background. */
const liveTileTimeoutMs = 6_000;

/** An MBTiles `format` as the map takes it (`jpeg` is written `jpg`; anything unknown is png). */
function servedFormat(stored: string | undefined): ServedTile['format'] {
  const format = stored === 'jpeg' ? 'jpg' : stored;
  return format === 'jpg' || format === 'webp' || format === 'png' ? format : 'png';
}

/**
 * Serves map tiles to the renderer: from the offline areas of the source (or the one area asked by
 * `area:<id>`), else — past an area's deepest zoom — its nearest stored ancestor, enlarged; else, when
 * the crew allowed it, live from the source. Never fails: a tile nobody has is null and the map shows
 * its plain background there.
 */
export function createTileServer(deps: {
  readonly areas: AreaStore;
  readonly sources: SourceStore;
  readonly fetch: FetchLike;
}) {
  const { areas, sources } = deps;

  async function fromNetwork(
    sourceId: string,
    layer: TileLayerId,
    z: number,
    x: number,
    y: number,
  ): Promise<ServedTile | null> {
    const source = sources.get(sourceId);
    if (source === null || !sources.settings().onlineFallback) {
      return null;
    }
    const template = layersOf(source).find((l) => l.layer === layer);
    const key = sources.keyOf(source.id);
    if (template === undefined || (needsKey(source) && key === null)) {
      return null;
    }
    try {
      const url = tileUrl(template, tileCoord(z, x, y), key);
      const r = await fetchTile(deps.fetch, url, redactKey(url, key), {
        signal: new AbortController().signal,
        timeoutMs: liveTileTimeoutMs,
      });
      return r.kind === 'tile'
        ? {
            format: r.format,
            dataBase64: Buffer.from(r.data).toString('base64'),
            from: 'network',
            overzoom: null,
          }
        : null;
    } catch {
      return null; // offline or refused: the map shows its plain background for this tile
    }
  }

  /** The tile at z/x/y of `layer`; `tileCoord` has checked the coordinates. */
  async function getTile(
    sourceId: string,
    layer: TileLayerId,
    z: number,
    x: number,
    y: number,
  ): Promise<ServedTile | null> {
    const candidates = areas
      .ids()
      .map((id) => ({ id, meta: areas.open(id)?.metadata() }))
      .filter(
        ({ id, meta }) =>
          sourceId === `area:${id}` ||
          (meta?.[wrmKeys.origin] === 'download' && meta[wrmKeys.sourceId] === sourceId),
      );
    for (let levels = 0; levels <= maxOverzoom && levels <= z; levels += 1) {
      const pz = z - levels;
      const px = x >> levels;
      const py = y >> levels;
      for (const { id, meta } of candidates) {
        const data = areas.open(id)?.getTile(layer, pz, px, py);
        if (data) {
          return {
            format: servedFormat(meta?.['format']),
            dataBase64: Buffer.from(data).toString('base64'),
            from: 'area',
            overzoom: levels === 0 ? null : { levels, col: x - (px << levels), row: y - (py << levels) },
          };
        }
      }
      if (levels === 0 && !sourceId.startsWith('area:') && sources.get(sourceId) !== null) {
        const live = await fromNetwork(sourceId, layer, z, x, y);
        if (live !== null) {
          return live;
        }
      }
    }
    return null;
  }

  return { getTile };
}
