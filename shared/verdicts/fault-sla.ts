import { z } from 'zod';
import type { FaultEvent, Patrol, SiteKind } from '../domain/index';
import { eventAt, type FaultState } from '../faults/state-machine';

type FaultSeverity = NonNullable<FaultEvent['severity']>;

/**
 * Fault SLAs (故障处理时限): how long a ticket may take to be responded to, reached on site, repaired
 * and verified, by severity and site kind — the one rule the fault list, the fault page, the service
 * and the monthly report ask.
 *
 * Every clock starts when the ticket was opened (the fold's `openedAt`: device time, never later than
 * the platform's receipt). A reopened ticket's repair and verification clocks start again at its last
 * reopening; respond and on-site stay as they were met the first time.
 *   - respond: the first `accepted`, `in_progress` or `repaired` after opening, or a check-in at the site;
 *   - on site: a check-in at the site for this ticket (a repair done without one is `skipped`, never
 *     counted as met — the crew may have fixed it remotely, but nobody was seen there);
 *   - repaired: the fold's repair time;
 *   - verified: the platform's verification (the data flowing again), never a device's word.
 * A stage done after its deadline is `late` — a breach as much as one still `overdue`; a breach is a
 * derived event at the deadline's moment (nothing edits the ticket). A stage running in the last
 * `dueSoonShare` of its allowance is `due_soon`. The demo's hours are plausible defaults, not a rule
 * from the operator's documents: a province sets its own.
 */
export const slaStages = ['respond', 'on_site', 'repaired', 'verified'] as const;
export type SlaStage = (typeof slaStages)[number];

const hours = z
  .number()
  .min(0.25)
  .max(24 * 90);
const stageHours = z.object({ respond: hours, on_site: hours, repaired: hours, verified: hours }).strict();
const perSeverity = z.object({ low: stageHours, medium: stageHours, high: stageHours, critical: stageHours });
export const faultSlaPolicySchema = z
  .object({
    hours: z
      .object({
        intake: perSeverity.strict(),
        source_quality: perSeverity.strict(),
        boundary_section: perSeverity.strict(),
      })
      .strict(),
    /** A ticket opened without a severity is held to this one's hours. */
    defaultSeverity: z.enum(['low', 'medium', 'high', 'critical']),
    /** The last share of an allowance in which a running stage is `due_soon`. */
    dueSoonShare: z.number().min(0).max(1),
  })
  .strict();
export type FaultSlaPolicy = z.infer<typeof faultSlaPolicySchema>;

type StageHours = z.infer<typeof stageHours>;
const stagesOf = (respond: number, onSite: number, repaired: number, verified: number): StageHours => ({
  respond,
  on_site: onSite,
  repaired,
  verified,
});

/** The demo's hours: boundary sections (100 % reporting target) and drinking-water sources are tighter. */
export const demoFaultSlaPolicy: FaultSlaPolicy = {
  hours: {
    intake: {
      low: stagesOf(24, 120, 168, 240),
      medium: stagesOf(12, 72, 120, 192),
      high: stagesOf(4, 48, 72, 144),
      critical: stagesOf(2, 24, 48, 120),
    },
    source_quality: {
      low: stagesOf(12, 72, 120, 192),
      medium: stagesOf(8, 48, 72, 144),
      high: stagesOf(4, 24, 48, 120),
      critical: stagesOf(1, 12, 24, 96),
    },
    boundary_section: {
      low: stagesOf(12, 72, 120, 192),
      medium: stagesOf(4, 48, 72, 144),
      high: stagesOf(2, 24, 48, 120),
      critical: stagesOf(1, 12, 24, 96),
    },
  },
  defaultSeverity: 'medium',
  dueSoonShare: 0.25,
};

export const slaStageStatuses = ['met', 'late', 'running', 'due_soon', 'overdue', 'skipped'] as const;
export type SlaStageStatus = (typeof slaStageStatuses)[number];

export type SlaStageVerdict = {
  readonly stage: SlaStage;
  readonly status: SlaStageStatus;
  /** When the stage's clock started (opening, or the last reopening for repair and verification). */
  readonly startedAt: number;
  readonly deadline: number;
  /** When it was done (null while running, overdue or skipped). */
  readonly doneAt: number | null;
  /** ms left (negative: over by) at `now` for a stage not done; null once done or skipped. */
  readonly remainingMs: number | null;
};

export type SlaBreach = { readonly stage: SlaStage; readonly at: number; readonly doneAt: number | null };

