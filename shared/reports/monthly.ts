import type {
  Correction,
  Equipment,
  FaultEvent,
  Patrol,
  PatrolEvent,
  Reading,
  Site,
  SiteHealth,
  TaskEvent,
} from '../domain/index';
import { isOpen, type FaultState } from '../faults/state-machine';
import { summarizePatrol } from '../patrol/visit';
import type { AuditFinding, AuditFindingEvent } from '../verdicts/audit/index';
import {
  demoPolicy,
  judgeSites,
  monthPeriod,
  scheduleExcusalsOf,
  type ProvincePolicy,
} from '../verdicts/index';
import { maintenanceKpis } from '../verdicts/maintenance-kpis';
import { auditRowsOfMonth } from './monthly-audit';
import type {
  MonthlyReport,
  RectificationStatus,
  ReportBelowTargetRow,
  ReportFaultRow,
  ReportPatrolRow,
  ReportSiteRow,
} from './monthly-schema';
import { dayOf, monthRange, previousMonth } from './time';

export type MonthlyReportInput = {
  readonly month: string;
  /** Division-code prefix: 2 (province), 4 (city) or 6 (county) digits. */
  readonly region: string;
  readonly regionName: string;
  readonly generatedAt: number;
  readonly sites: readonly Site[];
  readonly patrols: readonly Patrol[];
  readonly patrolEvents: readonly PatrolEvent[];
  readonly faultEvents: readonly FaultEvent[];
  readonly health: readonly SiteHealth[];
  readonly corrections: readonly Correction[];
  /** Field readings taken at the region's sites (the month's are listed). */
  readonly readings?: readonly Reading[];
  /** The province policy the verdicts are judged with (the demo province's by default). */
  readonly policy?: ProvincePolicy;
  /** Data-audit findings of the region's sites (any month; the month's are listed with their handling). */
  readonly auditFindings?: readonly AuditFinding[];
  /** The findings' life events (cause, correction, closing, dismissal). */
  readonly auditFindingEvents?: readonly AuditFindingEvent[];
  /** The region's task events: crews' excusals of scheduled visits (none: nothing excused). */
  readonly taskEvents?: readonly TaskEvent[];
  /** The region's instruments, for the calibration register's KPI (none: its figures are null). */
  readonly equipment?: readonly Equipment[];
};

function rectification(patrolDays: readonly string[], faults: readonly FaultState[]): RectificationStatus {
  const anyOpen = faults.some((f) => isOpen(f));
  if (faults.length > 0 && !anyOpen) {
    return 'rectified';
  }
  return patrolDays.length > 0 || faults.length > 0 ? 'in_progress' : 'not_started';
}

/**
 * 月报 / 整改反馈 for a month and a region, from the laptop's or the service's records — the one
 * builder both call. Pure. Site status, fault states and rates come from the verdict core over the
 * month's judged period: a running month is cut at the last complete day and says so (`period`).
 */
