import type { Site, SiteHealth } from '../domain/index';
import { siteHealth, type SiteForHealth, type SiteHealthResult } from '../health/metrics';
import type { JudgedPeriod } from './period';
import { healthConfigOf, type ProvincePolicy } from './policy';

/**
 * A site's status for a period — the one answer the map (marker, popup, legend, filters, clusters),
 * the Sites table and detail page, Tasks, the monthly report and the service's task raising show.
 *
 * Rule, worst first:
 * 1. `not_judged` — the site is not active (suspended, decommissioned): nothing is said about it.
 * 2. `fault` — a fault ticket of the site was open at the period's end (a reopened one is open).
 *    `not_judged` also when the site expected no report in the period (registered later, or the period
 *    is empty) and has no open fault.
 * 3. `silent` — the period is the current one and nothing has been received for the policy's
 *    `silentHours` or three report intervals, whichever is longer (or nothing ever).
 * 4. `below` — a judged metric failed its target (监测率, 上报率, 完整性 where the province sets one,
 *    稳定性 — design §5, the trial operation's targets in the demo policy).
 * 5. `meets` — every judged metric reached its target.
 * The metric values and the failed rules travel with the status, so a surface that says `below` can
 * say by how much, and a `fault` or `silent` site still shows its rates.
 */
export const siteStatuses = ['fault', 'silent', 'below', 'meets', 'not_judged'] as const;
export type SiteStatus = (typeof siteStatuses)[number];

export type SiteStatusVerdict = {
  readonly siteId: string;
  readonly status: SiteStatus;
  readonly period: JudgedPeriod;
  /** Rates, targets and failed rules over the period (shown beside any status). */
  readonly health: SiteHealthResult;
  readonly openFaultIds: readonly string[];
  readonly lastReportAt: number | null;
  /** Silent since this moment (its last report), when the status is `silent` and it ever reported. */
  readonly silentAfterMs: number;
};

export type SiteStatusInput = {
  readonly site: SiteForHealth & Pick<Site, 'reportIntervalMinutes'>;
  readonly history: SiteHealth | null;
  /** Ids of the site's faults open at the period's end (from `faultsAsOf` + `isOpen`). */
  readonly openFaultIds: readonly string[];
  readonly period: JudgedPeriod;
  readonly policy: ProvincePolicy;
  readonly now: number;
};

/** How long without a report makes a site silent: the policy's hours or three intervals. */
export function silenceThresholdMs(policy: ProvincePolicy, reportIntervalMinutes: number): number {
  return Math.max(policy.silentHours * 3_600_000, 3 * reportIntervalMinutes * 60_000);
}

export function siteStatus(input: SiteStatusInput): SiteStatusVerdict {
  const { site, history, period, policy, now } = input;
  const health = siteHealth(
    site,
    history !== null && history.siteId === site.id ? history : null,
    period,
    healthConfigOf(policy),
  );
  const lastReportAt = history?.lastReportAt ?? null;
  const silentAfterMs = silenceThresholdMs(policy, site.reportIntervalMinutes);
  let status: SiteStatus;
  if (site.status !== 'active') {
    status = 'not_judged';
  } else if (input.openFaultIds.length > 0) {
    status = 'fault';
  } else if (!health.evaluated) {
    status = 'not_judged';
  } else if (period.current && (lastReportAt === null || now - lastReportAt > silentAfterMs)) {
    status = 'silent';
  } else if (health.meetsTargets === false) {
    status = 'below';
  } else {
    status = 'meets';
  }
  return {
    siteId: site.id,
    status,
    period,
    health,
    openFaultIds: input.openFaultIds,
    lastReportAt,
    silentAfterMs,
  };
}
