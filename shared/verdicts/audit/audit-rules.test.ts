import { describe, expect, it } from 'vitest';
import { demoPolicy, withPolicy } from '../policy';
import { auditSeries } from './audit-site';
import { auditHours, hourly, hourMs, t0, testSite, valueAt } from './audit-testing';
import type { AuditFinding, AuditRule } from './finding';

const ph = (h: number) => 7.4 + 0.03 * Math.sin(h * 0.7);
const flow = (h: number) => 10 + 0.2 * Math.sin(h);
/** A volume that is exactly the trapezoid integral of `flow`. */
const volumeAt = (h: number) => {
  let v = 1000;
  for (let i = 1; i <= h; i += 1) {
    v += (flow(i - 1) + flow(i)) / 2;
  }
  return v;
};
const rulesOf = (findings: readonly AuditFinding[]) => findings.map((f) => f.rule);
const only = (findings: readonly AuditFinding[], rule: AuditRule) => findings.filter((f) => f.rule === rule);
const phSite = testSite(['ph'], { kind: 'source_quality' });
const intake = testSite(['flow', 'volume']);
const withValue = (hours: number, at: number, value: number) =>
  hourly('ph', hours, (h) => (h === at ? value : ph(h)));

describe('clean series', () => {
  it('a clean water-quality series and a clean intake yield no finding', () => {
    expect(auditHours(phSite, hourly('ph', 72, ph), 72)).toEqual([]);
    const values = [...hourly('flow', 72, flow), ...hourly('volume', 72, volumeAt)];
    expect(auditHours(intake, values, 72)).toEqual([]);
  });
});

describe('missing', () => {
  it('fires once for consecutive empty slots, naming the slots and the interval', () => {
    const values = hourly('ph', 48, ph).filter((v) => v.time < t0 + 10 * hourMs || v.time > t0 + 12 * hourMs);
    const [f, ...rest] = auditHours(phSite, values, 48);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'missing',
      element: 'ph',
      from: t0 + 10 * hourMs,
      to: t0 + 12 * hourMs,
      evidence: { count: 3, values: [] },
      parameters: { slotMinutes: 60, allowedDelayMinutes: 10 },
      ongoing: false,
    });
  });
  it('an element the site registers and never reports is missing over the whole window', () => {
    const f = only(auditHours(testSite(['ph', 'do']), hourly('ph', 24, ph), 24), 'missing');
    expect(f).toMatchObject([{ element: 'do', from: t0, to: t0 + 23 * hourMs, ongoing: true }]);
  });
  it('does not fire for a value late within its slot, nor for a slot whose delay has not passed', () => {
    const values = hourly('ph', 24, ph).map((v, h) =>
      h === 5 ? { ...v, time: v.time + 40 * 60_000, receivedAt: v.receivedAt + 40 * 60_000 } : v,
    );
    expect(auditHours(phSite, values, 24)).toEqual([]);
    // The last slot (23:00–24:00) is missing once its delay has passed, not five minutes after it ended.
    const early = hourly('ph', 23, ph);
    expect(rulesOf(auditHours(phSite, early, 24))).toEqual(['missing']);
    const judge = (now: number) =>
      auditSeries({ site: phSite, values: early, from: t0, to: t0 + 24 * hourMs, policy: demoPolicy, now });
    expect(judge(t0 + 24 * hourMs + 5 * 60_000)).toEqual({ ok: true, value: [] });
    expect(judge(t0 + 24 * hourMs + 10 * 60_000)).toMatchObject({ ok: true, value: [{ rule: 'missing' }] });
  });
  it('takes the slot from the policy when the site sets none', () => {
    const values = Array.from({ length: 6 }, (_, i) => valueAt('ph', i * 4, ph(i)));
    expect(
      auditHours(testSite(['ph'], { kind: 'source_quality', reportIntervalMinutes: null }), values, 24),
    ).toEqual([]);
  });
});

describe('duplicate', () => {
  it('fires for two original values at one time, with both as evidence', () => {
    const values = [
      ...hourly('ph', 24, ph),
      valueAt('ph', 7, 7.9, { source: 'file', receivedAt: t0 + 9 * hourMs }),
    ];
    const [f, ...rest] = auditHours(phSite, values, 24);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'duplicate', from: t0 + 7 * hourMs, to: t0 + 7 * hourMs });
    expect(f?.evidence.values.map((p) => p.value)).toEqual([ph(7), 7.9]);
  });
  it('a 补报 correction at the same time replaces the original instead of duplicating it', () => {
    const values = [
      ...withValue(24, 7, 13),
      valueAt('ph', 7, ph(7), { source: 'backfill', receivedAt: t0 + 30 * hourMs }),
    ];
    expect(auditHours(phSite, values, 24)).toEqual([]);
  });
});

