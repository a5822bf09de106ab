import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoProvince } from '#shared/demo/index';
import { sampleRecords } from '#shared/domain/fixtures';
import type { FaultEvent, Site, SiteHealth, Task } from '#shared/domain/index';
import { dayStart } from '#shared/health/index';
import { demoPolicy, monthPeriod, statusPeriod } from '#shared/verdicts/index';
import type { AppDatabase } from '../../db/database';
import { openAppDatabase } from '../../db/open-database';
import { testKey, uniqueDbName } from '../../db/test-support';
import { mapSitesOf } from '../common/map-sites';
import {
  clearMapSummary,
  firstPullHoldsMap,
  decodeMapInputs,
  encodeMapInputs,
  loadMapSummary,
  mapRegionKey,
  mapSummaryId,
  mapSummaryVersion,
  saveMapSummary,
  type MapInputs,
} from './map-summary';

// Real RxDB + Dexie over fake-indexeddb (Node has no IndexedDB), as the other database tests.
let db: AppDatabase;
beforeAll(async () => {
  const result = await openAppDatabase({ name: uniqueDbName('mapsum'), key: testKey, devMode: false });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  db = result.value;
});
afterAll(async () => {
  await db.close();
});

const endDay = '2026-11-24';
/** A small demo province (90 days of history per site) with what the demo lacks: faults and tasks. */
function provinceInputs(): MapInputs {
  const province = generateDemoProvince({ sites: 60, endDay });
  const sites: Site[] = province.sites.map((s, i) =>
    // One suspended site and one with targets of its own, so both paths of the core are compared.
    i === 3
      ? { ...s, status: 'suspended' }
      : i === 4
        ? {
            ...s,
            targets: { monitoringRate: 0.99, reportingRate: 0.99, completeness: 0.99, stability: 0.99 },
          }
        : s,
  );
  // One site without any history document (registered, nothing received yet).
  const health: SiteHealth[] = province.siteHealth.filter((h) => h.siteId !== sites[5]!.id);
  const opened = {
    ...sampleRecords.fault_events,
    siteId: sites[0]!.id,
    divisionCode: sites[0]!.divisionCode,
    recordedAt: dayStart(endDay),
    signature: null,
  } as FaultEvent;
  const otherFault = { ...opened, id: 'fe-2', faultId: 'fault-2', siteId: sites[1]!.id };
  const task = (id: string, site: Site, status: Task['status']) => ({
    ...sampleRecords.tasks,
    id,
    siteId: site.id,
    divisionCode: site.divisionCode,
    status,
  });
  const tasks = [
    task('t-1', sites[2]!, 'open'),
    task('t-2', sites[2]!, 'done'),
    task('t-3', sites[6]!, 'accepted'),
  ];
  return [sites, health, [opened, otherFault], tasks];
}

const region = mapRegionKey({ serviceUrl: 'https://svc.example', account: { scope: '5303' } });

