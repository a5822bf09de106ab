import { describe, expect, it } from 'vitest';
import { defaultDemoSeed, generateDemoProvince } from '#shared/demo/index';
import { demoPolicy, judgeSites, statusPeriod } from '#shared/verdicts/index';
import { countBelowTarget } from './below-target';

describe('bench: sites below target', () => {
  it('counts what the verdict core calls below, and nothing it calls silent or not judged', () => {
    const demo = generateDemoProvince({ seed: defaultDemoSeed, sites: 300, endDay: '2026-11-24' });
    const now = Date.parse('2026-11-25T12:00:00+08:00');
    const count = countBelowTarget(demo.sites, demo.siteHealth, now);
    const statuses = [
      ...judgeSites({
        sites: demo.sites,
        health: demo.siteHealth,
        faultEvents: [],
        period: statusPeriod(demoPolicy, now),
        policy: demoPolicy,
        now,
      }).bySite.values(),
    ].map((v) => v.status);
    expect(count).toBe(statuses.filter((s) => s === 'below').length);
    // The demo province has sites on both sides of the targets: the count is neither none nor all.
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(demo.sites.length);
    // Without any history nothing is below (not judged / silent are not "below").
    expect(countBelowTarget(demo.sites, [], now)).toBe(0);
  });
});