describe('future_time', () => {
  it('fires for a device time ahead of receipt beyond the clock-skew tolerance, and for a receiver value far in the past', () => {
    const ahead = hourly('ph', 24, ph).map((v, h) =>
      h === 3 ? { ...v, receivedAt: v.time - 2 * hourMs } : v,
    );
    const [f] = auditHours(phSite, ahead, 24).filter((x) => x.rule === 'future_time');
    expect(f).toMatchObject({
      from: t0 + 3 * hourMs,
      evidence: { count: 1, measures: { largestOffsetMinutes: 120 } },
      parameters: { clockSkewToleranceMinutes: 10, pastToleranceDays: 31 },
    });
    // Its slot is therefore empty.
    expect(rulesOf(auditHours(phSite, ahead, 24)).sort()).toEqual(['future_time', 'missing']);
    const late = hourly('ph', 24, ph).map((v, h) =>
      h === 3 ? { ...v, receivedAt: v.time + 40 * 86_400_000 } : v,
    );
    expect(rulesOf(auditHours(phSite, late, 24)).sort()).toEqual(['future_time', 'missing']);
  });
  it('a value stamped far outside the window by a wrong clock is found too', () => {
    const values = [...hourly('ph', 24, ph), valueAt('ph', 24 * 400, 7.2, { receivedAt: t0 + 5 * hourMs })];
    expect(auditHours(phSite, values, 24)).toMatchObject([
      { rule: 'future_time', from: t0 + 24 * 400 * hourMs },
    ]);
  });
  it('does not fire within the tolerance, nor for a file or 补报 value delivered late', () => {
    const values = hourly('ph', 24, ph).map((v, h) =>
      h === 3
        ? { ...v, receivedAt: v.time - 5 * 60_000 }
        : h === 4
          ? { ...v, source: 'file' as const, receivedAt: v.time + 90 * 86_400_000 }
          : v,
    );
    expect(auditHours(phSite, values, 24)).toEqual([]);
  });
});

describe('out_of_range and negative', () => {
  it('fires out_of_range outside the plausible range, merging consecutive values', () => {
    const values = hourly('ph', 24, (h) => (h === 5 || h === 6 ? 12.5 : ph(h)));
    expect(auditHours(phSite, values, 24)).toMatchObject([
      {
        rule: 'out_of_range',
        from: t0 + 5 * hourMs,
        to: t0 + 6 * hourMs,
        evidence: { count: 2 },
        parameters: { plausibleMin: 4, plausibleMax: 11 },
      },
    ]);
  });
  it("fires out_of_range outside the instrument's narrower range", () => {
    const site = testSite(['ph'], { instrumentRanges: [{ element: 'ph', min: 6, max: 9 }] });
    expect(rulesOf(auditHours(site, withValue(24, 4, 9.5), 24))).toEqual(['out_of_range']);
  });
  it('names a negative flow `negative`, not out_of_range', () => {
    const values = [
      ...hourly('flow', 24, (h) => (h === 2 ? -3 : flow(h))),
      ...hourly('volume', 24, volumeAt),
    ];
    expect(auditHours(intake, values, 24)).toMatchObject([
      { rule: 'negative', element: 'flow', from: t0 + 2 * hourMs },
    ]);
  });
  it('does not fire inside the range, nor for a negative level (below its datum)', () => {
    expect(auditHours(phSite, withValue(24, 4, 10.9), 24)).toEqual([]);
    const levelSite = testSite(['level'], { kind: 'boundary_section' });
    expect(
      auditHours(
        levelSite,
        hourly('level', 24, (h) => -2 + 0.01 * Math.sin(h)),
        24,
      ),
    ).toEqual([]);
  });
});

describe('constant (恒值)', () => {
  it('fires for identical values spanning the window, naming value and window', () => {
    const values = hourly('ph', 48, (h) => (h >= 10 && h <= 35 ? 7 : ph(h)));
    expect(auditHours(phSite, values, 48)).toMatchObject([
      {
        rule: 'constant',
        from: t0 + 10 * hourMs,
        to: t0 + 35 * hourMs,
        evidence: { count: 26, measures: { value: 7 } },
        parameters: { windowHours: 24 },
      },
    ]);
  });
  it('fires for a running flow stuck at one value', () => {
    const values = [...hourly('flow', 30, () => 50), ...hourly('volume', 30, (h) => 1000 + 50 * h)];
    expect(rulesOf(auditHours(intake, values, 30))).toEqual(['constant']);
  });
  it('does not fire for a shorter run, for zero flow at rest, nor for an element without a window', () => {
    expect(
      auditHours(
        phSite,
        hourly('ph', 48, (h) => (h >= 10 && h <= 33 ? 7 : ph(h))),
        48,
      ),
    ).toEqual([]);
    const resting = [...hourly('flow', 48, () => 0), ...hourly('volume', 48, () => 5000)];
    expect(auditHours(intake, resting, 48)).toEqual([]);
  });
});

