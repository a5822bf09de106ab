import type { VisitFix } from '#shared/domain/index';
import { visitFixSchema, wgs84 as domainWgs84 } from '#shared/domain/index';
import type { Wgs84 } from '#shared/geo/coords';
import { distanceM } from '#shared/geo/distance';
import type { CrewFix } from './position-store';

/**
 * A check-in at a site: where the crew was, how sure the fix was, and how far from the site's
 * registered position — the proof of visit a patrol keeps (`Patrol.checkIn`). Positions are WGS84
 * from end to end; no display datum enters this.
 */
export function checkInFix(site: Wgs84, fix: CrewFix | null, now: number): VisitFix {
  if (fix === null) {
    return { at: now, position: null, accuracyM: null, distanceM: null, source: 'none' };
  }
  return {
    at: now,
    position: domainWgs84(fix.position.lat, fix.position.lng),
    accuracyM: fix.accuracyM === null ? null : Math.round(fix.accuracyM * 10) / 10,
    distanceM: Math.round(distanceM(fix.position, site) * 10) / 10,
    source: fix.source,
  };
}

const key = (siteId: string) => `wrm.checkIn.${siteId}`;

/** Hands a check-in to the patrol page (`#/patrols/new?siteId=…`), which takes it once. */
export function rememberCheckIn(storage: Storage, siteId: string, fix: VisitFix): void {
  storage.setItem(key(siteId), JSON.stringify(fix));
}

/** The check-in made on the map for this site, if any; removed once taken. */
export function takeCheckIn(storage: Storage, siteId: string): VisitFix | null {
  const fix = readCheckIn(storage, siteId);
  storage.removeItem(key(siteId));
  return fix;
}

/** The check-in made on the map for this site, if any, left in place (render paths may run twice). */
export function readCheckIn(storage: Storage, siteId: string): VisitFix | null {
  const text = storage.getItem(key(siteId));
  if (text === null) {
    return null;
  }
  // Storage is writable by any script of the page's origin: a hand-over that is not a valid fix is
  // ignored rather than trusted as proof of visit.
  try {
    const parsed = visitFixSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