export function buildMonthlyReport(input: MonthlyReportInput): MonthlyReport {
  const { start, end } = monthRange(input.month);
  // A report of the running month stands as of its generation time, not the month's end.
  const asOf = Math.max(start, Math.min(end, input.generatedAt));
  const policy = input.policy ?? demoPolicy;
  const period = monthPeriod(input.month, input.generatedAt);
  const inRegion = (code: string) => code.startsWith(input.region);
  const inMonth = (t: number) => t >= start && t < end;
  const lastDay = dayOf(end - 1);
  const sites = input.sites
    .filter((s) => inRegion(s.divisionCode) && s.status !== 'decommissioned' && s.registeredOn <= lastDay)
    .sort((a, b) => a.code.localeCompare(b.code));
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const judged = judgeSites({
    sites,
    health: input.health,
    faultEvents: input.faultEvents.filter((e) => siteById.has(e.siteId)),
    period,
    policy,
    now: input.generatedAt,
  });

  const patrols = input.patrols
    .filter((p) => siteById.has(p.siteId) && inMonth(p.checkIn.at))
    .sort((a, b) => a.checkIn.at - b.checkIn.at);
  const patrolRows: ReportPatrolRow[] = patrols.map((p) => {
    const site = siteById.get(p.siteId);
    const summary = summarizePatrol(p, input.patrolEvents);
    return {
      patrolId: p.id,
      siteCode: site?.code ?? '',
      siteName: site?.name ?? '',
      checkInAt: p.checkIn.at,
      checkOutAt: summary.checkOutAt,
      durationMinutes: summary.durationMs === null ? null : Math.round(summary.durationMs / 60_000),
      distanceM: p.checkIn.distanceM,
      outsideRadius: p.outsideRadiusReason !== null,
      outsideRadiusReason: p.outsideRadiusReason,
      failedItems: summary.failedItems,
      operatorId: p.operatorId,
    };
  });

  // Each ticket as it stood at the end of the judged period (the verdict core's fold).
  const faults = judged.faults
    .filter((f: FaultState) => f.openedAt < end && (f.closedAt === null || f.closedAt >= start))
    .sort((a, b) => a.openedAt - b.openedAt);
  const faultRows: ReportFaultRow[] = faults.map((f) => {
    const site = siteById.get(f.siteId);
    return {
      faultId: f.faultId,
      siteCode: site?.code ?? '',
      siteName: site?.name ?? '',
      category: f.category,
      severity: f.severity,
      description: f.description,
      openedAt: f.openedAt,
      closedAt: f.closedAt,
      statusAtMonthEnd: f.status,
      durationHours: Math.max(0, Math.round(((f.closedAt ?? asOf) - f.openedAt) / 360_000) / 10),
      openedInMonth: inMonth(f.openedAt),
      closedInMonth: f.closedAt !== null && inMonth(f.closedAt),
      backfill: f.backfill.doneAt !== null ? 'done' : f.backfill.required ? 'required' : 'not_required',
    };
  });

  const siteRows: ReportSiteRow[] = [];
  const belowTarget: ReportBelowTargetRow[] = [];
  let monitored = 0;
  let registered = 0;
  for (const site of sites) {
    const own = patrols.filter((p) => p.siteId === site.id);
    const ownFaults = faults.filter((f) => f.siteId === site.id);
    // Status, 上报率 and 稳定性 over the month's period by the verdict core (design §9).
    const verdict = judged.bySite.get(site.id)!;
    const h = verdict.health;
    monitored += h.monitored && h.registered ? 1 : 0;
    registered += h.registered ? 1 : 0;
    const below = h.meetsTargets === false;
    const row: ReportSiteRow = {
      siteId: site.id,
      code: site.code,
      name: site.name,
      kind: site.kind,
      divisionCode: site.divisionCode,
      patrols: own.length,
      lastPatrolAt: own.at(-1)?.checkIn.at ?? null,
      faultsOpened: ownFaults.filter((f) => inMonth(f.openedAt)).length,
      faultsClosed: ownFaults.filter((f) => f.closedAt !== null && inMonth(f.closedAt)).length,
      faultsOpenAtEnd: ownFaults.filter((f) => isOpen(f)).length,
      reportingRate: h.reportingRate,
      stability: h.stability,
      targetReportingRate: h.targets.reportingRate,
      targetStability: h.targets.stability,
      belowTarget: below,
      status: verdict.status,
    };
    siteRows.push(row);
    if (below) {
      const patrolDays = [...new Set(own.map((p) => dayOf(p.checkIn.at)))];
      belowTarget.push({
        siteId: site.id,
        siteCode: site.code,
        siteName: site.name,
        reportingRate: h.reportingRate,
        stability: h.stability,
        targetReportingRate: h.targets.reportingRate,
        targetStability: h.targets.stability,
        patrolDays,
        faults: ownFaults.map((f) => ({ faultId: f.faultId, category: f.category, status: f.status })),
        rectification: rectification(patrolDays, ownFaults),
      });
    }
  }

  const corrections = input.corrections
    .filter(
      (c) =>
        siteById.has(c.siteId) && c.recordedAt < end && (inMonth(c.recordedAt) || c.status === 'pending'),
    )
    .sort((a, b) => a.recordedAt - b.recordedAt)
    .map((c) => ({
      siteCode: siteById.get(c.siteId)?.code ?? '',
      targetCollection: c.targetCollection,
      field: c.field,
      currentValueJson: c.currentValueJson,
      proposedValueJson: c.proposedValueJson,
      reason: c.reason,
      status: c.status,
      recordedAt: c.recordedAt,
    }));

  const kpiInput = {
    region: input.region,
    sites,
    faultEvents: input.faultEvents,
    patrols: input.patrols,
    slaPolicy: policy.faultSla,
    schedules: {
      policy: policy.patrolSchedules,
      excusals: scheduleExcusalsOf(input.taskEvents ?? [], () => null),
    },
    ...(input.equipment === undefined
      ? {}
      : {
          calibration: {
            policy: policy.calibration,
            equipment: input.equipment,
            patrolEvents: input.patrolEvents,
          },
        }),
    now: input.generatedAt,
  };

  const monthReadings = (input.readings ?? []).filter((r) => siteById.has(r.siteId) && inMonth(r.takenAt));
  const readings = readingRows(monthReadings, input.readings ?? [], (id) => siteById.get(id)?.code ?? '');

  return {
    month: input.month,
    region: input.region,
    regionName: input.regionName,
    generatedAt: input.generatedAt,
    period: {
      from: period.from,
      to: period.to,
      days: period.days,
      partial: period.partial,
      policyVersion: policy.version,
    },
    totals: {
      sites: sites.length,
      sitesPatrolled: new Set(patrols.map((p) => p.siteId)).size,
      patrols: patrols.length,
      faultsOpened: faultRows.filter((f) => f.openedInMonth).length,
      faultsClosed: faultRows.filter((f) => f.closedInMonth).length,
      faultsOpenAtEnd: faultRows.filter((f) => f.statusAtMonthEnd !== 'verified').length,
      sitesBelowTarget: belowTarget.length,
      correctionsPending: corrections.filter((c) => c.status === 'pending').length,
      monitoringRate: registered === 0 ? null : monitored / registered,
    },
    sites: siteRows,
    patrols: patrolRows,
    faults: faultRows,
    belowTarget,
    corrections,
    readings,
    auditFindings: auditRowsOfMonth({
      start,
      end,
      siteNames: new Map(sites.map((s) => [s.code, s.name])),
      findings: input.auditFindings ?? [],
      events: input.auditFindingEvents ?? [],
    }),
    kpis: {
      current: maintenanceKpis({ ...kpiInput, month: input.month }),
      previous: maintenanceKpis({ ...kpiInput, month: previousMonth(input.month) }),
    },
  };
}

