import type { Task } from '../domain/index';
import { addDays, dayOf } from '../health/days';
import { auditFindingKey, type AuditFinding } from './audit/finding';
import { auditFindingNeedsWork, type AuditFindingState } from './audit/finding-life';
import type { ProvincePolicy } from './policy';
import type { SiteStatusVerdict } from './site-status';

/**
 * Which sites need a task, of what kind, and the key that makes raising it idempotent — the one rule
 * behind the service's automatic tasks and the Tasks page's health-raised stops.
 *
 * Rule (over the status period, judged by `siteStatus`):
 * - `silent` → a patrol task, one per silence (keyed by the last report it fell silent after);
 * - `below` → a patrol task, one per site and month of the period's end;
 * - a fault the platform reopened (no data after the repair) → a repair task, one per reopening;
 * - `fault` (a ticket already open), `meets` and `not_judged` raise none: the ticket is the work.
 */
export type TaskNeed = {
  readonly siteId: string;
  readonly reason: Extract<Task['reason'], 'silent' | 'below_target' | 'fault_reopened'>;
  readonly kind: Task['kind'];
  readonly dedupKey: string;
  readonly dueOn: string;
  /** Values the screens render the task's words from. */
  readonly values: Readonly<Record<string, string | number | null>>;
};

export function taskNeedForStatus(
  verdict: SiteStatusVerdict,
  policy: ProvincePolicy,
  now: number,
): TaskNeed | null {
  const dueOn = addDays(dayOf(now), policy.taskDueDays);
  if (verdict.status === 'silent') {
    return {
      siteId: verdict.siteId,
      reason: 'silent',
      kind: 'patrol',
      dedupKey: `silent:${verdict.siteId}:${verdict.lastReportAt ?? 'never'}`,
      dueOn,
      values: {
        lastReportAt: verdict.lastReportAt,
        silentHours: Math.round(verdict.silentAfterMs / 3_600_000),
      },
    };
  }
  if (verdict.status === 'below') {
    const h = verdict.health;
    return {
      siteId: verdict.siteId,
      reason: 'below_target',
      kind: 'patrol',
      dedupKey: `below_target:${verdict.siteId}:${verdict.period.to.slice(0, 7)}`,
      dueOn,
      values: {
        failed: h.failed.join(','),
        reportingRate: h.reportingRate,
        targetReportingRate: h.targets.reportingRate,
        stability: h.stability,
        targetStability: h.targets.stability,
        from: verdict.period.from,
        to: verdict.period.to,
      },
    };
  }
  return null;
}

/** The repair task for a fault the platform reopened (keyed by the reopening event). */
export function taskNeedForReopen(
  reopen: { readonly faultId: string; readonly siteId: string; readonly eventId: string },
  policy: ProvincePolicy,
  now: number,
): TaskNeed {
  return {
    siteId: reopen.siteId,
    reason: 'fault_reopened',
    kind: 'repair',
    dedupKey: `fault_reopened:${reopen.faultId}:${reopen.eventId}`,
    dueOn: addDays(dayOf(now), policy.taskDueDays),
    values: { faultId: reopen.faultId },
  };
}

/**
 * The data-audit task for a finding: raised for the county while the finding needs work (open, or its
 * cause recorded but nothing corrected), none once corrected, closed or dismissed. One task per finding:
 * its dedup key is the finding's key (`audit:<site>:<element>:<rule>:<from>`), which a window growing
 * with new data keeps. Its reason is `data_audit` (tasks v1; a v0 app reads it as `platform`), of kind
 * `backfill` (find the cause, correct, 补报); `values.rule` names the rule.
 */
export type AuditTaskNeed = Omit<TaskNeed, 'reason'> & {
  readonly reason: Extract<Task['reason'], 'data_audit'>;
};

export function taskNeedForAuditFinding(
  finding: AuditFinding,
  state: AuditFindingState | null,
  siteId: string,
  policy: ProvincePolicy,
  now: number,
): AuditTaskNeed | null {
  if (!auditFindingNeedsWork(state)) {
    return null;
  }
  return {
    siteId,
    reason: 'data_audit',
    kind: 'backfill',
    dedupKey: auditFindingKey(finding),
    dueOn: addDays(dayOf(now), policy.taskDueDays),
    values: {
      siteCode: finding.siteCode,
      element: finding.element,
      rule: finding.rule,
      from: finding.from,
      to: finding.to,
      count: finding.evidence.count,
      status: state?.status ?? 'open',
    },
  };
}
