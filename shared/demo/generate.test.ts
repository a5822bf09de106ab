import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type CollectionSpec } from '../domain/index';
import { addDays, areaHealth, dayStart, defaultHealthConfig, lastDays, siteHealth } from '../health/index';
import { demoCalibrationPolicy, judgeCalibrations } from '../verdicts/calibration';
import { boxContains } from './geography';
import { generateDemoProvince } from './generate';
import { yunnanCounties } from './yunnan';

const endDay = '2026-11-24';
const demo = generateDemoProvince({ endDay });

describe('generateDemoProvince', () => {
  it('is deterministic for a seed and end day, and differs for another seed', () => {
    const again = generateDemoProvince({ endDay, sites: 300 });
    const same = generateDemoProvince({ endDay, sites: 300 });
    expect(JSON.stringify(again.sites)).toBe(JSON.stringify(same.sites));
    expect(JSON.stringify(again.siteHealth)).toBe(JSON.stringify(same.siteHealth));
    const other = generateDemoProvince({ endDay, sites: 300, seed: 7 });
    expect(JSON.stringify(other.sites)).not.toBe(JSON.stringify(again.sites));
    // The first sites do not change when more are asked for.
    expect(demo.sites.slice(0, 300)).toEqual(again.sites);
  });

  it('makes at least 5,000 sites of the three kinds in realistic proportions, in real counties', () => {
    expect(demo.sites.length).toBeGreaterThanOrEqual(5000);
    const share = (k: string) => demo.sites.filter((s) => s.kind === k).length / demo.sites.length;
    expect(share('intake')).toBeGreaterThan(0.9);
    expect(share('source_quality')).toBeGreaterThan(0.02);
    expect(share('boundary_section')).toBeGreaterThan(0.01);
    const codes = new Set(yunnanCounties.map((c) => c.code));
    expect(demo.sites.every((s) => codes.has(s.divisionCode))).toBe(true);
    expect(new Set(demo.sites.map((s) => s.divisionCode)).size).toBeGreaterThan(120);
    expect(demo.siteHealth).toHaveLength(demo.sites.length);
  });

  it('produces only records every collection schema accepts', () => {
    const check = (name: keyof typeof collections, records: readonly unknown[]) => {
      for (const r of records) {
        const result = validateRecord(collections[name] as CollectionSpec, r);
        if (!result.ok) {
          throw new Error(result.message);
        }
      }
    };
    check('water_users', demo.waterUsers);
    check('permits', demo.permits);
    check('sites', demo.sites);
    check('equipment', demo.equipment);
    check('site_health', demo.siteHealth);
    check('diagnostic_sessions', demo.diagnosticSessions);
    expect(demo.diagnosticSessions.length).toBeGreaterThan(50);
  });

  it('uses no real names: every user and site name is marked 示范', () => {
    expect(demo.waterUsers.every((u) => u.name.includes('示范'))).toBe(true);
    expect(demo.waterUsers.every((u) => /^联系人\d{5}$/.test(u.contactName ?? ''))).toBe(true);
    expect(demo.sites.every((s) => s.name.includes('示范'))).toBe(true);
  });

  it('contains the faults the checks must find: expired and missing permits, misplaced sites', () => {
    const expired = demo.permits.filter((p) => p.validTo < endDay);
    expect(expired.length).toBeGreaterThan(20);
    const permitHolders = new Set(demo.permits.map((p) => p.holderId));
    expect(demo.waterUsers.filter((u) => !permitHolders.has(u.id)).length).toBeGreaterThan(10);
    const boxes = new Map(demo.counties.map((c) => [c.code, c.box]));
    const outside = demo.sites.filter((s) => !boxContains(boxes.get(s.divisionCode)!, s.position));
    expect(outside.length).toBeGreaterThan(5);
    expect(outside.length).toBeLessThan(100);
  });

  it('has sites that miss their targets, and most that meet them', () => {
    const period = lastDays(endDay, 30);
    const results = demo.sites.map((s, i) =>
      siteHealth(s, demo.siteHealth[i] ?? null, period, defaultHealthConfig),
    );
    const evaluated = results.filter((r) => r.evaluated);
    const meeting = evaluated.filter((r) => r.meetsTargets).length / evaluated.length;
    expect(meeting).toBeGreaterThan(0.6);
    expect(meeting).toBeLessThan(0.95);
    for (const metric of ['monitoringRate', 'reportingRate', 'stability'] as const) {
      expect(
        evaluated.some((r) => r.failed.includes(metric)),
        metric,
      ).toBe(true);
    }
    const province = areaHealth(results, 'province', defaultHealthConfig);
    expect(province.map((a) => a.kind).sort()).toEqual(['boundary_section', 'intake', 'source_quality']);
  });

  it('keeps most instruments in date, a few due soon or overdue, none commissioned before registration', () => {
    const now = dayStart(addDays(endDay, 1)) + 10 * 3_600_000;
    const verdicts = judgeCalibrations(demo.equipment, [], demoCalibrationPolicy, now);
    const share = (status: string) => verdicts.filter((v) => v.status === status).length / verdicts.length;
    expect(share('ok')).toBeGreaterThan(0.75);
    expect(share('due_soon')).toBeGreaterThan(0.05);
    expect(share('overdue')).toBeGreaterThan(0.01);
    expect(share('overdue')).toBeLessThan(0.1);
    const registered = new Map(demo.sites.map((s) => [s.id, s.registeredOn]));
    expect(demo.equipment.filter((e) => e.installedOn! < registered.get(e.siteId)!)).toEqual([]);
  });
});
