import { combineLatest, map, of, switchMap } from 'rxjs';
import { demoDivisionContains } from '../../../../shared/demo/index';
import type {
  DiagnosticSession,
  Equipment,
  Permit,
  Site,
  SiteHealth,
  WaterUser,
} from '../../../../shared/domain/index';
import {
  dayOf,
  defaultHealthConfig,
  lastDays,
  siteHealth,
  type HealthConfig,
  type SiteHealthResult,
} from '../../../../shared/health/index';
import {
  buildRelationIndex,
  checkSite,
  serialObservationsFromSessions,
  type SiteFindings,
} from '../../../../shared/relations/index';
import { record$, records$, useLive, type QueryState } from '../../db/queries';
import { historyEndDay, overviewPeriodDays } from './overview';

export type SiteDetail = {
  readonly site: Site;
  readonly history: SiteHealth | null;
  readonly waterUser: WaterUser | null;
  readonly permit: Permit | null;
  readonly equipment: readonly Equipment[];
  readonly health: SiteHealthResult;
  readonly findings: SiteFindings;
  readonly config: HealthConfig;
};

/** One site with what the detail page shows, live; null when the site is not on this device. */
export function useSiteDetail(siteId: string): QueryState<SiteDetail | null> {
  return useLive(`site-detail:${siteId}`, (db) =>
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
        }).pipe(map((parts) => assemble(site, parts, Date.now())));
      }),
    ),
  );
}

function assemble(
  site: Site,
  parts: {
    history: SiteHealth | null;
    sameCode: Site[];
    users: WaterUser[];
    heldPermits: Permit[];
    linkedPermit: Permit[];
    equipment: Equipment[];
    sessions: DiagnosticSession[];
  },
  now: number,
): SiteDetail {
  const config = defaultHealthConfig;
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
    divisionContains: demoDivisionContains,
    today: dayOf(now),
  });
  const period = lastDays(
    historyEndDay(parts.history === null ? [] : [parts.history], now),
    overviewPeriodDays,
  );
  return {
    site,
    history: parts.history,
    waterUser: parts.users[0] ?? null,
    permit: parts.linkedPermit[0] ?? null,
    equipment: parts.equipment,
    health: siteHealth(site, parts.history, period, config),
    findings: checkSite(site, index),
    config,
  };
}
