import { combineLatest, map, of, switchMap } from 'rxjs';
import { demoDivisionContains } from '#shared/demo/index';
import type {
  DiagnosticSession,
  Equipment,
  FaultEvent,
  Permit,
  Site,
  SiteHealth,
  WaterUser,
} from '#shared/domain/index';
import { dayOf, type HealthConfig, type SiteHealthResult } from '#shared/health/index';
import {
  healthConfigOf,
  judgeSites,
  type JudgedPeriod,
  type ProvincePolicy,
  type SiteStatusVerdict,
} from '#shared/verdicts/index';
import {
  buildRelationIndex,
  checkSite,
  serialObservationsFromSessions,
  type SiteFindings,
} from '#shared/relations/index';
import { record$, records$, useLive, type QueryState } from '../../db/queries';
import { useSpatialChecks, type SpatialChecks } from '../common/spatial-layers';

export type SiteDetail = {
  readonly site: Site;
  readonly history: SiteHealth | null;
  readonly waterUser: WaterUser | null;
  readonly permit: Permit | null;
  readonly equipment: readonly Equipment[];
  readonly verdict: SiteStatusVerdict;
  readonly health: SiteHealthResult;
  readonly findings: SiteFindings;
  readonly config: HealthConfig;
};

/** One site with what the detail page shows, live; null when the site is not on this device. */
export function useSiteDetail(
  siteId: string,
  period: JudgedPeriod,
  policy: ProvincePolicy,
  now: number,
): QueryState<SiteDetail | null> {
  const spatial = useSpatialChecks(policy.spatial);
  return useLive(
    `site-detail:${siteId}:${period.from}:${period.to}:${policy.version}:${now}:${spatial.key}`,
    (db) =>
      record$(db, 'sites', siteId).pipe(
        switchMap((site) => {
          if (site === null) {
            return of(null);
          }
          const none = <T>() => of<T[]>([]);
          return combineLatest({
            history: record$(db, 'site_health', site.id),
            sameCode: records$(db, 'sites', { selector: { code: site.code } }),
            users:
              site.waterUserId === null
                ? none<WaterUser>()
                : records$(db, 'water_users', { selector: { id: site.waterUserId } }),
            heldPermits:
              site.waterUserId === null
                ? none<Permit>()
                : records$(db, 'permits', { selector: { holderId: site.waterUserId } }),
            linkedPermit:
              site.permitId === null
                ? none<Permit>()
                : records$(db, 'permits', { selector: { id: site.permitId } }),
            equipment: records$(db, 'equipment', { selector: { siteId: site.id } }),
            sessions: records$(db, 'diagnostic_sessions', { selector: { siteId: site.id } }),
            faultEvents: records$(db, 'fault_events', { selector: { siteId: site.id } }),
          }).pipe(map((parts) => assembleSiteDetail(site, parts, { now, period, policy }, spatial)));
        }),
      ),
  );
}

/** The detail page's model of one site (exported for the cross-surface consistency test). */
export function assembleSiteDetail(
  site: Site,
  parts: {
    history: SiteHealth | null;
    sameCode: Site[];
    users: WaterUser[];
    heldPermits: Permit[];
    linkedPermit: Permit[];
    equipment: Equipment[];
    sessions: DiagnosticSession[];
    faultEvents: FaultEvent[];
  },
  judge: { readonly now: number; readonly period: JudgedPeriod; readonly policy: ProvincePolicy },
  /** The spatial checks over the layers held (absent: the demo's county boxes only). */
  spatial?: Pick<SpatialChecks, 'divisionContains' | 'findingsOf'>,
): SiteDetail {
  const now = judge.now;
  const permits = [
    ...parts.heldPermits,
    ...parts.linkedPermit.filter((p) => !parts.heldPermits.some((h) => h.id === p.id)),
  ];
  const index = buildRelationIndex({
    sites: parts.sameCode.some((s) => s.id === site.id) ? parts.sameCode : [site, ...parts.sameCode],
    waterUsers: parts.users,
    permits,
    equipment: parts.equipment,
    observations: serialObservationsFromSessions(parts.sessions),
    divisionContains: spatial?.divisionContains ?? demoDivisionContains,
    ...(spatial === undefined ? {} : { spatialFindings: spatial.findingsOf }),
    today: dayOf(now),
  });
  const verdict = judgeSites({
    sites: [site],
    health: parts.history === null ? [] : [parts.history],
    faultEvents: parts.faultEvents,
    ...judge,
  }).bySite.get(site.id)!;
  return {
    site,
    history: parts.history,
    waterUser: parts.users[0] ?? null,
    permit: parts.linkedPermit[0] ?? null,
    equipment: parts.equipment,
    verdict,
    health: verdict.health,
    findings: checkSite(site, index),
    config: healthConfigOf(judge.policy),
  };
}
