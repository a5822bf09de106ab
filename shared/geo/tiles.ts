import { GeoInputError, type Bounds, type Datum } from './coords';

/**
 * Web-Mercator tile math (the XYZ scheme every tile server here uses: y counts from the north).
 * MBTiles stores rows in the TMS scheme (y from the south); `tmsRow` converts.
 */
declare const tileBrand: unique symbol;
export type TileCoord = {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly [tileBrand]: 'xyz';
};

export const maxTileZoom = 22;
/** Web Mercator is undefined at the poles; tiles end at ±85.0511°. */
export const mercatorMaxLat = 85.05112878;

export function tileCoord(z: number, x: number, y: number): TileCoord {
  if (!Number.isInteger(z) || z < 0 || z > maxTileZoom) {
    throw new GeoInputError(`tile zoom ${String(z)} is not an integer within 0…${maxTileZoom}`);
  }
  const n = 2 ** z;
  if (!Number.isInteger(x) || x < 0 || x >= n || !Number.isInteger(y) || y < 0 || y >= n) {
    throw new GeoInputError(`tile ${z}/${String(x)}/${String(y)} is outside the ${n}×${n} grid of zoom ${z}`);
  }
  return { z, x, y } as TileCoord;
}

/** MBTiles `tile_row` for an XYZ tile (and back: the flip is its own inverse). */
export function tmsRow(z: number, y: number): number {
  return 2 ** z - 1 - y;
}

export function lngToTileX(lng: number, z: number): number {
  const n = 2 ** z;
  return Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
}

export function latToTileY(lat: number, z: number): number {
  const n = 2 ** z;
  const clamped = Math.max(-mercatorMaxLat, Math.min(mercatorMaxLat, lat));
  const rad = (clamped * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
  return Math.min(n - 1, Math.max(0, Math.floor(y)));
}

export function tileXToLng(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}

export function tileYToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
}

/** The geographic extent of one tile, in the datum its source is drawn in. */
export function tileBounds<D extends Datum>(t: TileCoord, datum: D): Bounds<D> {
  return {
    west: tileXToLng(t.x, t.z),
    east: tileXToLng(t.x + 1, t.z),
    north: tileYToLat(t.y, t.z),
    south: tileYToLat(t.y + 1, t.z),
    datum,
  };
}

export type TileRange = {
  readonly z: number;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
};

export function tileRange(b: Bounds<Datum>, z: number): TileRange {
  return {
    z,
    minX: lngToTileX(b.west, z),
    maxX: lngToTileX(b.east, z),
    minY: latToTileY(b.north, z),
    maxY: latToTileY(b.south, z),
  };
}

export function rangeSize(r: TileRange): number {
  return (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
}

/** Zoom levels as the user picked them: integers within 0…22, at least one; returned sorted and unique. */
export function normaliseZooms(zooms: readonly number[]): readonly number[] {
  if (zooms.length === 0) {
    throw new GeoInputError('choose at least one zoom level');
  }
  for (const z of zooms) {
    if (!Number.isInteger(z) || z < 0 || z > maxTileZoom) {
      throw new GeoInputError(`zoom level ${String(z)} is not an integer within 0…${maxTileZoom}`);
    }
  }
  return [...new Set(zooms)].sort((p, q) => p - q);
}

/** How many tiles cover `b` at every zoom in `zooms`. */
export function tileCount(b: Bounds<Datum>, zooms: readonly number[]): number {
  return normaliseZooms(zooms).reduce((sum, z) => sum + rangeSize(tileRange(b, z)), 0);
}

/** Every tile covering `b`, zoom by zoom, row by row: a stable order, so a download can resume by index. */
export function* tilesIn(b: Bounds<Datum>, zooms: readonly number[]): Generator<TileCoord> {
  for (const z of normaliseZooms(zooms)) {
    const r = tileRange(b, z);
    for (let y = r.minY; y <= r.maxY; y += 1) {
      for (let x = r.minX; x <= r.maxX; x += 1) {
        yield { z, x, y } as TileCoord;
      }
    }
  }
}

/** The tile at position `index` of `tilesIn(b, zooms)` without walking the ones before it. */
export function tileAt(b: Bounds<Datum>, zooms: readonly number[], index: number): TileCoord | null {
  let rest = index;
  for (const z of normaliseZooms(zooms)) {
    const r = tileRange(b, z);
    const size = rangeSize(r);
    if (rest < size) {
      const width = r.maxX - r.minX + 1;
      return { z, x: r.minX + (rest % width), y: r.minY + Math.floor(rest / width) } as TileCoord;
    }
    rest -= size;
  }
  return null;
}
