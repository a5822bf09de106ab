import { describe, expect, it } from 'vitest';
import { generateDemoProvince } from '#shared/demo/index';
import { dayStart } from '#shared/health/index';
import { demoPolicy, statusPeriod } from '#shared/verdicts/index';
import { applyFilters, buildOverview, filtersToQuery, noFilters, parseFilters } from './overview';

const endDay = '2026-11-24';
const demo = generateDemoProvince({ endDay, sites: 1500 });
const now = dayStart('2026-11-25') + 3_600_000;
const overview = buildOverview({
  sites: demo.sites,
  health: demo.siteHealth,
  faultEvents: [],
  waterUsers: demo.waterUsers,
  permits: demo.permits,
  equipment: demo.equipment,
  sessions: demo.diagnosticSessions,
  now,
  period: statusPeriod(demoPolicy, now),
  policy: demoPolicy,
});

describe('site overview', () => {
  it('judges the status window: the last 30 complete days', () => {
    expect(overview.period).toMatchObject({ from: '2026-10-26', to: endDay, kind: 'window' });
    expect(overview.rows).toHaveLength(1500);
    expect(overview.rows[0]?.countyName).toMatch(/[区县市]$/);
  });

  it('filters one county down to its sites below target', () => {
    const county = overview.rows.find((r) => r.verdict.status === 'below')!.site.divisionCode;
    const rows = applyFilters(overview.rows, { ...noFilters, county, health: 'below' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.site.divisionCode === county && r.health.failed.length > 0)).toBe(true);
    expect(rows.every((r) => r.verdict.status === 'below')).toBe(true);
    const all = applyFilters(overview.rows, { ...noFilters, county });
    expect(all.length).toBeGreaterThan(rows.length);
  });

  it('searches by code or name and filters by kind and findings', () => {
    const first = overview.rows[0]!.site;
    expect(applyFilters(overview.rows, { ...noFilters, q: first.code }).map((r) => r.site.id)).toContain(
      first.id,
    );
    expect(applyFilters(overview.rows, { ...noFilters, q: first.name.slice(0, 6) }).length).toBeGreaterThan(
      0,
    );
    const sections = applyFilters(overview.rows, { ...noFilters, kinds: ['boundary_section'] });
    expect(sections.every((r) => r.site.kind === 'boundary_section')).toBe(true);
    const errors = applyFilters(overview.rows, { ...noFilters, findings: 'error' });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((r) => r.findings.findings.some((f) => f.severity === 'error'))).toBe(true);
  });

  it('keeps filters in the query string and ignores junk there', () => {
    const filters = {
      q: '宣威',
      kinds: ['intake', 'boundary_section'] as const,
      county: '530381',
      health: 'below',
      findings: 'any',
    } as const;
    expect(parseFilters(new URLSearchParams(filtersToQuery(filters)))).toEqual(filters);
    expect(parseFilters(new URLSearchParams('kind=well&county=12&health=bad&findings=x'))).toEqual(noFilters);
  });
});
