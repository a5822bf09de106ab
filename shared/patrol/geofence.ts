import type { VisitFix } from '../domain/index';

/**
 * Proof of visit: how far the crew was from the site when checking in or out. A small geodesic helper
 * lives here until the map feature's `shared/geo/` lands; both use the WGS84 mean radius. The radius
 * itself is the province's (`checkInRadiusOf` in shared/verdicts/check-in-radius.ts).
 */
const earthRadiusM = 6_371_008.8;

export type LatLng = { readonly lat: number; readonly lng: number };

/** Great-circle (haversine) distance in metres; within 0.5 % of the ellipsoidal distance. */
export function distanceM(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const geofenceRefusals = ['reason-required', 'invalid-radius'] as const;
export type GeofenceRefusal = (typeof geofenceRefusals)[number];

export type GeofenceDecision =
  | {
      readonly ok: true;
      /** Null when the device had no position (then the visit counts as outside). */
      readonly distanceM: number | null;
      readonly inside: boolean;
      /** The reason the crew gave, kept only for a check-in outside the radius. */
      readonly outsideRadiusReason: string | null;
    }
  | { readonly ok: false; readonly reason: GeofenceRefusal; readonly distanceM: number | null };

/**
 * A check-in beyond the radius — or without any position — is allowed but must carry the crew's
 * reason. Inside means the distance is within the radius; a poor fix does not widen the radius,
 * the accuracy is kept beside the distance for whoever reviews the visit.
 */
export function decideCheckIn(input: {
  readonly site: LatLng;
  readonly position: LatLng | null;
  readonly radiusM: number;
  readonly reason?: string | null;
}): GeofenceDecision {
  if (!Number.isFinite(input.radiusM) || input.radiusM < 1 || input.radiusM > 100_000) {
    return { ok: false, reason: 'invalid-radius', distanceM: null };
  }
  const d = input.position === null ? null : Math.round(distanceM(input.site, input.position) * 10) / 10;
  const inside = d !== null && d <= input.radiusM;
  const reason = (input.reason ?? '').trim();
  if (!inside && reason.length === 0) {
    return { ok: false, reason: 'reason-required', distanceM: d };
  }
  return { ok: true, distanceM: d, inside, outsideRadiusReason: inside ? null : reason };
}

/** Builds the fix a patrol stores, with the distance to the site computed here (never trusted from input). */
export function visitFix(input: {
  readonly at: number;
  readonly site: LatLng;
  readonly position: LatLng | null;
  readonly accuracyM: number | null;
  readonly source: VisitFix['source'];
}): VisitFix {
  return {
    at: input.at,
    position:
      input.position === null
        ? null
        : ({ lat: input.position.lat, lng: input.position.lng } as VisitFix['position']),
    accuracyM: input.accuracyM,
    distanceM: input.position === null ? null : Math.round(distanceM(input.site, input.position) * 10) / 10,
    source: input.position === null ? 'none' : input.source,
  };
}
