import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';
import type { AppDatabase } from '../db/database';
import { openAppDatabase } from '../db/open-database';
import { testKey, uniqueDbName } from '../db/test-support';
import { writeFieldEvents } from '../db/write-events';
import { createSyncController, type SyncController } from './controller';
import { syncVerdict } from './sync-verdict';
import { fakeHost, fakeSyncService, memoryStorage } from './test-support';

// Real RxDB + Dexie over fake-indexeddb, the controller's own replication, and a service in memory
// that refuses rows outside the account's region as the real one does.

const region = '530621';
const homeSite = {
  ...sampleRecords.sites,
  id: 'site-home',
  code: '5306210001',
  name: '辖区内的取水口',
  divisionCode: '530621',
};

const opened: { db: AppDatabase; controllers: SyncController[] }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    for (const c of o.controllers) {
      await c.dispose();
    }
    await o.db.close();
  }
});

async function openDb(): Promise<{ db: AppDatabase; controllers: SyncController[] }> {
  const result = await openAppDatabase({ name: uniqueDbName('sync'), key: testKey, devMode: false });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  const entry = { db: result.value, controllers: [] as SyncController[] };
  opened.push(entry);
  return entry;
}

/** A patrol, a reading, a photo and a fault event at a site of 530102 (outside the region). */
function workOutside() {
  const at = { siteId: 'site-wuhua', divisionCode: '530102', deviceId: 'laptop-1', receivedAt: null };
  const patrol = { ...sampleRecords.patrols, ...at, id: newId(), taskId: null };
  return {
    patrol,
    reading: { ...sampleRecords.readings, ...at, id: newId(), patrolId: patrol.id },
    photo: { ...sampleRecords.photos, ...at, id: newId(), patrolId: patrol.id, storedSha256: 'c'.repeat(64) },
    fault: { ...sampleRecords.fault_events, ...at, id: newId(), patrolId: patrol.id },
  };
}

function controllerFor(
  entry: { db: AppDatabase; controllers: SyncController[] },
  service: ReturnType<typeof fakeSyncService>,
  storage: ReturnType<typeof memoryStorage>,
  host: ReturnType<typeof fakeHost>,
  clock: { now: number },
): SyncController {
  const controller = createSyncController({
    db: entry.db,
    host,
    fetch: service.fetch,
    streamFetch: () => Promise.reject(new Error('no live stream in this test')),
    storage,
    now: () => clock.now,
    isOnline: () => true,
    instance: uniqueDbName('c'),
    recountDelayMs: 5,
  });
  entry.controllers.push(controller);
  return controller;
}

