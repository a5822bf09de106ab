/**
 * Coordinates with their datum in the type. Positions are stored as WGS84/CGCS2000 (the two differ by
 * centimetres, far below what a field crew can see); GCJ-02 exists only on screen, over a tile source
 * that is drawn in it. Mixing them up is a compile error, not a 500 m shift found in the field.
 */
export const datums = ['wgs84', 'gcj02'] as const;
export type Datum = (typeof datums)[number];

declare const datumBrand: unique symbol;

export type LatLng<D extends Datum> = {
  readonly lat: number;
  readonly lng: number;
  readonly [datumBrand]: D;
};
/** WGS84 / CGCS2000: what the registry, GNSS receivers and our database hold. */
export type Wgs84 = LatLng<'wgs84'>;
/** GCJ-02: display coordinates over a tile source drawn in GCJ-02 (e.g. Gaode/AutoNavi tiles). */
export type Gcj02 = LatLng<'gcj02'>;

/** Bad geographic input (out of range, not a number): named so callers can show what was wrong. */
export class GeoInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeoInputError';
  }
}

function check(lat: number, lng: number, what: string): void {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new GeoInputError(`${what}: latitude ${String(lat)} is not within -90…90`);
  }
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) {
    throw new GeoInputError(`${what}: longitude ${String(lng)} is not within -180…180`);
  }
}

export function latLng<D extends Datum>(datum: D, lat: number, lng: number): LatLng<D> {
  check(lat, lng, datum === 'wgs84' ? 'WGS84 position' : 'GCJ-02 position');
  return { lat, lng } as LatLng<D>;
}

export function wgs84(lat: number, lng: number): Wgs84 {
  return latLng('wgs84', lat, lng);
}

export function gcj02(lat: number, lng: number): Gcj02 {
  return latLng('gcj02', lat, lng);
}

/** Geographic bounds (south-west / north-east corners) in one datum. */
export type Bounds<D extends Datum> = {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
  readonly datum: D;
};

export function bounds<D extends Datum>(
  datum: D,
  south: number,
  west: number,
  north: number,
  east: number,
): Bounds<D> {
  check(south, west, 'bounds south-west corner');
  check(north, east, 'bounds north-east corner');
  if (south > north) {
    throw new GeoInputError(`bounds: south ${south} is north of north ${north}`);
  }
  if (west > east) {
    throw new GeoInputError(
      `bounds: west ${west} is east of east ${east} (areas across 180° are not supported)`,
    );
  }
  return { south, west, north, east, datum };
}

/** The smallest bounds holding every point, padded by `padDegrees`; null for no points. */
export function boundsOf<D extends Datum>(
  datum: D,
  points: Iterable<LatLng<D>>,
  padDegrees = 0,
): Bounds<D> | null {
  let south = Infinity;
  let west = Infinity;
  let north = -Infinity;
  let east = -Infinity;
  for (const p of points) {
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
    west = Math.min(west, p.lng);
    east = Math.max(east, p.lng);
  }
  if (south === Infinity) {
    return null;
  }
  return bounds(
    datum,
    Math.max(-85, south - padDegrees),
    Math.max(-180, west - padDegrees),
    Math.min(85, north + padDegrees),
    Math.min(180, east + padDegrees),
  );
}
