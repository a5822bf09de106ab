import type { MonitoredValue } from '#shared/monitoring/values';
import type { AuditFinding } from '#shared/verdicts/index';
import type { ChartPoint } from './audit-chart';

/** Context drawn either side of a finding's window, so the chart shows what came before and after. */
export const chartContextMs = 12 * 3_600_000;

/** The range of device time the chart of a finding covers. */
export function chartRange(finding: Pick<AuditFinding, 'from' | 'to'>): { from: number; to: number } {
  return { from: finding.from - chartContextMs, to: finding.to + chartContextMs + 1 };
}

/**
 * The element's values around the finding's window, as first received (the originals: a revised value
 * is drawn beside its original from the finding's corrections, never over it).
 */
export function chartSeriesOf(values: readonly MonitoredValue[], finding: AuditFinding): ChartPoint[] {
  const { from, to } = chartRange(finding);
  const byTime = new Map<number, ChartPoint>();
  for (const v of values) {
    if (
      v.element === finding.element &&
      v.source !== 'backfill' &&
      v.time >= from &&
      v.time < to &&
      !byTime.has(v.time)
    ) {
      byTime.set(v.time, { time: v.time, value: v.value });
    }
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