/**
 * The month's readings as the report lists them: every record, the original beside its correction (a
 * correction or withdrawal carries the value it replaced and the reason), each marked with how it
 * stands — so a reader sees what was read, what was changed, and what counts.
 */
function readingRows(month: readonly Reading[], all: readonly Reading[], siteCode: (id: string) => string) {
  const byId = new Map(all.map((r) => [r.id, r]));
  const replacedBy = new Map(all.filter((r) => r.supersedesId !== null).map((r) => [r.supersedesId, r]));
  return [...month]
    .sort((a, b) => a.takenAt - b.takenAt || a.id.localeCompare(b.id))
    .map((r) => {
      const later = replacedBy.get(r.id);
      const original = r.supersedesId === null ? undefined : byId.get(r.supersedesId);
      const standing: 'in-force' | 'corrected' | 'withdrawn' | 'withdrawal' =
        r.withdrawn === true
          ? 'withdrawal'
          : later === undefined
            ? 'in-force'
            : later.withdrawn === true
              ? 'withdrawn'
              : 'corrected';
      return {
        readingId: r.id,
        siteCode: siteCode(r.siteId),
        element: r.element,
        value: r.value,
        unit: r.unit,
        source: r.source,
        takenAt: r.takenAt,
        supersedesId: r.supersedesId,
        operatorId: r.operatorId,
        standing,
        originalValue: original?.value ?? null,
        reason: r.supersedesId === null ? null : r.note,
      };
    });
}
