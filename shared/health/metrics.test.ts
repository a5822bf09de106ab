import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { Site } from '../domain/index';
import { areaHealth } from './area';
import { defaultHealthConfig, healthConfig } from './config';
import { countDays, toHealthArrays } from './counting';
import { addDays, dayStart } from './days';
import { siteHealth, type HealthHistory } from './metrics';

const site = { ...sampleRecords.sites, registeredOn: '2026-01-01' } as unknown as Site;
const D = '2026-11-01';
const cfg = defaultHealthConfig;

function history(received: number[], expected = received.map(() => 24), firstDay = D): HealthHistory {
  return {
    firstDay,
    expected,
    receivedSlots: received,
    validValues: received.map((r) => r * 2),
    elementsConfigured: 2,
  };
}
const tenDays = { from: D, to: addDays(D, 9) };

describe('siteHealth', () => {
  it('counts a site added mid-period from its registration day only', () => {
    const added = { ...site, registeredOn: addDays(D, 5) };
    const h = history([0, 0, 0, 0, 0, 24, 24, 24, 23, 22], [0, 0, 0, 0, 0, 24, 24, 24, 24, 24]);
    const r = siteHealth(added, h, tenDays, cfg);
    expect(r.expected).toBe(120);
    expect(r.reportingRate).toBeCloseTo(117 / 120, 10); // 0.975
    expect(r.stability).toBe(1); // 22/24 = 0.917 ≥ 0.9 on the worst day
    expect(r.daysWithExpected).toBe(5);
    expect(r.meetsTargets).toBe(true);
    expect(r.failed).toEqual([]);
  });

  it('does not judge a site that expected no reports in the period', () => {
    const later = { ...site, registeredOn: addDays(D, 20) };
    const r = siteHealth(later, null, tenDays, cfg);
    expect(r).toMatchObject({ registered: false, evaluated: false, meetsTargets: null, reportingRate: null });
    expect(r.rules.every((x) => x.passed === null)).toBe(true);
    const zero = siteHealth(
      site,
      history(
        Array.from({ length: 10 }, () => 0),
        Array.from({ length: 10 }, () => 0),
      ),
      tenDays,
      cfg,
    );
    expect(zero).toMatchObject({ registered: true, evaluated: false, expected: 0, meetsTargets: null });
  });

  it('holds boundary sections to 100 % reporting and intake points to 95 %', () => {
    const h = history([24, 24, 24, 24, 24, 24, 24, 24, 24, 23]); // 239 / 240
    const intake = siteHealth(site, h, tenDays, cfg);
    const boundary = siteHealth({ ...site, kind: 'boundary_section' }, h, tenDays, cfg);
    expect(intake.meetsTargets).toBe(true);
    expect(boundary.failed).toEqual(['reportingRate']);
    expect(boundary.rules.find((x) => x.metric === 'reportingRate')).toEqual({
      metric: 'reportingRate',
      value: 239 / 240,
      target: 1,
      passed: false,
    });
  });

  it('judges stability as the share of days at or above the daily threshold', () => {
    const days = (bad: number) => Array.from({ length: 30 }, (_, i) => (i < bad ? 21 : 24)); // 21/24 = 0.875
    const period = { from: D, to: addDays(D, 29) };
    const three = siteHealth(site, history(days(3)), period, cfg);
    const four = siteHealth(site, history(days(4)), period, cfg);
    expect(three.stability).toBeCloseTo(0.9, 10);
    expect(three.failed).toEqual([]);
    expect(four.stability).toBeCloseTo(26 / 30, 10);
    expect(four.reportingRate).toBeCloseTo(708 / 720, 10);
    expect(four.failed).toEqual(['stability']);
  });

  it('fails a silent site on monitoring, reporting and stability', () => {
    const r = siteHealth(site, null, tenDays, cfg);
    expect(r).toMatchObject({ expected: 240, monitored: false, reportingRate: 0, stability: 0 });
    expect(r.failed).toEqual(['monitoringRate', 'reportingRate', 'stability']);
  });

  it('uses a site’s own targets, a configured completeness target, and skips suspended sites', () => {
    const h = {
      ...history(Array.from({ length: 10 }, () => 24)),
      validValues: Array.from({ length: 10 }, () => 24),
    }; // half the values
    expect(siteHealth(site, h, tenDays, cfg)).toMatchObject({ completeness: 0.5, failed: [] });
    const strict = healthConfig({ completenessTarget: 0.9 });
    expect(siteHealth(site, h, tenDays, strict).failed).toEqual(['completeness']);
    const lowered = { ...site, targets: { monitoringRate: 1, reportingRate: 0.5, stability: 0 } };
    const poor = history([12, 12, 12, 12, 12, 12, 12, 12, 12, 12]);
    expect(siteHealth(site, poor, tenDays, cfg).failed).toEqual(['reportingRate', 'stability']);
    expect(siteHealth(lowered, poor, tenDays, cfg).failed).toEqual([]);
    expect(siteHealth({ ...site, status: 'suspended' }, poor, tenDays, cfg).registered).toBe(false);
  });

  it('from raw reports: a day with a fast RTU clock and duplicated reports', () => {
    const H = 3_600_000;
    const reports = [];
    for (let d = 0; d < 10; d += 1) {
      for (let h = 0; h < 24; h += 1) {
        const observedAt = dayStart(addDays(D, d)) + h * H;
        const receivedAt = observedAt + H + 60_000;
        // day 4: the clock runs 3 h fast; day 7: every report is sent twice
        reports.push({
          observedAt: d === 4 ? receivedAt + 3 * H : observedAt,
          receivedAt,
          frameValid: true,
          validValues: 2,
        });
        if (d === 7) {
          reports.push({ observedAt, receivedAt: receivedAt + 1000, frameValid: true, validValues: 2 });
        }
      }
    }
    const days = countDays(reports, {
      firstDay: D,
      days: 10,
      intervalMinutes: 60,
      allowedDelayMinutes: 10,
      elementsConfigured: 2,
      registeredOn: site.registeredOn,
      clockSkewToleranceMinutes: 10,
    });
    expect(days[7]).toMatchObject({ receivedSlots: 24, duplicates: 24 });
    const r = siteHealth(site, { ...toHealthArrays(days), elementsConfigured: 2 }, tenDays, cfg);
    expect(r.reportingRate).toBeCloseTo(216 / 240, 10); // 0.9 < 0.95
    expect(r.stability).toBeCloseTo(0.9, 10); // 9 of 10 days
    expect(r.failed).toEqual(['reportingRate']);
  });
});

