import type { FaultEvent, Patrol, Site } from '../domain/index';
import { eventAt, faultsAsOf, partsOf, type FaultState } from '../faults/state-machine';
import { monthRange } from '../reports/time';
import { judgeFaultSla, slaCheckIns, type FaultSlaPolicy } from './fault-sla';

/**
 * The operation-and-maintenance contractor's KPIs for a month (运维考核) — the one computation the
 * monthly report, its JSON and the area page read, per county and per crew, with the previous month
 * beside it by calling it twice.
 *
 * What each figure counts (a figure that cannot be judged is null, never 0 or 100 %):
 *   - faultsOpened: tickets opened in the month at the region's sites;
 *   - slaMet / slaBreached / slaRunning: those tickets judged at the month's end (or now, for the
 *     running month) — breached when any stage was late or overdue by then; met when every stage was
 *     done (an on-site stage skipped by a remote repair counts neither way) and none late; else running;
 *   - repairs: tickets whose last repair was recorded in the month; meanTimeToRepairHours: the mean
 *     time from opening to that repair (the fold's times) — null without repairs;
 *   - verified / firstTimeFixRate: tickets verified in the month, and the share never reopened;
 *   - partsUsed: the quantities of parts fitted on every repair recorded in the month (a ticket
 *     repaired twice counts both), by name; a repair saved before v2 named its parts: one of each;
 *   - patrols: patrols checked in during the month.
 * The crew of a ticket is the account that recorded its repair (tickets not repaired have none yet).
 */
export type KpiFigures = {
  readonly faultsOpened: number;
  readonly slaMet: number;
  readonly slaBreached: number;
  readonly slaRunning: number;
  readonly repairs: number;
  readonly meanTimeToRepairHours: number | null;
  readonly verified: number;
  readonly firstTimeFixRate: number | null;
  readonly partsUsed: readonly { readonly part: string; readonly count: number }[];
  readonly patrols: number;
};

export type MaintenanceKpis = {
  readonly month: string;
  readonly region: KpiFigures;
  readonly byCounty: readonly ({ readonly divisionCode: string } & KpiFigures)[];
  readonly byCrew: readonly ({ readonly crew: string } & KpiFigures)[];
};

export type MaintenanceKpiInput = {
  readonly month: string;
  /** Division-code prefix of the region judged. */
  readonly region: string;
  readonly sites: readonly Site[];
  readonly faultEvents: readonly FaultEvent[];
  readonly patrols: readonly Patrol[];
  readonly slaPolicy: FaultSlaPolicy;
  /** The report's generation time: a running month is judged as of now. */
  readonly now: number;
};

const hourMs = 3_600_000;

type Fact = {
  readonly divisionCode: string;
  readonly crew: string | null;
  readonly opened: boolean;
  readonly sla: 'met' | 'breached' | 'running' | null;
  readonly repairHours: number | null;
  readonly verified: boolean;
  readonly firstTime: boolean;
  readonly parts: readonly { readonly part: string; readonly quantity: number }[];
};

function repairEventOf(state: FaultState): FaultEvent | null {
  return [...state.history].reverse().find((e) => e.type === 'repaired') ?? null;
}

function figures(facts: readonly Fact[], patrols: number): KpiFigures {
  const repairs = facts.filter((f) => f.repairHours !== null);
  const verified = facts.filter((f) => f.verified);
  const parts = new Map<string, number>();
  for (const f of facts) {
    for (const p of f.parts) {
      parts.set(p.part, (parts.get(p.part) ?? 0) + p.quantity);
    }
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    faultsOpened: facts.filter((f) => f.opened).length,
    slaMet: facts.filter((f) => f.opened && f.sla === 'met').length,
    slaBreached: facts.filter((f) => f.opened && f.sla === 'breached').length,
    slaRunning: facts.filter((f) => f.opened && f.sla === 'running').length,
    repairs: repairs.length,
    meanTimeToRepairHours:
      repairs.length === 0
        ? null
        : round(repairs.reduce((s, f) => s + (f.repairHours ?? 0), 0) / repairs.length),
    verified: verified.length,
    firstTimeFixRate:
      verified.length === 0 ? null : verified.filter((f) => f.firstTime).length / verified.length,
    partsUsed: [...parts.entries()]
      .map(([part, count]) => ({ part, count }))
      .sort((a, b) => b.count - a.count || a.part.localeCompare(b.part)),
    patrols,
  };
}

export function maintenanceKpis(input: MaintenanceKpiInput): MaintenanceKpis {
  const { start, end } = monthRange(input.month);
  const asOf = Math.max(start, Math.min(end, input.now));
  const inMonth = (t: number | null) => t !== null && t >= start && t < end;
  const sites = new Map(
    input.sites.filter((s) => s.divisionCode.startsWith(input.region)).map((s) => [s.id, s]),
  );
  const patrols = input.patrols.filter((p) => sites.has(p.siteId));
  const facts: Fact[] = [];
  for (const state of faultsAsOf(
    input.faultEvents.filter((e) => sites.has(e.siteId)),
    asOf,
  )) {
    const site = sites.get(state.siteId)!;
    const repair = repairEventOf(state);
    const repairedInMonth = repair !== null && inMonth(eventAt(repair));
    const opened = inMonth(state.openedAt);
    let sla: Fact['sla'] = null;
    if (opened) {
      const verdict = judgeFaultSla(state, site.kind, input.slaPolicy, slaCheckIns(state, patrols), asOf);
      sla = verdict.breaches.some((b) => b.at <= asOf)
        ? 'breached'
        : verdict.current === null
          ? 'met'
          : 'running';
    }
    const verified = state.status === 'verified' && inMonth(state.closedAt);
    const anyRepairInMonth = state.history.some((e) => e.type === 'repaired' && inMonth(eventAt(e)));
    if (!opened && !anyRepairInMonth && !verified) {
      continue;
    }
    facts.push({
      divisionCode: state.divisionCode,
      crew: repair?.operatorId ?? null,
      opened,
      sla,
      repairHours: repairedInMonth ? (eventAt(repair) - state.openedAt) / hourMs : null,
      verified,
      firstTime: verified && state.reopenCount === 0,
      parts: state.history
        .filter((e) => e.type === 'repaired' && inMonth(eventAt(e)))
        .flatMap((e) => partsOf(e)),
    });
  }
  const monthPatrols = patrols.filter((p) => inMonth(p.checkIn.at));
  const counties = [
    ...new Set([...facts.map((f) => f.divisionCode), ...monthPatrols.map((p) => p.divisionCode)]),
  ].sort();
  const crews = [...new Set(facts.flatMap((f) => (f.crew === null ? [] : [f.crew])))].sort();
  return {
    month: input.month,
    region: figures(facts, monthPatrols.length),
    byCounty: counties.map((divisionCode) => ({
      divisionCode,
      ...figures(
        facts.filter((f) => f.divisionCode === divisionCode),
        monthPatrols.filter((p) => p.divisionCode === divisionCode).length,
      ),
    })),
    byCrew: crews.map((crew) => ({
      crew,
      ...figures(
        facts.filter((f) => f.crew === crew),
        monthPatrols.filter((p) => p.operatorId === crew).length,
      ),
    })),
  };
}
