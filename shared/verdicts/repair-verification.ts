import type { FaultEvent, SiteHealth } from '../domain/index';
import { refuseEvent, type FaultState } from '../faults/state-machine';
import { addDays, dayOf, dayStart, daysBetween, type IsoDay } from '../health/days';
import type { ProvincePolicy } from './policy';

/**
 * Repair verification — closing a ticket by the data (design §5), the one rule the fault page, the
 * service's automation and the report use.
 *
 * Rule: a `repaired` ticket is judged from the moment the platform RECEIVED the repair (a laptop clock
 * behind the platform cannot make old reports count as after the repair). The first full Asia/Shanghai
 * day after that day whose reporting rate (slots with a valid report ÷ expected) reaches the policy's
 * `verifyDailyThreshold`, and which ended within `verifyWindowHours` of the receipt, verifies it. When
 * the window has passed without such a day, the ticket reopens. Otherwise it waits, with its deadline.
 * A repair still on the laptop (not received) waits without a deadline.
 */
export const verificationReasons = [
  'not-repaired',
  'repair-not-received',
  'good-day-after-repair',
  'no-good-day-in-window',
  'waiting-for-data',
] as const;
export type VerificationReason = (typeof verificationReasons)[number];

export type RepairVerification = {
  readonly verdict: 'verified' | 'reopened' | 'waiting';
  readonly reason: VerificationReason;
  /** When the window closes (receipt + window); null before the platform has the repair. */
  readonly deadline: number | null;
  /** The day that verified it. */
  readonly goodDay: IsoDay | null;
  /** Full days after the repair the platform's history has judged so far. */
  readonly daysJudged: number;
  readonly threshold: number;
};

export function verifyRepair(
  fault: FaultState,
  history: SiteHealth | null,
  policy: ProvincePolicy,
  now: number,
): RepairVerification {
  const threshold = policy.verifyDailyThreshold;
  const base = { goodDay: null, daysJudged: 0, threshold } as const;
  if (fault.status !== 'repaired' || fault.repairedAt === null) {
    return { ...base, verdict: 'waiting', reason: 'not-repaired', deadline: null };
  }
  if (fault.repairReceivedAt === null) {
    return { ...base, verdict: 'waiting', reason: 'repair-not-received', deadline: null };
  }
  const received = fault.repairReceivedAt;
  const deadline = received + policy.verifyWindowHours * 3_600_000;
  let daysJudged = 0;
  if (history !== null && history.siteId === fault.siteId) {
    const lastComplete = addDays(dayOf(now), -1);
    for (let day = addDays(dayOf(received), 1); day <= lastComplete; day = addDays(day, 1)) {
      if (dayStart(addDays(day, 1)) > deadline) {
        break; // the day ended after the window closed
      }
      const i = daysBetween(history.firstDay, day);
      const expected = history.expected[i] ?? 0;
      if (i < 0 || i >= history.expected.length || expected === 0) {
        continue;
      }
      daysJudged += 1;
      if ((history.receivedSlots[i] ?? 0) / expected >= threshold - 1e-9) {
        return {
          verdict: 'verified',
          reason: 'good-day-after-repair',
          deadline,
          goodDay: day,
          daysJudged,
          threshold,
        };
      }
    }
  }
  if (now >= deadline) {
    return { ...base, daysJudged, verdict: 'reopened', reason: 'no-good-day-in-window', deadline };
  }
  return { ...base, daysJudged, verdict: 'waiting', reason: 'waiting-for-data', deadline };
}

/**
 * The platform's event for a verdict (the service appends it; `waiting` makes none). Its id derives
 * from the repair it judges, so a second run of the automation adds nothing twice.
 */
export function verificationEvent(
  fault: FaultState,
  verdict: RepairVerification,
  platform: { readonly now: number; readonly idFor: (key: string) => string },
): FaultEvent | null {
  if (verdict.verdict === 'waiting') {
    return null;
  }
  const repair = [...fault.history].reverse().find((e) => e.type === 'repaired');
  if (repair === undefined) {
    return null;
  }
  const event: FaultEvent = {
    id: platform.idFor(`${verdict.verdict}:${repair.id}`),
    faultId: fault.faultId,
    siteId: fault.siteId,
    divisionCode: fault.divisionCode as FaultEvent['divisionCode'],
    type: verdict.verdict,
    category: null,
    severity: null,
    // A code and its values, rendered in the reader's language by the screens.
    description:
      verdict.verdict === 'verified'
        ? `verification:${verdict.reason}:${verdict.goodDay ?? ''}:${verdict.threshold}`
        : `verification:${verdict.reason}:${verdict.deadline ?? ''}:${verdict.threshold}`,
    patrolId: null,
    taskId: null,
    diagnosticSessionIds: [],
    photoIds: [],
    actions: null,
    partsReplaced: [],
    backfillFrom: null,
    backfillTo: null,
    correctsEventId: null,
    deviceId: 'platform',
    operatorId: 'platform',
    recordedAt: platform.now,
    receivedAt: platform.now,
  };
  return refuseEvent(fault, event) === null ? event : null;
}

/** A platform verification event's description, read back: the code and its values. */
export function parseVerificationNote(
  description: string | null,
): { readonly reason: VerificationReason; readonly values: readonly string[] } | null {
  if (description === null || !description.startsWith('verification:')) {
    return null;
  }
  const [, reason, ...values] = description.split(':');
  return (verificationReasons as readonly string[]).includes(reason ?? '')
    ? { reason: reason as VerificationReason, values }
    : null;
}
