import type { FaultEvent, Site, SiteHealth, Task } from '#shared/domain/index';
import { wgs84, type Wgs84 } from '#shared/geo/coords';
import {
  judgeSites,
  type FaultState,
  type JudgedPeriod,
  type ProvincePolicy,
  type SiteStatus,
  type SiteStatusVerdict,
} from '#shared/verdicts/index';

/**
 * What the map knows about one site: where it is, its kind, and its status for the judged period as
 * the verdict core gives it (the map keeps no rule of its own).
 */
export type MapSite = {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: Site['kind'];
  readonly divisionCode: string;
  readonly position: Wgs84;
  readonly status: SiteStatus;
  readonly verdict: SiteStatusVerdict;
  readonly reportingRate: number | null;
  readonly failed: readonly string[];
  readonly lastReportAt: number | null;
  readonly openFaults: readonly OpenFault[];
  readonly openTasks: readonly Task[];
  readonly reportIntervalMinutes: number;
};

export type OpenFault = {
  readonly faultId: string;
  readonly state: FaultState['status'];
  readonly category: FaultState['category'];
  readonly severity: FaultState['severity'];
  readonly openedAt: number;
};

export const activeTaskStatuses: readonly Task['status'][] = ['open', 'accepted', 'in_progress'];

export type StatusInputs = {
  readonly now: number;
  readonly period: JudgedPeriod;
  readonly policy: ProvincePolicy;
};

export function mapSitesOf(
  sites: readonly Site[],
  healths: readonly SiteHealth[],
  faultEvents: readonly FaultEvent[],
  tasks: readonly Task[],
  inputs: StatusInputs,
): MapSite[] {
  const judged = judgeSites({ sites, health: healths, faultEvents, ...inputs });
  const faultById = new Map(judged.faults.map((f) => [f.faultId, f]));
  const tasksBySite = new Map<string, Task[]>();
  for (const t of tasks) {
    if (activeTaskStatuses.includes(t.status)) {
      const list = tasksBySite.get(t.siteId) ?? [];
      list.push(t);
      tasksBySite.set(t.siteId, list);
    }
  }
  return sites.map((site) => {
    const verdict = judged.bySite.get(site.id)!;
    const openFaults = verdict.openFaultIds.flatMap((id) => {
      const f = faultById.get(id);
      return f === undefined
        ? []
        : [
            {
              faultId: id,
              state: f.status,
              category: f.category,
              severity: f.severity,
              openedAt: f.openedAt,
            },
          ];
    });
    return {
      id: site.id,
      code: site.code,
      name: site.name,
      kind: site.kind,
      divisionCode: site.divisionCode,
      position: wgs84(site.position.lat, site.position.lng),
      status: verdict.status,
      verdict,
      reportingRate: verdict.health.reportingRate,
      failed: verdict.health.failed,
      lastReportAt: verdict.lastReportAt,
      openFaults,
      openTasks: tasksBySite.get(site.id) ?? [],
      reportIntervalMinutes: site.reportIntervalMinutes,
    };
  });
}
