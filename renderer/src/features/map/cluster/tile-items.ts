import type { ClusterProperties } from 'supercluster';
import { project, tileSize, unproject, type Tile } from './tile-grid';

/**
 * What one map tile holds at one zoom: the clusters and single sites whose centre lies in it, in
 * world pixels. Cached per tile by the layer, so a pan asks supercluster only for the tiles that came
 * into view and a return to a zoom already seen asks nothing at all.
 */
export type TileItem = {
  /** Centre in world pixels at the tile's zoom. */
  readonly x: number;
  readonly y: number;
  /** Index into the layer's sites, or -1 for a cluster. */
  readonly site: number;
  /** supercluster's cluster id, or -1 for a single site. */
  readonly cluster: number;
  readonly count: number;
  /** Sites of each status under a cluster (see site-cluster-layer), empty for a single site. */
  readonly mix: readonly number[];
};

type Props = { i?: number; mix?: number[] } & Partial<ClusterProperties>;
export type ClusterSource = {
  getClusters(
    bbox: [number, number, number, number],
    zoom: number,
  ): { geometry: { coordinates: number[] }; properties: unknown }[];
};

/** Items centred in `tile` at `zoom` (clusters from the index level `Math.round(zoom)`). */
export function tileItems(index: ClusterSource, zoom: number, tile: Tile): TileItem[] {
  const x0 = tile.x * tileSize;
  const y0 = tile.y * tileSize;
  const nw = unproject(x0, y0, zoom);
  const se = unproject(x0 + tileSize, y0 + tileSize, zoom);
  // A hair wider than the tile: a centre on the edge is kept by exactly one tile by the pixel test below.
  const eps = 1e-9;
  const features = index.getClusters(
    [
      Math.max(-180, nw.lng - eps),
      Math.max(-85, se.lat - eps),
      Math.min(180, se.lng + eps),
      Math.min(85, nw.lat + eps),
    ],
    Math.round(zoom),
  );
  const out: TileItem[] = [];
  for (const f of features) {
    const [lng = 0, lat = 0] = f.geometry.coordinates;
    const p = project(lat, lng, zoom);
    if (p.x < x0 || p.x >= x0 + tileSize || p.y < y0 || p.y >= y0 + tileSize) {
      continue;
    }
    const props = f.properties as Props;
    if (props.cluster === true && props.cluster_id !== undefined) {
      out.push({
        x: p.x,
        y: p.y,
        site: -1,
        cluster: props.cluster_id,
        count: props.point_count ?? 0,
        mix: props.mix ?? [],
      });
    } else if (props.i !== undefined) {
      out.push({ x: p.x, y: p.y, site: props.i, cluster: -1, count: 1, mix: [] });
    }
  }
  return out;
}
