// The province month both audit benchmarks judge (`bench:audit` in memory, `bench:audit-pg` on
// PostgreSQL): the demo mix of sites, each series generated clean with an anomaly planted in about
// one site in ten, the same for a given site number wherever it is generated.
import { createRandom } from '#shared/demo/random';
import { simulateCleanSeries } from '#shared/monitoring/simulate-series';
import type { ElementCode, MonitoredValue } from '#shared/monitoring/values';
import type { AuditSite } from '#shared/verdicts/index';

export const hourMs = 3_600_000;
/** 2026-11-01 00:00 Beijing. */
export const monthStart = Date.UTC(2026, 9, 31, 16);

const kinds: readonly (readonly [AuditSite['kind'], readonly ElementCode[], number, number])[] = [
  ['intake', ['flow', 'volume'], 60, 0.94],
  ['source_quality', ['ph', 'do', 'codmn', 'nh3n', 'tp'], 240, 0.04],
  ['boundary_section', ['level', 'flow'], 60, 0.02],
];

/** Plants a few anomalies (about one site in ten gets one) so the findings are not all zero. */
function plant(
  values: MonitoredValue[],
  site: AuditSite,
  seed: number,
  from: number,
  days: number,
): MonitoredValue[] {
  const r = createRandom(seed);
  if (!r.chance(0.1)) {
    return values;
  }
  const element = r.pick(site.elements);
  const at = from + r.int(24, days * 24 - 48) * hourMs;
  switch (r.int(0, 3)) {
    case 0:
      return values.filter((v) => !(v.element === element && v.time >= at && v.time < at + 3 * hourMs));
    case 1:
      return values.map((v) =>
        v.element === element && v.time === at ? { ...v, value: v.value * 4 + 50 } : v,
      );
    case 2:
      return values.map((v) =>
        v.element === element && v.time >= at ? { ...v, value: v.value - 1_000 } : v,
      );
    default:
      return [
        ...values,
        ...values
          .filter((v) => v.element === element && v.time === at)
          .map((v) => ({ ...v, source: 'file' as const })),
      ];
  }
}

export function benchSite(i: number): AuditSite {
  const r = createRandom(i * 7919 + 1);
  const [kind, elements, interval] = r.weighted(kinds.map((k) => [k, k[3]] as const));
  return {
    code: `S${String(i).padStart(6, '0')}`,
    kind,
    reportIntervalMinutes: interval,
    allowedDelayMinutes: null,
    elements,
  };
}

/** Site `i`'s values over `days` from `from`, sorted by device time (planted duplicates join their time). */
export function benchSeries(site: AuditSite, i: number, from: number, days: number): MonitoredValue[] {
  const interval = site.reportIntervalMinutes ?? 60;
  const clean = simulateCleanSeries({
    siteCode: site.code,
    elements: site.elements,
    from,
    slots: (days * 24 * 60) / interval,
    intervalMinutes: interval,
    seed: i,
  });
  return plant(clean, site, i + 1_000_003, from, days).sort((a, b) => a.time - b.time);
}
