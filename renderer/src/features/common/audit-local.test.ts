import { describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { Site } from '#shared/domain/index';
import type { MonitoredValue } from '#shared/monitoring/values';
import {
  auditFindingEventSchema,
  auditFindingKey,
  demoPolicy,
  foldAuditFinding,
  type AuditFindingEvent,
} from '#shared/verdicts/index';
import { auditLocally, localAuditWindow, resolvedLocally } from './audit-local';

const hour = 3_600_000;
const now = Date.UTC(2026, 10, 20, 3, 30); // 11:30 in Shanghai
const window = localAuditWindow(now);
const site: Site = {
  ...(sampleRecords.sites as unknown as Site),
  code: '5303810001',
  kind: 'intake',
  reportIntervalMinutes: 60,
  allowedDelayMinutes: 10,
  elements: ['volume'],
};
const slots = (window.to - window.from) / hour;
const planted = window.from + 50 * hour;
const values: MonitoredValue[] = Array.from({ length: slots }, (_, i) => {
  const time = window.from + i * hour;
  const value = time === planted ? 1000 + 10 * (i - 1) - 40 : 1000 + 10 * i;
  return {
    siteCode: site.code,
    element: 'volume',
    time,
    value,
    flag: null,
    source: 'receiver',
    receivedAt: time + 60_000,
  };
});

const event = (e: Record<string, unknown>): AuditFindingEvent =>
  auditFindingEventSchema.parse({ by: 'crew-a', recordedAt: now, receivedAt: null, ...e });

describe('the demo laptop’s own data audit', () => {
  it('audits from the start of the day a week ago to the last whole hour', () => {
    expect(window.to).toBe(Date.UTC(2026, 10, 20, 3));
    expect(window.from).toBe(Date.UTC(2026, 10, 12, 16)); // 2026-11-13 00:00 in Shanghai
  });

  it('judges out_of_range by the site’s instrument range (量程) like the service', () => {
    // The counter's values run 1000 → ~2900 m³: inside the plausible range, above a 0–2000 meter.
    const ranged = { ...site, instrumentRanges: [{ element: 'volume', min: 0, max: 2000 }] };
    const rules = (s: Site) =>
      auditLocally(s, values, demoPolicy, window, now)
        .filter((f) => f.rule === 'out_of_range')
        .map((f) => f.parameters);
    expect(rules(site)).toEqual([]);
    expect(rules(ranged)).toEqual([{ instrumentMin: 0, instrumentMax: 2000 }]);
  });

  it('finds the counter going backwards with the core, and closes it only once the revised value clears it', () => {
    const found = auditLocally(site, values, demoPolicy, window, now);
    // The one wrong value is also a spike (it returns at once); both are the core's findings.
    expect(found.map((f) => f.rule).sort()).toEqual(['cumulative_decrease', 'spike']);
    const finding = found.find((f) => f.rule === 'cumulative_decrease');
    expect(finding).toMatchObject({
      rule: 'cumulative_decrease',
      element: 'volume',
      from: planted - hour,
      to: planted,
    });
    const key = auditFindingKey(finding!);
    const cause = event({
      id: 'e1',
      findingKey: key,
      type: 'cause_recorded',
      cause: 'data_entry',
      note: null,
    });
    const fix = (revised: number, id: string) =>
      event({
        id,
        findingKey: key,
        type: 'corrected',
        reason: '按现场表底更正',
        correction: { kind: 'revised_values', values: [{ time: planted, original: 1450, revised }] },
      });
    const good = foldAuditFinding(key, [cause, fix(1500, 'e2')]);
    expect(resolvedLocally(site, values, finding!, good, demoPolicy, window, now)).toBe(true);
    const stillWrong = foldAuditFinding(key, [cause, fix(1460, 'e3')]);
    expect(resolvedLocally(site, values, finding!, stillWrong, demoPolicy, window, now)).toBe(false);
    const notCorrected = foldAuditFinding(key, [cause]);
    expect(resolvedLocally(site, values, finding!, notCorrected, demoPolicy, window, now)).toBe(false);
  });
});