describe('cumulative_decrease', () => {
  it('fires when the counter goes backwards, from the reading before to the lower one', () => {
    const values = [
      ...hourly('flow', 24, flow),
      ...hourly('volume', 24, (h) => (h === 8 ? volumeAt(7) - 40 : volumeAt(h))),
    ];
    const f = only(auditHours(intake, values, 24), 'cumulative_decrease');
    expect(f).toMatchObject([
      {
        element: 'volume',
        from: t0 + 7 * hourMs,
        to: t0 + 8 * hourMs,
        evidence: { count: 2, measures: { decrease: 40 } },
        parameters: { tolerance: 0 },
      },
    ]);
  });
  it('does not fire for a counter standing still', () => {
    const values = hourly('volume', 24, (h) => 1000 + Math.floor(h / 2));
    expect(auditHours(testSite(['volume']), values, 24)).toEqual([]);
  });
});

describe('cumulative_flow_mismatch', () => {
  it('fires when the counter rises more than the flow explains', () => {
    const values = [
      ...hourly('flow', 24, flow),
      ...hourly('volume', 24, (h) => volumeAt(h) + (h >= 12 ? 30 : 0)),
    ];
    expect(only(auditHours(intake, values, 24), 'cumulative_flow_mismatch')).toMatchObject([
      {
        rule: 'cumulative_flow_mismatch',
        element: 'volume',
        from: t0 + 11 * hourMs,
        to: t0 + 12 * hourMs,
        parameters: { relTolerance: 0.2, absTolerance: 1, maxGapMinutes: 180 },
      },
    ]);
  });
  it('fires when the counter stands still while water flows', () => {
    const values = [...hourly('flow', 24, flow), ...hourly('volume', 24, (h) => volumeAt(Math.min(h, 10)))];
    const [f] = auditHours(intake, values, 24);
    expect(f).toMatchObject({
      rule: 'cumulative_flow_mismatch',
      from: t0 + 10 * hourMs,
      to: t0 + 23 * hourMs,
      evidence: { count: 14 },
    });
    expect(f?.evidence.measures['increase']).toBe(0);
    expect(f?.evidence.measures['expected']).toBeCloseTo(volumeAt(23) - volumeAt(10));
  });
  it('does not judge an interval without flow at an end, nor one longer than the gap', () => {
    const noFlowAt12 = [
      ...hourly('flow', 24, flow).filter((v) => v.time !== t0 + 12 * hourMs),
      ...hourly('volume', 24, (h) => volumeAt(h) + (h >= 12 ? 30 : 0)),
    ];
    expect(only(auditHours(intake, noFlowAt12, 24), 'cumulative_flow_mismatch')).toEqual([]);
    const policy = withPolicy(demoPolicy, {
      audit: { ...demoPolicy.audit, flowMismatch: { ...demoPolicy.audit.flowMismatch, maxGapMinutes: 30 } },
    });
    const values = [
      ...hourly('flow', 24, flow),
      ...hourly('volume', 24, (h) => volumeAt(h) + (h >= 12 ? 30 : 0)),
    ];
    expect(only(auditHours(intake, values, 24, policy), 'cumulative_flow_mismatch')).toEqual([]);
  });
});

describe('spike', () => {
  it('fires for a value far from the robust centre that comes back, with median, scale and k', () => {
    const [f, ...rest] = auditHours(phSite, withValue(48, 30, 9.2), 48);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'spike',
      from: t0 + 30 * hourMs,
      to: t0 + 30 * hourMs,
      evidence: { values: [{ value: 9.2 }] },
      parameters: { k: 6, window: 24, maxLength: 2 },
    });
    expect(f?.evidence.measures['median']).toBeCloseTo(7.4, 1);
    expect(f?.evidence.measures['scale']).toBeGreaterThan(0);
  });
  it('fires for a counter whose increase jumps for one interval', () => {
    const values = hourly('volume', 48, (h) => 1000 + 10 * h + 0.5 * Math.sin(h) + (h >= 30 ? 400 : 0));
    expect(auditHours(testSite(['volume']), values, 48)).toMatchObject([
      { rule: 'spike', element: 'volume', from: t0 + 30 * hourMs },
    ]);
  });
  it('does not fire for a level that stays, a pump starting, or a dip of a counter', () => {
    expect(
      auditHours(
        phSite,
        hourly('ph', 48, (h) => (h >= 30 ? 8.6 + 0.03 * Math.sin(h) : ph(h))),
        48,
      ),
    ).toEqual([]);
    const pump = [...hourly('flow', 48, (h) => (h >= 30 && h < 32 ? 0 : flow(h)))];
    expect(only(auditHours(testSite(['flow']), pump, 48), 'spike')).toEqual([]);
    const dip = hourly('volume', 48, (h) => 1000 + 10 * h - (h >= 30 ? 8 : 0));
    expect(auditHours(testSite(['volume']), dip, 48)).toEqual([]);
  });
  it('does not judge before the window holds minSamples values', () => {
    expect(auditHours(phSite, withValue(24, 3, 9.2), 24)).toEqual([]);
  });
});

describe('policy', () => {
  it('a stored policy without the audit section reads the demo audit section', async () => {
    const { provincePolicySchema } = await import('../policy');
    const { audit: _audit, ...old } = demoPolicy;
    expect(provincePolicySchema.parse(old).audit).toEqual(demoPolicy.audit);
  });
});
