import { describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { Site } from '#shared/domain/index';
import { simulateCleanSeries } from '#shared/monitoring/simulate-series';
import type { MonitoredValue } from '#shared/monitoring/values';
import { auditSeries, auditSiteOf, demoPolicy, mergeFindings } from '#shared/verdicts/index';
import { auditPlanned, planResume } from './audit-runner';

const hour = 3_600_000;
const day = Date.UTC(2026, 10, 9, 16); // 2026-11-10 00:00 Beijing
const site = { ...(sampleRecords.sites as unknown as Site), code: 'S1' };
const series = (from: number, hours: number, seed: number): MonitoredValue[] =>
  simulateCleanSeries({
    siteCode: 'S1',
    elements: ['flow', 'volume'],
    from,
    slots: hours,
    intervalMinutes: 60,
    seed,
  });

describe('where a site audit resumes', () => {
  const now = day + 50 * hour;
  const first = planResume(site, day + 30 * hour, undefined, now);
  const afterFirst = auditPlanned(first, series(day + 24 * hour, 26, 1), now, demoPolicy);
  const row = {
    site_code: 'S1',
    stream_from: String(first.streamFrom),
    horizon: String(now),
    cursor: afterFirst.cursor,
    day_horizon: afterFirst.day === null ? null : String(afterFirst.day.horizon),
    day_cursor: afterFirst.day?.cursor ?? null,
  };

  it.each([
    [
      'never audited: from the start of the earliest value’s day',
      undefined,
      day + 30 * hour,
      day + 24 * hour,
    ],
    ['in order: from the horizon', row, now + hour, now],
    ['late within the current day: from the day’s start', row, day + 49 * hour, day + 48 * hour],
    ['earlier: the whole stream again', row, day + 30 * hour, day + 24 * hour],
    ['before the stream: from that day', row, day + 3 * hour, day],
  ] as const)('%s', (_, cursorRow, earliest, readFrom) => {
    expect(planResume(site, earliest, cursorRow, now + 2 * hour).readFrom).toBe(readFrom);
  });

  it('keeps the cursor at the last day boundary it crossed', () => {
    expect(first.readFrom).toBe(day + 24 * hour);
    expect(afterFirst.day?.horizon).toBe(day + 48 * hour);
  });

  it('never reaches back more than a year', () => {
    const plan = planResume(site, day - 800 * 24 * hour, undefined, day);
    expect(plan.readFrom).toBeGreaterThan(day - 367 * 24 * hour);
  });
});

describe('the audit in pieces, resumed from stored cursors', () => {
  it('finds what the whole window finds (cursors through JSON, as the database keeps them)', () => {
    const values = series(day, 72, 7).map((v) =>
      v.element === 'volume' && v.time === day + 30 * hour ? { ...v, value: v.value - 500 } : v,
    );
    const gap = values.filter((v) => !(v.time >= day + 50 * hour && v.time < day + 53 * hour));
    const end = day + 72 * hour;
    const whole = auditSeries({
      site: auditSiteOf(site),
      values: gap,
      from: day,
      to: end,
      policy: demoPolicy,
      now: end,
    });
    let findings = new Map<string, unknown>();
    let plan = planResume(site, day, undefined, day + 20 * hour);
    for (const now of [day + 20 * hour, day + 47 * hour, day + 61 * hour, end]) {
      const chunk = gap.filter((v) => v.time >= plan.readFrom && v.time < now);
      const r = auditPlanned(plan, chunk, now, demoPolicy);
      for (const f of mergeFindings([], r.findings)) {
        findings.set(`${f.rule}:${f.element}:${f.from}`, f);
      }
      const stored = JSON.parse(JSON.stringify(r)) as typeof r;
      plan = planResume(
        site,
        now,
        {
          site_code: 'S1',
          stream_from: String(plan.streamFrom),
          horizon: String(now),
          cursor: stored.cursor,
          day_horizon: stored.day === null ? null : String(stored.day.horizon),
          day_cursor: stored.day?.cursor ?? null,
        },
        end,
      );
    }
    expect(whole.ok).toBe(true);
    const expected = new Map(
      (whole.ok ? whole.value : []).map((f) => [`${f.rule}:${f.element}:${f.from}`, f] as const),
    );
    expect([...findings.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(expected.size).toBeGreaterThanOrEqual(2); // the counter set back, the gap
    findings = new Map([...findings].map(([k, f]) => [k, JSON.parse(JSON.stringify(f))]));
    expect(Object.fromEntries(findings)).toEqual(JSON.parse(JSON.stringify(Object.fromEntries(expected))));
  });
});
