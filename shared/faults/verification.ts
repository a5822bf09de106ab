import type { FaultEvent, SiteHealth } from '../domain/index';
import { dayOf, dayIndex } from '../reports/time';
import { refuseEvent, type FaultState } from './state-machine';

/**
 * Closing the loop by the data: after a repair, the platform (the sync service) watches the site's
 * reporting. A full Asia/Shanghai day after the repair day whose reporting rate meets the daily
 * threshold verifies the repair; `graceDays` full days without one reopen it. Thresholds are
 * parameters so a province can set its own.
 */
export type VerificationRule = {
  /** Daily reporting rate (slots with a valid report ÷ expected) a day must reach. */
  readonly dailyThreshold: number;
  /** Consecutive good full days needed to verify. */
  readonly requiredDays: number;
  /** Full days after the repair without enough good days before the ticket reopens. */
  readonly graceDays: number;
};

export const defaultVerificationRule: VerificationRule = {
  dailyThreshold: 0.9,
  requiredDays: 1,
  graceDays: 2,
};

export type VerificationDecision =
  | { readonly decision: 'verified'; readonly evidence: string }
  | { readonly decision: 'reopened'; readonly evidence: string }
  | { readonly decision: 'pending'; readonly evidence: string };

export function decideVerification(
  fault: FaultState,
  health: SiteHealth | null,
  rule: VerificationRule = defaultVerificationRule,
): VerificationDecision {
  if (fault.status !== 'repaired' || fault.repairedAt === null) {
    return { decision: 'pending', evidence: `ticket is ${fault.status}, not repaired` };
  }
  if (health === null || health.siteId !== fault.siteId) {
    return { decision: 'pending', evidence: 'no reporting history for the site' };
  }
  const firstFull = dayIndex(health.firstDay, dayOf(fault.repairedAt)) + 1;
  let run = 0;
  let full = 0;
  for (let i = Math.max(0, firstFull); i < health.expected.length; i += 1) {
    const expected = health.expected[i] ?? 0;
    if (expected === 0) {
      continue;
    }
    full += 1;
    const rate = (health.receivedSlots[i] ?? 0) / expected;
    run = rate >= rule.dailyThreshold ? run + 1 : 0;
    if (run >= rule.requiredDays) {
      return {
        decision: 'verified',
        evidence: `${run} full day(s) at ≥ ${Math.round(rule.dailyThreshold * 100)} % reporting after the repair`,
      };
    }
    if (full >= rule.graceDays) {
      return {
        decision: 'reopened',
        evidence: `${full} full day(s) after the repair without ${rule.requiredDays} good day(s)`,
      };
    }
  }
  return { decision: 'pending', evidence: `${full} full day(s) of data after the repair so far` };
}

/**
 * The platform's event for a decision (the sync service appends it; `pending` makes none). The author
 * is the platform, so the crew can tell its verdicts from their own records.
 */
export function verificationEvent(
  fault: FaultState,
  decision: VerificationDecision,
  platform: { readonly now: number; readonly newId: () => string; readonly deviceId?: string },
): FaultEvent | null {
  if (decision.decision === 'pending') {
    return null;
  }
  const event: FaultEvent = {
    id: platform.newId(),
    faultId: fault.faultId,
    siteId: fault.siteId,
    divisionCode: fault.divisionCode as FaultEvent['divisionCode'],
    type: decision.decision,
    category: null,
    severity: null,
    description: decision.evidence,
    patrolId: null,
    taskId: null,
    diagnosticSessionIds: [],
    photoIds: [],
    actions: null,
    partsReplaced: [],
    backfillFrom: null,
    backfillTo: null,
    correctsEventId: null,
    deviceId: platform.deviceId ?? 'platform',
    operatorId: 'platform',
    recordedAt: platform.now,
    receivedAt: platform.now,
  };
  return refuseEvent(fault, event) === null ? event : null;
}
