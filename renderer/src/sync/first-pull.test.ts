import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { collectionNames, type CollectionName } from '#shared/domain/index';
import { pullLimitDefault, pullLimitFirst } from '#shared/sync/index';
import type { AppDatabase } from '../db/database';
import { openAppDatabase } from '../db/open-database';
import { testKey, uniqueDbName } from '../db/test-support';
import { createSyncController, type SyncController } from './controller';
import { firstPullWaves } from './first-pull';
import type { SyncState } from './sync-store';
import { syncVerdict } from './sync-verdict';
import { fakeHost, fakeSyncService, memoryStorage } from './test-support';

// A new laptop's first pull through the controller's own replication: real RxDB + Dexie over
// fake-indexeddb, a service in memory.

const region = '530621';
const siteCount = pullLimitFirst + 200;
const sites = Array.from({ length: siteCount }, (_, i) => ({
  ...sampleRecords.sites,
  id: `site-h${i}`,
  code: `530621${String(i).padStart(4, '0')}`,
  name: `站点 ${i}`,
  divisionCode: region,
}));
const health = { ...sampleRecords.site_health, siteId: 'site-h1', divisionCode: region };
const task = { ...sampleRecords.tasks, siteId: 'site-h2', divisionCode: region };
const permit = { ...sampleRecords.permits, divisionCode: region };

const opened: { db: AppDatabase; controllers: SyncController[] }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    for (const c of o.controllers) {
      await c.dispose();
    }
    await o.db.close();
  }
});

async function openDb() {
  const result = await openAppDatabase({ name: uniqueDbName('first'), key: testKey, devMode: false });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  const entry = { db: result.value, controllers: [] as SyncController[] };
  opened.push(entry);
  return entry;
}

function controllerFor(
  entry: { db: AppDatabase; controllers: SyncController[] },
  service: ReturnType<typeof fakeSyncService>,
  storage: ReturnType<typeof memoryStorage>,
  host: ReturnType<typeof fakeHost>,
): SyncController {
  const controller = createSyncController({
    db: entry.db,
    host,
    fetch: service.fetch,
    streamFetch: () => Promise.reject(new Error('no live stream in this test')),
    storage,
    now: Date.now,
    isOnline: () => true,
    instance: uniqueDbName('c'),
    recountDelayMs: 5,
  });
  entry.controllers.push(controller);
  return controller;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1500 && !check(); i += 1) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(check()).toBe(true);
}

const enrol = (controller: SyncController) =>
  controller.enroll({ serviceUrl: 'http://svc', username: 'tech', password: 'pw', deviceName: 'laptop' });

