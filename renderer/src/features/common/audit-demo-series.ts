import { demoBackwardsVolumeSiteCode, demoSeries } from '#shared/demo/demo-series';
import type { Site } from '#shared/domain/index';
import { isElementCode, type MonitoredValue } from '#shared/monitoring/values';
import type { AuditWindow } from './audit-local';

/**
 * The demo province's monitoring values as the demo laptop audits them (it has no service to do it):
 * the demo series every site has (shared/demo/demo-series.ts, with its planted backwards cumulative
 * volume). The site page audits the site it shows; the map's filter and the monthly report audit the
 * first demo sites and the planted one — a province's every series is the service's work, not a
 * laptop's.
 */
const auditedCount = 40;
const auditedIds = new Set(
  Array.from({ length: auditedCount }, (_, i) => `site-${String(i + 1).padStart(6, '0')}`),
);

/** Whether the demo laptop audits this site for its map and report. */
export function isDemoAudited(site: Pick<Site, 'id' | 'code'>): boolean {
  return auditedIds.has(site.id) || site.code === demoBackwardsVolumeSiteCode;
}

/** The site's demo values of every element over the window (none before its registration). */
export function demoSiteValues(site: Site, window: AuditWindow, now: number): MonitoredValue[] {
  return site.elements
    .filter(isElementCode)
    .flatMap((element) => demoSeries(site, element, window.from, window.to, now));
}
