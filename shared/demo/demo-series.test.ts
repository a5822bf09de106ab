import { describe, expect, it } from 'vitest';
import { auditSeries } from '../verdicts/audit/audit-site';
import { demoPolicy } from '../verdicts/policy';
import { dayStart } from '../health/days';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from './generate';
import {
  demoBackwardsAt,
  demoBackwardsVolumeSiteCode,
  demoDaySummaries,
  demoSeries,
  type DemoSeriesSite,
} from './demo-series';

const now = dayStart('2026-12-07') + 15 * 3_600_000;
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: '2026-12-06',
});

describe('demo series', () => {
  const planted = demo.sites.filter((s) => s.code === demoBackwardsVolumeSiteCode);

  it('the planted site is one demo site that reports its cumulative volume', () => {
    expect(planted).toHaveLength(1);
    expect(planted[0]!.elements).toContain('volume');
  });

  it('is deterministic, and its volume runs backwards exactly once, at the planted time', () => {
    const site = planted[0]! as DemoSeriesSite;
    const from = now - 14 * 86_400_000;
    const a = demoSeries(site, 'volume', from, now, now);
    expect(demoSeries(site, 'volume', from, now, now)).toEqual(a);
    expect(a.length).toBeGreaterThan(13 * 24);
    const backwards = a.filter((v, i) => i > 0 && v.value < a[i - 1]!.value).map((v) => v.time);
    expect(backwards).toEqual([demoBackwardsAt('2026-12-07')]);
    expect(a.every((v) => v.time < now && v.receivedAt <= now)).toBe(true);
  });

  it('the audit core finds the planted decrease, and nothing of the kind at another site', () => {
    for (const site of demo.sites.filter((s) => s.kind === 'intake').slice(0, 6)) {
      const from = dayStart('2026-12-01');
      const values = [
        ...demoSeries(site, 'flow', from, now, now),
        ...demoSeries(site, 'volume', from, now, now),
      ];
      const audited = auditSeries({
        site: { ...site, elements: ['flow', 'volume'] },
        values,
        from,
        to: now,
        now,
        policy: demoPolicy,
      });
      if (!audited.ok) {
        throw new Error(JSON.stringify(audited.error));
      }
      const decreases = audited.value.filter((f) => f.rule === 'cumulative_decrease');
      expect(decreases.length, site.code).toBe(site.code === demoBackwardsVolumeSiteCode ? 1 : 0);
    }
  });

  it('day summaries cover 31 days with today partial', () => {
    const site = planted[0]! as DemoSeriesSite;
    const days = demoDaySummaries(site, 'flow', now);
    expect(days).toHaveLength(31);
    expect(days[30]).toMatchObject({ day: '2026-12-07', expected: 24, count: 15, values: 15 });
    expect(days[29]).toMatchObject({ expected: 24, count: 24 });
  });
});
