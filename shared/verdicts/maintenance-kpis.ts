import type { Equipment, FaultEvent, Patrol, PatrolEvent, Site } from '../domain/index';
import { eventAt, faultsAsOf, partsOf, type FaultState } from '../faults/state-machine';
import { monthRange } from '../reports/time';
import {
  calibrationEntriesOf,
  judgeCalibration,
  outOfCalibration,
  type CalibrationPolicy,
} from './calibration';
import { judgeFaultSla, slaCheckIns, type FaultSlaPolicy } from './fault-sla';
import { judgeSiteSchedule, type PatrolSchedulePolicy, type ScheduleExcusal } from './patrol-schedule';

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
 *   - patrols: patrols checked in during the month;
 *   - patrolsDue / patrolsDoneOnTime: scheduled visits whose window closed in the month (by the month's
 *     end, or now for the running month), an excused one not counted, and of those the ones a patrol
 *     made inside their window (the patrol-schedule verdict's `done`) — null where no site of the
 *     scope has a schedule, and for a crew (a schedule is a site's, not a crew's);
 *   - instrumentsOverdueCalibration / instrumentsCalibrationUnrecorded: instruments of the scope's
 *     sites out of calibration at the month's end (or now, for the running month) — overdue or failed
 *     by the calibration verdict — and those with neither certificate nor installation day; null
 *     where the scope has no instrument that needs one, and for a crew (an instrument is a site's).
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
  readonly partsUsed: { readonly part: string; readonly count: number }[];
  readonly patrols: number;
  readonly patrolsDue: number | null;
  readonly patrolsDoneOnTime: number | null;
  readonly instrumentsOverdueCalibration: number | null;
  readonly instrumentsCalibrationUnrecorded: number | null;
};

export type MaintenanceKpis = {
  readonly month: string;
  readonly region: KpiFigures;
  readonly byCounty: ({ readonly divisionCode: string } & KpiFigures)[];
  readonly byCrew: ({ readonly crew: string } & KpiFigures)[];
};

export type MaintenanceKpiInput = {
  readonly month: string;
  /** Division-code prefix of the region judged. */
  readonly region: string;
  readonly sites: readonly Site[];
  readonly faultEvents: readonly FaultEvent[];
  readonly patrols: readonly Patrol[];
  readonly slaPolicy: FaultSlaPolicy;
  /** The patrol schedules and the crews' excusals by site id (none given: the figures are null). */
  readonly schedules?: {
    readonly policy: PatrolSchedulePolicy;
    readonly excusals: ReadonlyMap<string, readonly ScheduleExcusal[]>;
  };
  /** The register: instruments and the certificates seen on patrols (none given: the figures are null). */
  readonly calibration?: {
    readonly policy: CalibrationPolicy;
    readonly equipment: readonly Equipment[];
    readonly patrolEvents: readonly PatrolEvent[];
  };
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

type ScheduleCount = { readonly due: number; readonly onTime: number } | null;
type CalibrationCount = { readonly overdue: number; readonly unrecorded: number } | null;

function figures(
  facts: readonly Fact[],
  patrols: number,
  scheduled: ScheduleCount,
  calibration: CalibrationCount = null,
): KpiFigures {
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
    patrolsDue: scheduled?.due ?? null,
    patrolsDoneOnTime: scheduled?.onTime ?? null,
    instrumentsOverdueCalibration: calibration?.overdue ?? null,
    instrumentsCalibrationUnrecorded: calibration?.unrecorded ?? null,
  };
}

/** Instruments out of calibration and unrecorded per county (only counties with an instrument that needs one). */
function calibrationCounts(
  input: MaintenanceKpiInput,
  sites: ReadonlyMap<string, Site>,
  asOf: number,
): Map<string, { overdue: number; unrecorded: number }> {
  const byCounty = new Map<string, { overdue: number; unrecorded: number }>();
  const register = input.calibration;
  if (register === undefined) {
    return byCounty;
  }
  const entries = calibrationEntriesOf(register.patrolEvents.filter((e) => sites.has(e.siteId)));
  const known = entries.filter((e) => e.at <= asOf);
  for (const instrument of register.equipment) {
    const site = sites.get(instrument.siteId);
    if (site === undefined) {
      continue;
    }
    const verdict = judgeCalibration(instrument, known, register.policy, asOf);
    if (verdict.status === 'not_required') {
      continue;
    }
    const count = byCounty.get(site.divisionCode) ?? { overdue: 0, unrecorded: 0 };
    count.overdue += outOfCalibration(verdict) ? 1 : 0;
    count.unrecorded += verdict.status === 'unrecorded' ? 1 : 0;
    byCounty.set(site.divisionCode, count);
  }
  return byCounty;
}

/** Visits due and done on time per county (only counties with a scheduled site appear). */
function scheduledVisits(
  input: MaintenanceKpiInput,
  sites: readonly Site[],
  patrols: readonly Patrol[],
  start: number,
  asOf: number,
): Map<string, { due: number; onTime: number }> {
  const byCounty = new Map<string, { due: number; onTime: number }>();
  const schedules = input.schedules;
  if (schedules === undefined) {
    return byCounty;
  }
  for (const site of sites) {
    const verdict = judgeSiteSchedule({
      site,
      policy: schedules.policy,
      patrols: patrols.filter((p) => p.siteId === site.id),
      excusals: schedules.excusals.get(site.id) ?? [],
      now: asOf,
      // Back far enough for the longest window closing in the month.
      from: start - 400 * 24 * hourMs,
    });
    if (verdict.rule === null) {
      continue;
    }
    const count = byCounty.get(site.divisionCode) ?? { due: 0, onTime: 0 };
    for (const o of verdict.occurrences) {
      if (o.end > start && o.end <= asOf && o.state !== 'excused') {
        count.due += 1;
        count.onTime += o.state === 'done' ? 1 : 0;
      }
    }
    byCounty.set(site.divisionCode, count);
  }
  return byCounty;
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
  const visits = scheduledVisits(input, [...sites.values()], patrols, start, asOf);
  const allVisits: ScheduleCount =
    visits.size === 0
      ? null
      : [...visits.values()].reduce((a, v) => ({ due: a.due + v.due, onTime: a.onTime + v.onTime }), {
          due: 0,
          onTime: 0,
        });
  const instruments = calibrationCounts(input, sites, asOf);
  const allInstruments: CalibrationCount =
    instruments.size === 0
      ? null
      : [...instruments.values()].reduce(
          (a, v) => ({ overdue: a.overdue + v.overdue, unrecorded: a.unrecorded + v.unrecorded }),
          { overdue: 0, unrecorded: 0 },
        );
  const countyCodes = [...new Set([...counties, ...visits.keys(), ...instruments.keys()])].sort();
  return {
    month: input.month,
    region: figures(facts, monthPatrols.length, allVisits, allInstruments),
    byCounty: countyCodes.map((divisionCode) => ({
      divisionCode,
      ...figures(
        facts.filter((f) => f.divisionCode === divisionCode),
        monthPatrols.filter((p) => p.divisionCode === divisionCode).length,
        visits.get(divisionCode) ?? null,
        instruments.get(divisionCode) ?? null,
      ),
    })),
    byCrew: crews.map((crew) => ({
      crew,
      ...figures(
        facts.filter((f) => f.crew === crew),
        monthPatrols.filter((p) => p.operatorId === crew).length,
        null,
      ),
    })),
  };
}
