import type { SiteKind } from '../domain/index';
import type { ProvincePolicy } from './policy';

/**
 * Proof of visit: the check-in geofence radius for a site of this kind, in metres. It is the
 * province's number (synced with its policy), never the visitor's — a crew that could widen the
 * radius could prove any visit. Whether a fix lies inside it is decided by `decideCheckIn`
 * (shared/patrol/geofence.ts) with this radius.
 */
export function checkInRadiusOf(policy: ProvincePolicy, kind: SiteKind): number {
  return policy.checkInRadiusM[kind];
}
