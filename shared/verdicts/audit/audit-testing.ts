import type { ElementCode, MonitoredValue } from '../../monitoring/values';
import { demoPolicy, type ProvincePolicy } from '../policy';
import { auditSeries, type AuditSite } from './audit-site';
import type { AuditFinding } from './finding';

/** Test helpers: a site, values at whole hours of a fixed day, and a full audit of them. */
export const hourMs = 3_600_000;
/** 2026-11-01T00:00Z: a whole slot of every interval in use. */
export const t0 = Date.UTC(2026, 10, 1);

export function testSite(elements: readonly ElementCode[], extra: Partial<AuditSite> = {}): AuditSite {
  return {
    code: 'S1',
    kind: 'intake',
    reportIntervalMinutes: 60,
    allowedDelayMinutes: 10,
    elements,
    ...extra,
  };
}

/** A value at hour `hour` after t0, received a minute later by the receiver. */
export function valueAt(
  element: ElementCode,
  hour: number,
  value: number,
  extra: Partial<MonitoredValue> = {},
): MonitoredValue {
  const time = t0 + hour * hourMs;
  return {
    siteCode: 'S1',
    element,
    time,
    value,
    flag: null,
    source: 'receiver',
    receivedAt: time + 60_000,
    ...extra,
  };
}

/** Values of one element at hours 0 … n−1 from `at(hour)`. */
export function hourly(element: ElementCode, hours: number, at: (hour: number) => number): MonitoredValue[] {
  return Array.from({ length: hours }, (_, h) => valueAt(element, h, at(h)));
}

/** Audits [t0, t0 + hours) judged long after (every slot due). */
export function auditHours(
  site: AuditSite,
  values: readonly MonitoredValue[],
  hours: number,
  policy: ProvincePolicy = demoPolicy,
): AuditFinding[] {
  const r = auditSeries({ site, values, from: t0, to: t0 + hours * hourMs, policy, now: t0 + 1000 * hourMs });
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return r.value;
}
