import { describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { FaultEvent, Site, SiteHealth, Task } from '#shared/domain/index';
import { dayStart } from '#shared/health/days';
import { applyFilters, noFilters, searchSites } from './map-filters';
import { demoPolicy, statusPeriod } from '#shared/verdicts/index';
import { mapSitesOf } from '../common/map-sites';

const site = sampleRecords.sites as Site;
const now = dayStart('2026-11-25') + 10 * 3_600_000;
const inputs = { now, period: statusPeriod(demoPolicy, now), policy: demoPolicy };
/** One site on the map through the map's own model (the verdict core underneath). */
const mapSiteOf = (s: Site, h: SiteHealth | null, faults: FaultEvent[] = []) =>
  mapSitesOf([s], h === null ? [] : [h], faults, [], inputs)[0]!;

function history(receivedPerDay: number, lastReportAt: number | null): SiteHealth {
  const days = 40;
  return {
    ...(sampleRecords.site_health as SiteHealth),
    firstDay: '2026-10-16',
    expected: Array<number>(days).fill(24),
    receivedSlots: Array<number>(days).fill(receivedPerDay),
    validValues: Array<number>(days).fill(receivedPerDay * 2),
    reports: Array<number>(days).fill(receivedPerDay),
    lastReportAt,
  };
}

const fault = (over: Partial<FaultEvent>): FaultEvent => ({
  ...(sampleRecords.fault_events as FaultEvent),
  ...over,
});

describe('site status on the map', () => {
  it('meets, below, silent, fault and not judged', () => {
    expect(mapSiteOf(site, history(24, now - 3_600_000)).status).toBe('meets');
    const below = mapSiteOf(site, history(20, now - 3_600_000));
    expect(below.status).toBe('below');
    expect(below.failed).toContain('reportingRate');
    expect(below.reportingRate).toBeCloseTo(20 / 24, 6);
    expect(mapSiteOf(site, history(24, now - 2 * 86_400_000)).status).toBe('silent');
    expect(mapSiteOf(site, history(24, null)).status).toBe('silent');
    expect(mapSiteOf(site, history(24, now), [fault({})]).status).toBe('fault');
    expect(mapSiteOf({ ...site, status: 'suspended' }, history(24, now)).status).toBe('not_judged');
    expect(mapSiteOf({ ...site, registeredOn: '2026-11-25' }, null).status).toBe('not_judged');
  });

  it('folds fault events with the one fold: verified closes, reopened opens again, by receipt order', () => {
    const h = history(24, now);
    const opened = fault({ id: 'a', recordedAt: 1, receivedAt: 10 });
    const repaired = fault({
      id: 'r',
      type: 'repaired',
      category: null,
      actions: 'x',
      recordedAt: 3,
      receivedAt: 15,
    });
    const verified = fault({ id: 'b', type: 'verified', category: null, recordedAt: 5, receivedAt: 20 });
    expect(mapSiteOf(site, h, [opened, repaired, verified]).openFaults).toEqual([]);
    const reopened = fault({ id: 'c', type: 'reopened', category: null, recordedAt: 2, receivedAt: 30 });
    expect(mapSiteOf(site, h, [reopened, opened, repaired, verified]).openFaults[0]).toMatchObject({
      state: 'reopened',
      category: 'communication',
      openedAt: 1,
    });
    // A device clock set wrong does not reorder what the platform received.
    const commentLater = fault({ id: 'd', type: 'comment', category: null, recordedAt: 99, receivedAt: 40 });
    expect(mapSiteOf(site, h, [opened, repaired, verified, commentLater]).status).toBe('meets');
  });

  it('filters narrow and search finds by code prefix, then name', () => {
    const task = { ...(sampleRecords.tasks as Task), siteId: 'b' };
    const sites = mapSitesOf(
      [
        { ...site, id: 'a', code: '5303810001', name: '甲水厂取水口' },
        { ...site, id: 'b', code: '5303810002', name: '乙灌区', kind: 'source_quality' },
        {
          ...site,
          id: 'c',
          code: '5303020001',
          name: '丙断面 0001',
          kind: 'boundary_section',
          divisionCode: '530302' as Site['divisionCode'],
        },
      ],
      [
        { ...history(24, now), id: 'a', siteId: 'a' },
        { ...history(10, now), id: 'b', siteId: 'b' },
        { ...history(24, now), id: 'c', siteId: 'c' },
      ],
      [fault({ siteId: 'c' })],
      [task, { ...task, id: 't2', siteId: 'a', status: 'done' }],
      inputs,
    );
    expect(sites.map((s) => s.status)).toEqual(['meets', 'below', 'fault']);
    expect(applyFilters(sites, noFilters)).toHaveLength(3);
    expect(applyFilters(sites, { ...noFilters, belowTarget: true }).map((s) => s.id)).toEqual(['b']);
    expect(applyFilters(sites, { ...noFilters, openFault: true }).map((s) => s.id)).toEqual(['c']);
    expect(applyFilters(sites, { ...noFilters, hasTask: true }).map((s) => s.id)).toEqual(['b']);
    expect(
      applyFilters(sites, { ...noFilters, kinds: ['intake', 'boundary_section'] }).map((s) => s.id),
    ).toEqual(['a', 'c']);
    expect(applyFilters(sites, { ...noFilters, counties: ['530302'] }).map((s) => s.id)).toEqual(['c']);
    expect(applyFilters(sites, { ...noFilters, counties: ['530302'], belowTarget: true })).toEqual([]);
    const audited = new Set([sites[2]?.code ?? '']);
    expect(applyFilters(sites, { ...noFilters, auditFindings: true }, audited).map((s) => s.id)).toEqual([
      'c',
    ]);
    expect(applyFilters(sites, { ...noFilters, auditFindings: true })).toEqual([]);
    expect(searchSites(sites, '530381').map((s) => s.id)).toEqual(['a', 'b']);
    expect(searchSites(sites, '0001').map((s) => s.id)).toEqual(['c']);
    expect(searchSites(sites, '灌区').map((s) => s.id)).toEqual(['b']);
    expect(searchSites(sites, '  ')).toEqual([]);
  });
});