/** Polls the state only (no awaitInSync: it waits for a service that may be down). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i += 1) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(check()).toBe(true);
}

async function settled(controller: SyncController, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) {
    await controller.awaitInSync();
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(check()).toBe(true);
}

describe('sync controller', () => {
  it('work outside the region: each record is refused with its reason, the header is not green, the photo is blocked, nothing is resent by a retry, and the refusals outlive a restart', async () => {
    const entry = await openDb();
    const clock = { now: 1_700_000_000_000 };
    const service = fakeSyncService({ scope: region, now: () => clock.now, seed: { sites: [homeSite] } });
    const storage = memoryStorage();
    const host = fakeHost();
    const work = workOutside();
    const inside = {
      ...sampleRecords.patrols,
      id: newId(),
      siteId: homeSite.id,
      divisionCode: region,
      taskId: null,
      deviceId: 'laptop-1',
    };
    const controller = controllerFor(entry, service, storage, host, clock);
    await controller.start();
    expect(controller.store.get().phase).toBe('not-enrolled');
    const enrolled = await controller.enroll({
      serviceUrl: 'http://svc.test',
      deviceName: 'laptop',
      username: 'tech',
      password: 'pw',
    });
    expect(enrolled.ok).toBe(true);
    // Made while enrolled: work made before enrolment is demo work and never sent (enrolment-work.test).
    const written = await writeFieldEvents(entry.db, [
      { collection: 'patrols', record: work.patrol },
      { collection: 'readings', record: work.reading },
      { collection: 'photos', record: work.photo },
      { collection: 'fault_events', record: work.fault },
      { collection: 'patrols', record: inside },
    ]);
    expect(written.ok).toBe(true);

    await settled(controller, () => controller.store.get().refusals.length === 4);
    await settled(controller, () => controller.store.get().collections.patrols.stored === 1);
    const state = controller.store.get();
    expect(state.phase).toBe('idle');
    expect(state.collections.patrols).toMatchObject({ pending: 0, sent: 0, stored: 1, refused: 1 });
    expect(state.collections.readings).toMatchObject({ pending: 0, stored: 0, refused: 1 });
    expect(state.collections.patrols.entries).toEqual([{ id: work.patrol.id, status: 'refused' }]);
    expect(state.refusals.find((r) => r.id === work.patrol.id)).toMatchObject({
      collection: 'patrols',
      code: 'forbidden',
      params: { division: '530102', region },
    });
    expect(syncVerdict(state)).toEqual({ key: 'verdict.refused', params: { count: 4 }, tone: 'error' });
    expect(state.photoFiles).toMatchObject({ blocked: 1, pending: 0, failed: 0, lastSuccessAt: null });
    expect(host.enqueued.has(work.photo.storedSha256)).toBe(false);
    expect(service.has('patrols', inside.id)).toBe(true);

    // "Retry now" sends what is pending, never a refused record again.
    const pushesBefore = service.log.pushes.get(`patrols/${work.patrol.id}`);
    expect(pushesBefore).toBe(1);
    await controller.retryNow();
    await controller.awaitInSync();
    expect(service.log.pushes.get(`patrols/${work.patrol.id}`)).toBe(1);
    expect(controller.store.get().refusals).toHaveLength(4);

    // A restart (same storage, same database): the refusals are still listed before any sync.
    await controller.dispose();
    const again = controllerFor(entry, service, storage, host, clock);
    expect(
      again.store
        .get()
        .refusals.map((r) => r.id)
        .sort(),
    ).toEqual([work.patrol.id, work.reading.id, work.photo.id, work.fault.id].sort());
    await again.start();
    await settled(again, () => again.store.get().collections.readings.refused === 1);
    expect(syncVerdict(again.store.get()).tone).toBe('error');

    // Moved to a site of the region, the reading goes up once and is stored.
    expect((await again.refusals.siteChoices('readings', work.reading.id)).map((s) => s.id)).toEqual([
      homeSite.id,
    ]);
    clock.now += 60_000;
    expect(await again.refusals.move('readings', work.reading.id, homeSite.id)).toEqual({ ok: true });
    expect(service.has('readings', work.reading.id)).toBe(true);
    await settled(again, () => again.store.get().collections.readings.stored === 1);
    expect(again.store.get().collections.readings).toMatchObject({ refused: 0, pending: 0 });
    const moved = await entry.db.collections.readings.findOne(work.reading.id).exec();
    expect(moved?.toJSON()).toMatchObject({
      siteId: homeSite.id,
      divisionCode: region,
      receivedAt: expect.any(Number) as number,
    });

    // A site outside the region is not a place to move to.
    expect(await again.refusals.move('patrols', work.patrol.id, 'site-wuhua')).toEqual({
      ok: false,
      reason: 'site-unknown',
    });

    // Exported for the supervisor: the file holds the record and its reason; it stays listed.
    const file = await again.refusals.exportFile(
      again.store.get().refusals.filter((r) => r.collection === 'fault_events'),
      (r) => ({ reason: `reason of ${r.code}`, advice: 'advice' }),
      { username: 'tech', region },
      'dev-1',
    );
    expect(file.records).toEqual([
      expect.objectContaining({
        collection: 'fault_events',
        id: work.fault.id,
        code: 'forbidden',
        reason: 'reason of forbidden',
        record: expect.objectContaining({ id: work.fault.id, divisionCode: '530102' }) as unknown,
      }),
    ]);
    expect(again.store.get().refusals.find((r) => r.id === work.fault.id)?.exportedAt).toBe(clock.now);
    expect(again.store.get().refusals).toHaveLength(3);
  });

  it('resend is offered by the reason and sends the record once more, on the crew’s word only', async () => {
    const entry = await openDb();
    const clock = { now: 1_700_000_000_000 };
    const service = fakeSyncService({ scope: region, now: () => clock.now });
    const storage = memoryStorage();
    const controller = controllerFor(entry, service, storage, fakeHost(), clock);
    const work = workOutside();
    await controller.enroll({
      serviceUrl: 'http://svc.test',
      deviceName: 'laptop',
      username: 'tech',
      password: 'pw',
    });
    expect((await writeFieldEvents(entry.db, [{ collection: 'patrols', record: work.patrol }])).ok).toBe(
      true,
    );
    await settled(controller, () => controller.store.get().collections.patrols.refused === 1);
    expect(await controller.refusals.resend('patrols', work.patrol.id)).toBe(true);
    // Refused again (still outside): counted, kept, and not sent a third time by itself.
    expect(service.log.pushes.get(`patrols/${work.patrol.id}`)).toBe(2);
    expect(controller.store.get().refusals).toEqual([
      expect.objectContaining({ id: work.patrol.id, times: 2 }),
    ]);
    expect(await controller.refusals.resend('patrols', 'not-refused')).toBe(false);
  });

  it('a push without an answer leaves the record pending, not sent; it goes up once the service answers', async () => {
    const entry = await openDb();
    const clock = { now: 1_700_000_000_000 };
    const service = fakeSyncService({ scope: region, now: () => clock.now });
    const controller = controllerFor(entry, service, memoryStorage(), fakeHost(), clock);
    await controller.enroll({
      serviceUrl: 'http://svc.test',
      deviceName: 'laptop',
      username: 'tech',
      password: 'pw',
    });
    await controller.awaitInSync();
    service.setDown(true);
    const patrol = {
      ...sampleRecords.patrols,
      id: newId(),
      divisionCode: region,
      taskId: null,
      deviceId: 'laptop-1',
    };
    expect((await writeFieldEvents(entry.db, [{ collection: 'patrols', record: patrol }])).ok).toBe(true);
    await controller.retryNow();
    await until(() => controller.store.get().collections.patrols.pending === 1);
    expect(controller.store.get().collections.patrols).toMatchObject({ sent: 0, stored: 0, refused: 0 });
    expect(syncVerdict(controller.store.get()).tone).not.toBe('success');
    service.setDown(false);
    await controller.retryNow();
    await until(() => controller.store.get().collections.patrols.stored === 1);
    expect(controller.store.get().collections.patrols).toMatchObject({ pending: 0, sent: 0 });
    expect(syncVerdict(controller.store.get())).toMatchObject({ key: 'phase.idle', tone: 'success' });
  });
  it('a site edited offline counts as pending until the service answers its push: the header is not green meanwhile', async () => {
    const entry = await openDb();
    const clock = { now: 1_700_000_000_000 };
    const service = fakeSyncService({ scope: region, now: () => clock.now, seed: { sites: [homeSite] } });
    const controller = controllerFor(entry, service, memoryStorage(), fakeHost(), clock);
    await controller.enroll({
      serviceUrl: 'http://svc.test',
      deviceName: 'laptop',
      username: 'tech',
      password: 'pw',
    });
    await settled(controller, () => service.has('sites', homeSite.id));
    await until(() => syncVerdict(controller.store.get()).key === 'phase.idle');
    for (
      let i = 0;
      i < 100 && (await entry.db.collections.sites.findOne(homeSite.id).exec()) === null;
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    service.setDown(true);
    const site = await entry.db.collections.sites.findOne(homeSite.id).exec();
    await site!.incrementalPatch({ waterSource: '核实后的水源' });
    await controller.retryNow();
    await until(() => controller.store.get().collections.sites.pending === 1);
    expect(controller.store.get().collections.sites.entries).toEqual([
      { id: homeSite.id, status: 'pending' },
    ]);
    expect(syncVerdict(controller.store.get()).tone).not.toBe('success');
    const before = service.log.pushes.get(`sites/${homeSite.id}`) ?? 0;
    service.setDown(false);
    await controller.retryNow();
    await until(() => controller.store.get().collections.sites.pending === 0);
    expect(service.log.pushes.get(`sites/${homeSite.id}`)).toBe(before + 1);
    expect(controller.store.get().collections.sites).toMatchObject({ sent: 0, entries: [] });
    await until(() => syncVerdict(controller.store.get()).key === 'phase.idle');
  });
});