describe('the map start-up summary', () => {
  it('gives the same judged sites as the live inputs, for the same clock and period', () => {
    const inputs = provinceInputs();
    const back = decodeMapInputs(encodeMapInputs(inputs));
    for (const now of [dayStart(endDay) + 36 * 3_600_000, dayStart(endDay) + 30 * 86_400_000]) {
      for (const period of [statusPeriod(demoPolicy, now), monthPeriod('2026-11', now)]) {
        const judge = ([s, h, f, t]: MapInputs) =>
          mapSitesOf(s, h, f, t, { now, period, policy: demoPolicy });
        const live = judge(inputs);
        const fromSummary = judge(back);
        expect(fromSummary).toEqual(live);
        // The comparison covers every state, not one (a wrong fold or history would change them).
        expect(new Set(live.map((s) => s.status)).size).toBeGreaterThanOrEqual(3);
      }
    }
    const now = dayStart(endDay) + 36 * 3_600_000;
    const judged = mapSitesOf(...back, { now, period: statusPeriod(demoPolicy, now), policy: demoPolicy });
    expect(judged[0]!.status).toBe('fault');
    expect(judged[1]!.openFaults.map((f) => f.faultId)).toEqual(['fault-2']);
    expect(judged[3]!.status).toBe('not_judged');
    expect(judged[2]!.openTasks.map((t) => t.id)).toEqual(['t-1']);
    expect(back[3].map((t) => t.id)).toEqual(['t-1', 't-3']);
  });

  it('judges a stored summary with the current clock: a site silent since it was written shows silent', () => {
    const inputs = provinceInputs();
    const back = decodeMapInputs(encodeMapInputs(inputs));
    const then = dayStart(endDay) + 36 * 3_600_000;
    const later = then + 10 * 86_400_000;
    const at = (now: number) =>
      mapSitesOf(...back, { now, period: statusPeriod(demoPolicy, now), policy: demoPolicy });
    const before = at(then).filter((s) => s.status === 'silent').length;
    const after = at(later).filter((s) => s.status === 'silent').length;
    expect(after).toBeGreaterThan(before);
  });

  it('round-trips through one local document of the database, for its own region only', async () => {
    const inputs = provinceInputs();
    expect(await loadMapSummary(db, region)).toBeNull();
    expect(await saveMapSummary(db, region, inputs, 1_764_000_000_000)).toBe(true);
    const loaded = await loadMapSummary(db, region);
    expect(loaded?.savedAt).toBe(1_764_000_000_000);
    expect(loaded?.inputs[0].map((s) => s.code)).toEqual(inputs[0].map((s) => s.code));
    expect(loaded?.inputs[1].map((h) => h.expected)).toEqual(inputs[1].map((h) => h.expected));
    // Another province, or the demo laptop, never sees it.
    expect(
      await loadMapSummary(db, mapRegionKey({ serviceUrl: 'https://svc.example', account: { scope: '52' } })),
    ).toBeNull();
    expect(await loadMapSummary(db, mapRegionKey(null))).toBeNull();
    // One document, whatever the province's size (no collection of its own).
    expect((await db.getLocal(mapSummaryId)) === null).toBe(false);
  });

  it('writes a reading only when it differs from the stored one, and is forgotten on request', async () => {
    const inputs = provinceInputs();
    await clearMapSummary(db);
    expect(await saveMapSummary(db, region, inputs, 1)).toBe(true);
    expect(await saveMapSummary(db, region, inputs, 2)).toBe(false);
    expect((await loadMapSummary(db, region))?.savedAt).toBe(1);
    const [sites, ...rest] = inputs;
    const renamed: MapInputs = [[{ ...sites[0]!, name: 'renamed' }, ...sites.slice(1)], ...rest];
    expect(await saveMapSummary(db, region, renamed, 3)).toBe(true);
    expect((await loadMapSummary(db, region))?.inputs[0][0]!.name).toBe('renamed');
    await clearMapSummary(db);
    expect(await loadMapSummary(db, region)).toBeNull();
  });

  it('ignores a summary of an older format or one that does not parse', async () => {
    await db.upsertLocal(mapSummaryId, {
      version: 0,
      region,
      savedAt: 1,
      json: encodeMapInputs(provinceInputs()),
    });
    expect(await loadMapSummary(db, region)).toBeNull();
    await db.upsertLocal(mapSummaryId, { version: mapSummaryVersion, region, savedAt: 1, json: '{"id":' });
    expect(await loadMapSummary(db, region)).toBeNull();
  });
});

describe('the map during a first sync', () => {
  it('holds still while the pull has any of its inputs to go, and reads once they are in', () => {
    expect(firstPullHoldsMap(null)).toBe(false);
    expect(firstPullHoldsMap({ pending: ['sites', 'patrols'] })).toBe(true);
    expect(firstPullHoldsMap({ pending: ['site_health'] })).toBe(true);
    expect(firstPullHoldsMap({ pending: ['tasks'] })).toBe(true);
    expect(firstPullHoldsMap({ pending: ['patrols', 'water_users'] })).toBe(false);
    expect(firstPullHoldsMap({ pending: [] })).toBe(false);
  });
});
