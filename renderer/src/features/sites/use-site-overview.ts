import { auditTime, combineLatest, map, NEVER } from 'rxjs';
import type { JudgedPeriod, ProvincePolicy } from '#shared/verdicts/index';
import { records$, useLive, type QueryState } from '../../db/queries';
import { useSpatialChecks } from '../common/spatial-layers';
import { buildOverview, type SiteOverview } from './overview';

/**
 * Every site with its health and findings, recomputed when the sites, their history or the registry
 * change (throttled: a bulk pull changes thousands of records in bursts). `enabled: false` holds it
 * back (while the demo province loads, re-reading every collection after each batch only slows it).
 */
export function useSiteOverview(
  enabled: boolean,
  period: JudgedPeriod,
  policy: ProvincePolicy,
  now: number,
): QueryState<SiteOverview> {
  const spatial = useSpatialChecks(policy.spatial);
  return useLive(
    `site-overview:${enabled}:${period.from}:${period.to}:${policy.version}:${now}:${spatial.key}`,
    (db) =>
      !enabled
        ? NEVER
        : combineLatest([
            records$(db, 'sites'),
            records$(db, 'site_health'),
            records$(db, 'fault_events'),
            records$(db, 'water_users'),
            records$(db, 'permits'),
            records$(db, 'equipment'),
            records$(db, 'diagnostic_sessions'),
          ]).pipe(
            auditTime(250),
            map(([sites, health, faultEvents, waterUsers, permits, equipment, sessions]) =>
              buildOverview({
                sites,
                health,
                faultEvents,
                waterUsers,
                permits,
                equipment,
                sessions,
                now,
                period,
                policy,
                spatial,
              }),
            ),
          ),
  );
}
