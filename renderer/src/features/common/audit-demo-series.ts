import type { Site } from '#shared/domain/index';
import { simulateCleanSeries } from '#shared/monitoring/simulate-series';
import { isElementCode, type MonitoredValue } from '#shared/monitoring/values';
import type { AuditWindow } from './audit-local';

/**
 * The monitoring series a laptop of the demo province holds for the data audit: clean, plausible
 * series (the simulator the audit's property tests use) for the first demo sites, and one planted
 * error — the first intake site's cumulative volume read once, yesterday at 10:00 (Asia/Shanghai),
 * 40 m³ below the reading before it, so it goes backwards and comes back. The laptop audits these itself (no service).
 */
const auditedCount = 40;
export const demoAuditedSiteIds: readonly string[] = Array.from(
  { length: auditedCount },
  (_, i) => `site-${String(i + 1).padStart(6, '0')}`,
);

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** How far below the true reading the planted volume is, m³. */
export const plantedVolumeDrop = 40;

/** Yesterday 10:00 in Asia/Shanghai: the time of the planted backwards reading. */
export function plantedTime(now: number): number {
  const shanghai = 8 * hourMs;
  const today = Math.floor((now + shanghai) / dayMs) * dayMs - shanghai;
  return today - dayMs + 10 * hourMs;
}

/** The demo site whose volume is planted backwards: the first intake site of the audited ones. */
export function isPlantedSite(site: Site, audited: readonly Site[]): boolean {
  const first = [...audited]
    .filter((s) => s.kind === 'intake' && s.elements.includes('volume'))
    .sort((a, b) => a.id.localeCompare(b.id))[0];
  return first?.id === site.id;
}

function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i += 1) {
    h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0;
  }
  return h;
}

const decimals: Partial<Record<MonitoredValue['element'], number>> = { volume: 1, flow: 2 };
const rounded = (v: MonitoredValue) => {
  const f = 10 ** (decimals[v.element] ?? 3);
  return { ...v, value: Math.round(v.value * f) / f };
};

/**
 * The site's demo values over the window (none for a site the demo holds no series of). The series is
 * drawn from the window's start with the site's own seed, so the same window gives the same values.
 */
export function demoSiteValues(
  site: Site,
  window: AuditWindow,
  planted: boolean,
  now: number,
): MonitoredValue[] {
  if (!demoAuditedSiteIds.includes(site.id)) {
    return [];
  }
  const interval = site.reportIntervalMinutes;
  const from = Math.ceil(window.from / (interval * 60_000)) * interval * 60_000;
  const slots = Math.max(0, Math.floor((window.to - from) / (interval * 60_000)));
  const values = simulateCleanSeries({
    siteCode: site.code,
    elements: site.elements.filter(isElementCode),
    from,
    slots,
    intervalMinutes: interval,
    seed: seedOf(site.id),
  }).map(rounded);
  if (!planted) {
    return values;
  }
  const at = plantedTime(now);
  const before = values.find((v) => v.element === 'volume' && v.time === at - interval * 60_000);
  return values.map((v) =>
    v.element === 'volume' && v.time === at && before !== undefined
      ? { ...v, value: Math.round((before.value - plantedVolumeDrop) * 10) / 10 }
      : v,
  );
}
