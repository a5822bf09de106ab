import type { FaultEvent, Site, SiteHealth, Task } from '../../../../shared/domain/index';
import {
  defaultHealthConfig,
  lastDays,
  siteHealth,
  type HealthConfig,
} from '../../../../shared/health/index';
import { dayOf, addDays } from '../../../../shared/health/days';
import { wgs84, type Wgs84 } from '../../../../shared/geo/coords';
import type { SiteStatus } from './site-style';

/**
 * What the map knows about one site: where it is, its kind, and its state against target, folded
 * from the synced records (site, reporting history, fault events, tasks).
 */
export type MapSite = {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: Site['kind'];
  readonly divisionCode: string;
  readonly position: Wgs84;
  readonly status: SiteStatus;
  readonly reportingRate: number | null;
  readonly failed: readonly string[];
  readonly lastReportAt: number | null;
  readonly openFaults: readonly OpenFault[];
  readonly openTasks: readonly Task[];
  readonly reportIntervalMinutes: number;
};

export type OpenFault = {
  readonly faultId: string;
  readonly state: FaultEvent['type'];
  readonly category: FaultEvent['category'];
  readonly severity: FaultEvent['severity'];
  readonly openedAt: number;
};

const lifecycle = new Set<FaultEvent['type']>(['opened', 'in_progress', 'repaired', 'verified', 'reopened']);
/** Ordered by the platform's receipt where known: device clocks alone never order events (design §4). */
const order = (e: FaultEvent) => e.receivedAt ?? e.recordedAt;

/** Faults whose latest lifecycle event is not `verified`, by site. (The faults feature owns the full fold.) */
export function openFaultsBySite(events: readonly FaultEvent[]): Map<string, OpenFault[]> {
  const byFault = new Map<string, FaultEvent[]>();
  for (const e of events) {
    const list = byFault.get(e.faultId) ?? [];
    list.push(e);
    byFault.set(e.faultId, list);
  }
  const out = new Map<string, OpenFault[]>();
  for (const [faultId, list] of byFault) {
    const sorted = [...list].sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
    const last = [...sorted].reverse().find((e) => lifecycle.has(e.type));
    const opened = sorted.find((e) => e.type === 'opened');
    if (last === undefined || last.type === 'verified' || opened === undefined) {
      continue;
    }
    const siteFaults = out.get(opened.siteId) ?? [];
    siteFaults.push({
      faultId,
      state: last.type,
      category: opened.category,
      severity: opened.severity,
      openedAt: order(opened),
    });
    out.set(opened.siteId, siteFaults);
  }
  return out;
}

export const activeTaskStatuses: readonly Task['status'][] = ['open', 'accepted', 'in_progress'];

export type StatusInputs = {
  readonly now: number;
  readonly config?: HealthConfig;
  /** A site is silent when nothing arrived for this long or three report intervals, whichever is longer. */
  readonly silentAfterMs?: number;
  /** Days of history judged against the targets (ending yesterday). */
  readonly periodDays?: number;
};

/** Worst first: an open fault, silence, below target, meets target; unknown when nothing can be judged. */
export function mapSiteOf(
  site: Site,
  health: SiteHealth | null,
  openFaults: readonly OpenFault[],
  openTasks: readonly Task[],
  inputs: StatusInputs,
): MapSite {
  const config = inputs.config ?? defaultHealthConfig;
  const period = lastDays(addDays(dayOf(inputs.now), -1), inputs.periodDays ?? 30);
  const result = siteHealth(site, health, period, config);
  const lastReportAt = health?.lastReportAt ?? null;
  const silentAfter = Math.max(inputs.silentAfterMs ?? 86_400_000, 3 * site.reportIntervalMinutes * 60_000);
  let status: SiteStatus;
  if (site.status !== 'active') {
    status = 'unknown';
  } else if (openFaults.length > 0) {
    status = 'fault';
  } else if (result.evaluated && (lastReportAt === null || inputs.now - lastReportAt > silentAfter)) {
    status = 'silent';
  } else if (result.meetsTargets === false) {
    status = 'below';
  } else if (result.meetsTargets === true) {
    status = 'meets';
  } else {
    status = 'unknown';
  }
  return {
    id: site.id,
    code: site.code,
    name: site.name,
    kind: site.kind,
    divisionCode: site.divisionCode,
    position: wgs84(site.position.lat, site.position.lng),
    status,
    reportingRate: result.reportingRate,
    failed: result.failed,
    lastReportAt,
    openFaults,
    openTasks,
    reportIntervalMinutes: site.reportIntervalMinutes,
  };
}

export function mapSitesOf(
  sites: readonly Site[],
  healths: readonly SiteHealth[],
  faultEvents: readonly FaultEvent[],
  tasks: readonly Task[],
  inputs: StatusInputs,
): MapSite[] {
  const healthBySite = new Map(healths.map((h) => [h.siteId, h]));
  const faults = openFaultsBySite(faultEvents);
  const tasksBySite = new Map<string, Task[]>();
  for (const t of tasks) {
    if (activeTaskStatuses.includes(t.status)) {
      const list = tasksBySite.get(t.siteId) ?? [];
      list.push(t);
      tasksBySite.set(t.siteId, list);
    }
  }
  return sites.map((s) =>
    mapSiteOf(s, healthBySite.get(s.id) ?? null, faults.get(s.id) ?? [], tasksBySite.get(s.id) ?? [], inputs),
  );
}
