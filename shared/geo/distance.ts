import type { LatLng, Wgs84 } from './coords';

declare const metresBrand: unique symbol;
/** A distance in metres. */
export type Metres = number & { readonly [metresBrand]: 'm' };
declare const degreesBrand: unique symbol;
/** A compass bearing in degrees clockwise from true north, 0 ≤ b < 360. */
export type BearingDegrees = number & { readonly [degreesBrand]: 'deg' };

/** Mean Earth radius (IUGG), the usual choice for great-circle distances. */
export const earthRadiusM = 6371008.8;

const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle (haversine) distance; positions are WGS84, so distances are never mixed across datums. */
export function distanceM(a: Wgs84, b: Wgs84): Metres {
  return haversine(a, b);
}

function haversine(a: LatLng<'wgs84'>, b: LatLng<'wgs84'>): Metres {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return (2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)))) as Metres;
}

/** Initial bearing from `a` towards `b`. */
export function bearingDeg(a: Wgs84, b: Wgs84): BearingDegrees {
  const φ1 = rad(a.lat);
  const φ2 = rad(b.lat);
  const Δλ = rad(b.lng - a.lng);
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  const θ = (Math.atan2(y, x) * 180) / Math.PI;
  return ((θ + 360) % 360) as BearingDegrees;
}

export const compassPoints = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export type CompassPoint = (typeof compassPoints)[number];

/** The nearest of the eight compass points (for "1.2 km NE"). */
export function compassPoint(bearing: BearingDegrees): CompassPoint {
  return compassPoints[Math.round(bearing / 45) % 8] ?? 'N';
}
