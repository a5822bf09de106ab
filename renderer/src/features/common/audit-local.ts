import type { Site } from '#shared/domain/index';
import type { MonitoredValue } from '#shared/monitoring/values';
import {
  auditSeries,
  auditSiteOf,
  resolvedByReaudit,
  type AuditFinding,
  type AuditFindingState,
  type ProvincePolicy,
} from '#shared/verdicts/index';

/**
 * The data audit a laptop of the demo province runs itself — there is no service to run it — with the
 * audit core and the province policy, over the demo series: the same rules, one author.
 */
export type AuditWindow = { readonly from: number; readonly to: number };

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** Days before today the demo laptop audits. */
export const localAuditDays = 7;

/**
 * The window audited on the laptop: from the start (Asia/Shanghai) of the day `localAuditDays` ago to
 * the last whole hour. Its start stays put all day, so a finding keeps its key between renders.
 */
export function localAuditWindow(now: number): AuditWindow {
  const shanghai = 8 * hourMs;
  const today = Math.floor((now + shanghai) / dayMs) * dayMs - shanghai;
  return { from: today - localAuditDays * dayMs, to: Math.floor(now / hourMs) * hourMs };
}

/** The site's findings over the window (the core's refusal — a value of another site — as an error). */
export function auditLocally(
  site: Site,
  values: readonly MonitoredValue[],
  policy: ProvincePolicy,
  window: AuditWindow,
  now: number,
): AuditFinding[] {
  const inWindow = values.filter((v) => v.time >= window.from && v.time < window.to);
  const r = auditSeries({ site: auditSiteOf(site), values: inWindow, policy, now, ...window });
  if (!r.ok) {
    throw new Error(`data audit of ${site.code}: ${r.error.message}`);
  }
  return r.value;
}

/**
 * The series with each correction's revised values stored beside the originals as 补报 values, as the
 * service stores a correction: the audit judges the latest 补报 of a time, and the original stays.
 */
export function withRevisions(
  values: readonly MonitoredValue[],
  finding: AuditFinding,
  state: AuditFindingState,
): MonitoredValue[] {
  const revised = state.corrections.flatMap((c) =>
    c.correction.kind === 'revised_values'
      ? c.correction.values.map((v): MonitoredValue => ({
          siteCode: finding.siteCode,
          element: finding.element,
          time: v.time,
          value: v.revised,
          flag: null,
          source: 'backfill',
          // Stored when corrected, never before the time it revises (a 补报 is not a wrong clock).
          receivedAt: Math.max(c.at, v.time),
        }))
      : [],
  );
  return [...values, ...revised];
}

/** Whether the re-audit of the corrected series no longer finds the finding (then it may close). */
export function resolvedLocally(
  site: Site,
  values: readonly MonitoredValue[],
  finding: AuditFinding,
  state: AuditFindingState,
  policy: ProvincePolicy,
  window: AuditWindow,
  now: number,
): boolean {
  const reaudit = auditLocally(site, withRevisions(values, finding, state), policy, window, now);
  return resolvedByReaudit(finding, state, reaudit);
}
