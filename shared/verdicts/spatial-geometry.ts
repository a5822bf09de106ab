import { earthRadiusM } from '../geo/distance';

/**
 * Plain geometry for the province's spatial layers, in GeoJSON's order: a position is `[lng, lat]`
 * in WGS84 degrees. Polygons are lists of rings (the first the outline, the others holes).
 */
export type Position = readonly [number, number];
export type LayerGeometry =
  | { readonly type: 'Polygon'; readonly coordinates: readonly (readonly Position[])[] }
  | {
      readonly type: 'MultiPolygon';
      readonly coordinates: readonly (readonly (readonly Position[])[])[];
    }
  | { readonly type: 'LineString'; readonly coordinates: readonly Position[] }
  | { readonly type: 'MultiLineString'; readonly coordinates: readonly (readonly Position[])[] };

/** Where a point lies against an area: a point exactly on an edge or a vertex is on the `border`. */
export type PlaceInArea = 'inside' | 'outside' | 'border';

/** Degrees of tolerance for "on the border" (about 1 cm): coordinates are never more exact than that. */
const borderEpsilon = 1e-7;

function onSegment(p: Position, a: Position, b: Position): boolean {
  const [px, py] = p;
  const [ax, ay] = a;
  const [bx, by] = b;
  const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  const length = Math.hypot(bx - ax, by - ay);
  if (Math.abs(cross) > borderEpsilon * Math.max(length, borderEpsilon)) {
    return false;
  }
  return (
    px >= Math.min(ax, bx) - borderEpsilon &&
    px <= Math.max(ax, bx) + borderEpsilon &&
    py >= Math.min(ay, by) - borderEpsilon &&
    py <= Math.max(ay, by) + borderEpsilon
  );
}

/** Even-odd ray casting over one ring; `border` when the point lies on one of its edges. */
function placeInRing(p: Position, ring: readonly Position[]): PlaceInArea {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (onSegment(p, a, b)) {
      return 'border';
    }
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

function placeInPolygon(p: Position, rings: readonly (readonly Position[])[]): PlaceInArea {
  const [outline, ...holes] = rings;
  if (outline === undefined) {
    return 'outside';
  }
  const outer = placeInRing(p, outline);
  if (outer !== 'inside') {
    return outer;
  }
  for (const hole of holes) {
    const h = placeInRing(p, hole);
    if (h === 'border') {
      return 'border';
    }
    if (h === 'inside') {
      return 'outside';
    }
  }
  return 'inside';
}

/** Where a point lies against a polygon or multipolygon (a line is no area: always `outside`). */
export function placeInArea(p: Position, geometry: LayerGeometry): PlaceInArea {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : [];
  let border = false;
  for (const polygon of polygons) {
    const place = placeInPolygon(p, polygon);
    if (place === 'inside') {
      return 'inside';
    }
    border ||= place === 'border';
  }
  return border ? 'border' : 'outside';
}

/** Every line of a geometry: a line's own vertices, or each ring of an area. */
function linesOf(geometry: LayerGeometry): readonly (readonly Position[])[] {
  switch (geometry.type) {
    case 'LineString':
      return [geometry.coordinates];
    case 'MultiLineString':
      return geometry.coordinates;
    case 'Polygon':
      return geometry.coordinates;
    case 'MultiPolygon':
      return geometry.coordinates.flat();
  }
}

/**
 * The shortest distance in metres from a point to the lines of a geometry (for an area, to its
 * edges), measured on a local equirectangular plane around the point — exact enough within a county.
 */
export function distanceToGeometryM(p: Position, geometry: LayerGeometry): number {
  const k = Math.cos((p[1] * Math.PI) / 180);
  const toPlane = (q: Position): [number, number] => [
    ((q[0] - p[0]) * k * Math.PI * earthRadiusM) / 180,
    ((q[1] - p[1]) * Math.PI * earthRadiusM) / 180,
  ];
  let best = Infinity;
  for (const line of linesOf(geometry)) {
    for (let i = 0; i < line.length; i++) {
      const a = toPlane(line[i]!);
      const b = toPlane(line[Math.min(i + 1, line.length - 1)]!);
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a[0] * dx + a[1] * dy) / len2));
      best = Math.min(best, Math.hypot(a[0] + t * dx, a[1] + t * dy));
    }
  }
  return best;
}

/** The bounding box `[west, south, east, north]` of a geometry. */
export function boundsOfGeometry(geometry: LayerGeometry): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const line of linesOf(geometry)) {
    for (const [x, y] of line) {
      w = Math.min(w, x);
      s = Math.min(s, y);
      e = Math.max(e, x);
      n = Math.max(n, y);
    }
  }
  return [w, s, e, n];
}

/** Douglas–Peucker over one line, tolerance in degrees; the end points always stay. */
function simplifyLine(points: readonly Position[], tolerance: number): Position[] {
  if (points.length <= 2 || tolerance <= 0) {
    return [...points];
  }
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const a = points[first]!;
    const b = points[last]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy);
    let worst = -1;
    let worstAt = -1;
    for (let i = first + 1; i < last; i++) {
      const p = points[i]!;
      const d =
        len === 0
          ? Math.hypot(p[0] - a[0], p[1] - a[1])
          : Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
      if (d > worst) {
        worst = d;
        worstAt = i;
      }
    }
    if (worst > tolerance && worstAt > 0) {
      keep[worstAt] = 1;
      stack.push([first, worstAt], [worstAt, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** A ring keeps at least four positions (a triangle, closed) or is left as it was. */
function simplifyRing(ring: readonly Position[], tolerance: number): Position[] {
  const out = simplifyLine(ring, tolerance);
  return out.length >= 4 ? out : [...ring];
}

/**
 * The tolerance in degrees for a web-map zoom level: about half a screen pixel of a 256-px tile at
 * that zoom, so a simplified outline looks the same as the full one there.
 */
export function toleranceForZoom(zoom: number): number {
  return 360 / (256 * 2 ** zoom) / 2;
}

/** A geometry simplified for drawing at `zoom` (Douglas–Peucker, rings kept closed and valid). */
export function simplifyGeometry(geometry: LayerGeometry, zoom: number): LayerGeometry {
  const t = toleranceForZoom(zoom);
  switch (geometry.type) {
    case 'LineString':
      return { type: 'LineString', coordinates: simplifyLine(geometry.coordinates, t) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: geometry.coordinates.map((l) => simplifyLine(l, t)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => simplifyRing(r, t)) };
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: geometry.coordinates.map((p) => p.map((r) => simplifyRing(r, t))),
      };
  }
}

/** How many positions a geometry holds (what simplification saves is counted in these). */
export function positionCount(geometry: LayerGeometry): number {
  return linesOf(geometry).reduce((sum, line) => sum + line.length, 0);
}