describe('areaHealth', () => {
  const ok = history(Array.from({ length: 10 }, () => 24));
  const results = [
    siteHealth({ ...site, id: 'a' }, ok, tenDays, cfg),
    siteHealth({ ...site, id: 'b' }, history(Array.from({ length: 10 }, () => 20)), tenDays, cfg),
    siteHealth({ ...site, id: 'c' }, null, tenDays, cfg), // silent
    siteHealth({ ...site, id: 'd', divisionCode: '530302' } as Site, ok, tenDays, cfg),
    siteHealth({ ...site, id: 'e', kind: 'boundary_section' }, ok, tenDays, cfg),
    siteHealth({ ...site, id: 'f', registeredOn: '2027-01-01' }, null, tenDays, cfg), // not yet registered
  ];

  it('pools each county per kind and says which target the area misses', () => {
    const counties = areaHealth(results, 'county', cfg);
    expect(counties.map((a) => `${a.areaCode}/${a.kind}/${a.sites}`)).toEqual([
      '530302/intake/1',
      '530381/intake/3',
      '530381/boundary_section/1',
    ]);
    const xuanwei = counties[1]!;
    expect(xuanwei.monitoringRate).toBeCloseTo(2 / 3, 10);
    expect(xuanwei.reportingRate).toBeCloseTo((240 + 200) / 720, 10);
    expect(xuanwei.stability).toBeCloseTo(10 / 30, 10); // 20/24 = 0.83 is below the daily 90 %
    expect(xuanwei.meeting.all).toBeCloseTo(1 / 3, 10);
    expect(xuanwei.meeting.monitoringRate).toBeCloseTo(2 / 3, 10);
    expect(xuanwei.failed).toEqual(['monitoringRate', 'reportingRate', 'stability']);
    expect(counties[0]).toMatchObject({ monitoringRate: 1, meetsTargets: true });
  });

  it('rolls counties up to their city and province', () => {
    const cities = areaHealth(results, 'city', cfg);
    expect(cities.map((a) => `${a.areaCode}/${a.kind}/${a.sites}`)).toEqual([
      '530300/intake/4',
      '530300/boundary_section/1',
    ]);
    expect(areaHealth(results, 'province', cfg)[0]).toMatchObject({ areaCode: '530000', monitored: 3 });
  });
});
