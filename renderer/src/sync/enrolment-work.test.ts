import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';
import type { AppDatabase } from '../db/database';
import { openAppDatabase } from '../db/open-database';
import { testKey, uniqueDbName } from '../db/test-support';
import { writeFieldEvents } from '../db/write-events';
import { createSyncController, type SyncController } from './controller';
import { createEnrolmentWork, demoWorkAtEnrolment } from './enrolment-work';
import { fakeHost, fakeSyncService, memoryStorage } from './test-support';

// Real RxDB + Dexie over fake-indexeddb, the controller's own replication, and a service in memory
// (test-support) standing in for the sync service, which the renderer's tests may not import.

const region = '530621';
const login = { serviceUrl: 'http://svc.test', deviceName: 'laptop', username: 'tech', password: 'pw' };

const opened: { db: AppDatabase; controllers: SyncController[] }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    for (const c of o.controllers) {
      await c.dispose();
    }
    await o.db.close();
  }
});

async function laptop(service: ReturnType<typeof fakeSyncService>, storage = memoryStorage()) {
  const result = await openAppDatabase({ name: uniqueDbName('work'), key: testKey, devMode: false });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  const entry = { db: result.value, controllers: [] as SyncController[] };
  opened.push(entry);
  return { db: entry.db, controller: controllerOn(entry, service, storage) };
}

/** A sync controller on this laptop's database and storage (a second one is the app restarted). */
function controllerOn(
  entry: { db: AppDatabase; controllers: SyncController[] },
  service: ReturnType<typeof fakeSyncService>,
  storage: ReturnType<typeof memoryStorage>,
): SyncController {
  const controller = createSyncController({
    db: entry.db,
    host: fakeHost(),
    fetch: service.fetch,
    streamFetch: () => Promise.reject(new Error('no live stream in this test')),
    storage,
    now: () => 1_700_000_000_000,
    isOnline: () => true,
    instance: uniqueDbName('c'),
    recountDelayMs: 5,
  });
  entry.controllers.push(controller);
  return controller;
}

/** A patrol inside the account's region: the service would store it if it were sent. */
function patrolInRegion() {
  return { ...sampleRecords.patrols, id: newId(), divisionCode: region, taskId: null, deviceId: 'laptop-1' };
}

async function settled(controller: SyncController, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) {
    await controller.awaitInSync();
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(check()).toBe(true);
}

describe('demo work and carried work', () => {
  it('an enrolment finds every unsent record as demo work except the work carried from a signed-out account', () => {
    const unsent = [
      { name: 'patrols' as const, ids: ['p1', 'p2'] },
      { name: 'readings' as const, ids: ['r1'] },
    ];
    expect(demoWorkAtEnrolment(unsent, new Set(['patrols/p2']))).toEqual(['patrols/p1', 'readings/r1']);

    const storage = memoryStorage();
    const work = createEnrolmentWork(storage);
    work.carry([{ name: 'patrols', ids: ['p2'] }]);
    expect(work.enrolled(unsent)).toBe(2);
    expect(work.isDemoWork('patrols', 'p1')).toBe(true);
    expect(work.isDemoWork('patrols', 'p2')).toBe(false);
    // Kept across a restart; the carried work was handed over and is not carried again.
    const again = createEnrolmentWork(storage);
    expect(again.demoCount()).toBe(2);
    expect(again.enrolled([{ name: 'patrols', ids: ['p2', 'p3'] }])).toBe(2);
    expect(again.isDemoWork('patrols', 'p2')).toBe(true);
  });

  it('work made while exploring the demo is never pushed after a later enrolment, nor after a restart and a retry', async () => {
    const service = fakeSyncService({ scope: region, now: () => 1 });
    const storage = memoryStorage();
    const { db, controller } = await laptop(service, storage);
    await controller.start();
    const demo = patrolInRegion();
    expect((await writeFieldEvents(db, [{ collection: 'patrols', record: demo }])).ok).toBe(true);

    expect((await controller.enroll(login)).ok).toBe(true);
    expect(controller.demoWorkCount()).toBe(1);
    const real = patrolInRegion();
    expect((await writeFieldEvents(db, [{ collection: 'patrols', record: real }])).ok).toBe(true);
    await settled(controller, () => controller.store.get().collections.patrols.stored === 1);
    await controller.retryNow();
    await controller.awaitInSync();

    expect(service.log.pushes.get(`patrols/${real.id}`)).toBe(1);
    expect(service.log.pushes.has(`patrols/${demo.id}`)).toBe(false);
    expect(service.has('patrols', demo.id)).toBe(false);
    // Not counted as pending: it is not waiting to be sent, it stays here.
    expect(controller.store.get().collections.patrols).toMatchObject({ pending: 0, refused: 0 });

    await controller.dispose();
    const restarted = controllerOn(opened.at(-1)!, service, storage);
    await restarted.start();
    await restarted.retryNow();
    await restarted.awaitInSync();
    expect(service.log.pushes.has(`patrols/${demo.id}`)).toBe(false);
    expect(restarted.demoWorkCount()).toBe(1);
  });

  it('work left unsent by a signed-out account is sent under the next account, not held as demo work', async () => {
    const service = fakeSyncService({ scope: region, now: () => 1 });
    const { db, controller } = await laptop(service);
    expect((await controller.enroll(login)).ok).toBe(true);
    await controller.awaitInSync();
    service.setDown(true);
    const unsent = patrolInRegion();
    expect((await writeFieldEvents(db, [{ collection: 'patrols', record: unsent }])).ok).toBe(true);
    await controller.signOut();
    service.setDown(false);

    expect((await controller.enroll(login)).ok).toBe(true);
    expect(controller.demoWorkCount()).toBe(0);
    await settled(controller, () => service.has('patrols', unsent.id));
  });
});