describe('a new laptop’s first pull', () => {
  it('holds every collection in firstPull from enrolment, pulls the map’s inputs first in large pages, and ends when each reached the head', async () => {
    const entry = await openDb();
    const service = fakeSyncService({
      scope: region,
      now: Date.now,
      seed: { sites, site_health: [health], tasks: [task], permits: [permit] },
    });
    const storage = memoryStorage();
    const controller = controllerFor(entry, service, storage, fakeHost());
    const seen: SyncState['firstPull'][] = [];
    const sitesDone: { stored: Promise<number> | null } = { stored: null };
    controller.store.subscribe(() => {
      const firstPull = controller.store.get().firstPull;
      if (seen.at(-1) !== firstPull) {
        seen.push(firstPull);
      }
      if (sitesDone.stored === null && seen.length > 1 && !(firstPull?.pending ?? []).includes('sites')) {
        sitesDone.stored = entry.db.collections.sites.count().exec();
      }
    });
    await controller.start();
    expect(controller.store.get().firstPull).toBeNull();
    const enrolled = await enrol(controller);
    expect(enrolled.ok).toBe(true);
    // From enrolment on, every collection is pending, and the header is not 已同步.
    expect([...(seen.find((f) => f !== null)?.pending ?? [])].sort()).toEqual([...collectionNames].sort());
    expect(syncVerdict(controller.store.get()).key).toBe('verdict.firstPull');

    await until(() => controller.store.get().firstPull === null);
    // A collection leaves firstPull only once what it pulled is stored.
    expect(await sitesDone.stored).toBe(siteCount);
    expect(await entry.db.collections.tasks.count().exec()).toBe(1);
    // Wave by wave: no pull of a later wave before the first wave's collections reached the head.
    const pulls = service.log.pulls;
    const firstOther = pulls.findIndex((p) => !firstPullWaves[0]!.includes(p.collection as CollectionName));
    const inFirstWave = pulls.map((p) => firstPullWaves[0]!.includes(p.collection as CollectionName));
    const lastFirstWave = inFirstWave.lastIndexOf(true);
    expect(firstOther).toBeGreaterThan(lastFirstWave);
    const thirdWave = firstPullWaves[2]!;
    const firstThird = pulls.findIndex((p) => thirdWave.includes(p.collection as CollectionName));
    expect(firstThird).toBeGreaterThan(pulls.findIndex((p) => p.collection === 'tasks'));
    // Large pages: the province's sites in two requests, not five.
    expect(pulls.filter((p) => p.collection === 'sites').slice(0, 2)).toEqual([
      { collection: 'sites', limit: pullLimitFirst },
      { collection: 'sites', limit: pullLimitFirst },
    ]);
    // The progress said what was stored against the region's total.
    const rows = seen.flatMap((f) => f?.progress ?? []).filter((p) => p.name === 'sites');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((p) => p.total === siteCount && p.stored <= siteCount)).toBe(true);
    expect(syncVerdict(controller.store.get()).key).not.toBe('verdict.firstPull');

    // A restart after the first pull: no first pull again, pages of the usual size.
    await controller.stop();
    const again = controllerFor(entry, service, storage, fakeHost());
    const before = service.log.pulls.length;
    await again.start();
    expect(again.store.get().firstPull).toBeNull();
    await again.awaitInSync();
    expect(service.log.pulls.slice(before).every((p) => p.limit === pullLimitDefault)).toBe(true);
  }, 120_000);

  it('a laptop closed half-way resumes its first pull, map still held; an older service (pages of 1,000, no counts) fills it all the same', async () => {
    const entry = await openDb();
    const service = fakeSyncService({
      scope: region,
      now: Date.now,
      seed: { sites, site_health: [health], tasks: [task] },
      pullLimitMax: 1000,
      counts: false,
    });
    const storage = memoryStorage();
    const first = controllerFor(entry, service, storage, fakeHost());
    await first.start();
    await enrol(first);
    await until(() => service.log.pulls.some((p) => p.collection === 'sites'));
    await first.stop();

    const host = fakeHost();
    // The token was kept by the first host; the restarted laptop's host has it too.
    await host.call('secrets.set', { name: 'device-token', value: 'token-1' });
    const second = controllerFor(entry, service, storage, host);
    await second.start();
    expect(second.store.get().firstPull?.pending).toContain('sites');
    await until(() => second.store.get().firstPull === null);
    expect(await entry.db.collections.sites.count().exec()).toBe(siteCount);
    // The refused large page was asked again in pages the service takes.
    expect(service.log.pulls.some((p) => p.collection === 'sites' && p.limit === 1000)).toBe(true);
  }, 120_000);

  it('waits after the map’s inputs are in for the map to read them before the last wave writes', async () => {
    const entry = await openDb();
    const service = fakeSyncService({
      scope: region,
      now: Date.now,
      seed: { sites, site_health: [health], tasks: [task], permits: [permit] },
    });
    const controller = controllerFor(entry, service, memoryStorage(), fakeHost());
    const map = controller.firstPullReaders.register(['sites', 'site_health', 'fault_events', 'tasks']);
    await controller.start();
    await enrol(controller);
    const lastWave = firstPullWaves[2]!;
    const inLastWave = () => service.log.pulls.some((p) => lastWave.includes(p.collection as CollectionName));
    await until(() => !(controller.store.get().firstPull?.pending ?? ['tasks']).includes('tasks'));
    // The map's inputs are in; the permits wait while the map reads.
    await new Promise((r) => setTimeout(r, 300));
    expect(inLastWave()).toBe(false);
    expect(controller.store.get().firstPull?.pending).toContain('permits');
    map.ready();
    await until(() => controller.store.get().firstPull === null);
    expect(await entry.db.collections.permits.count().exec()).toBe(1);
  }, 120_000);
});