export type FaultSla = {
  readonly severity: FaultSeverity;
  readonly stages: readonly SlaStageVerdict[];
  /** Breaches as events at their deadline, in time order: each late or overdue stage once. */
  readonly breaches: readonly SlaBreach[];
  /** The stage whose clock the ticket shows now (the first not done), null when all are done. */
  readonly current: SlaStageVerdict | null;
};

const hourMs = 3_600_000;

/** When `type` was applied after `from`, in the fold's time (never later than the platform's receipt). */
function firstAfter(state: FaultState, types: readonly string[], from: number): number | null {
  let first: number | null = null;
  for (const e of state.history) {
    if (!types.includes(e.type)) {
      continue;
    }
    const at = eventAt(e);
    if (at >= from && (first === null || at < first)) {
      first = at;
    }
  }
  return first;
}

function lastReopening(state: FaultState): number | null {
  let last: number | null = null;
  for (const e of state.history) {
    if (e.type === 'reopened') {
      const at = eventAt(e);
      last = last === null ? at : Math.max(last, at);
    }
  }
  return last;
}

function judgeStage(
  stage: SlaStage,
  startedAt: number,
  allowanceH: number,
  doneAt: number | null,
  skipped: boolean,
  now: number,
  dueSoonShare: number,
): SlaStageVerdict {
  const deadline = startedAt + allowanceH * hourMs;
  if (doneAt !== null) {
    return {
      stage,
      status: doneAt <= deadline ? 'met' : 'late',
      startedAt,
      deadline,
      doneAt,
      remainingMs: null,
    };
  }
  if (skipped) {
    return { stage, status: 'skipped', startedAt, deadline, doneAt: null, remainingMs: null };
  }
  const remainingMs = deadline - now;
  const status =
    remainingMs < 0 ? 'overdue' : remainingMs <= allowanceH * hourMs * dueSoonShare ? 'due_soon' : 'running';
  return { stage, status, startedAt, deadline, doneAt: null, remainingMs };
}

/**
 * The SLA verdict of one ticket at `now`. `checkIns` are the times crews checked in at the site for
 * this ticket (the proof-of-visit verdict's accepted check-ins); the caller passes none it cannot prove.
 */
export function judgeFaultSla(
  state: FaultState,
  siteKind: SiteKind,
  policy: FaultSlaPolicy,
  checkIns: readonly number[],
  now: number,
): FaultSla {
  const severity = state.severity ?? policy.defaultSeverity;
  const allowance = policy.hours[siteKind][severity];
  const opened = state.openedAt;
  const reopened = lastReopening(state);
  const repairClock = reopened ?? opened;
  const visits = checkIns.filter((t) => t >= opened).sort((a, b) => a - b);
  const firstVisit = visits[0] ?? null;
  const crewAct = firstAfter(state, ['accepted', 'in_progress', 'repaired'], opened);
  const responded =
    crewAct === null ? firstVisit : firstVisit === null ? crewAct : Math.min(crewAct, firstVisit);
  const repaired = state.repairedAt !== null && state.repairedAt >= repairClock ? state.repairedAt : null;
  const verified =
    state.status === 'verified' && state.closedAt !== null && state.closedAt >= repairClock
      ? state.closedAt
      : null;
  const share = policy.dueSoonShare;
  const stages = [
    judgeStage('respond', opened, allowance.respond, responded, false, now, share),
    judgeStage(
      'on_site',
      opened,
      allowance.on_site,
      firstVisit,
      firstVisit === null && repaired !== null,
      now,
      share,
    ),
    judgeStage('repaired', repairClock, allowance.repaired, repaired, false, now, share),
    judgeStage('verified', repairClock, allowance.verified, verified, false, now, share),
  ];
  const breaches = stages
    .filter((s) => s.status === 'late' || s.status === 'overdue')
    .map((s) => ({ stage: s.stage, at: s.deadline, doneAt: s.doneAt }))
    .sort((a, b) => a.at - b.at);
  const current = stages.find((s) => s.doneAt === null && s.status !== 'skipped') ?? null;
  return { severity, stages, breaches, current };
}

/**
 * The check-ins that prove a crew was at the ticket's site: patrols of that site checked in inside the
 * radius (a check-in outside it, even with a reason, proves nobody reached the equipment).
 */
export function slaCheckIns(fault: Pick<FaultState, 'siteId'>, patrols: readonly Patrol[]): number[] {
  return patrols
    .filter((p) => p.siteId === fault.siteId && p.outsideRadiusReason === null && p.checkIn.position !== null)
    .map((p) => p.checkIn.at);
}

/** A ticket is in breach when any stage is late or overdue (the Faults filter and the report's count). */
export function isSlaBreached(sla: FaultSla): boolean {
  return sla.breaches.length > 0;
}
