// Sync soak: the app's own sync path under random connection cuts, on PGlite and on PostgreSQL.
//
// What runs for real: the sync service (Fastify over the engine under test) behind the fault proxy;
// the renderer's device database (RxDB + Dexie storage, over fake-indexeddb because Node has no
// IndexedDB — the same stack the renderer's db tests use), written through the app's write path
// (writeFieldEvents); the renderer's sync controller (createSyncController: RxDB replication of every
// collection, backoff, sweep, pending counts, live stream) enrolled with an enrolment code like a
// crew laptop; the host's secret store (the web host's user-only file) and its photo store and photo
// upload queue (chunked, resumable, sha256 verified by the service).
// What stands in: the IPC transport between renderer and host is an in-process call through the
// contract's own dispatcher (dispatchHostCall: same argument validation as both real transports);
// localStorage is a Map; `fetch` is Node's. Nothing of the sync path itself is mocked.
//
// It lives in scripts/ because it combines renderer/, electron/ and server/ code, which only this
// layer may import together.
import 'fake-indexeddb/auto';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { collections, eventCollectionNames, newId, type EventCollectionName } from '#shared/domain/index';
import type { HttpFetch } from '#shared/sync/index';
import { writeFieldEvents, type FieldEventWrite } from '../../renderer/src/db/write-events';
import { pendingTotal } from '../../renderer/src/sync/sync-store';
import { createAccount, createEnrollment } from '../../server/auth/accounts';
import { describeOnEngines } from '../../server/testing/engines';
import { seededRandom, startFaultProxy, type FaultMode } from '../../server/testing/fault-proxy';
import { createDatabaseBlobStore } from '../../server/photos/blob-store';
import { seedSites, testService } from '../../server/testing/service';
import { openDeviceRig } from './device-rig';

const eventCount = 1_000;
const photoCount = 50;
const writeChunks = 40;
const region = '530381';
const sites = [
  { id: 'site-1', code: '5303810001' },
  { id: 'site-2', code: '5303810002' },
] as const;
/** Kinds of field events the crew records, in the order a visit makes them. */
const kinds = ['patrols', 'patrol_events', 'readings', 'fault_events', 'task_events'] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JPEG-shaped blob (SOI, APP0 "JFIF", random body, EOI); the service only checks its sha256. */
function jpegLike(random: () => number): Uint8Array {
  const size = 6_000 + Math.floor(random() * 26_000);
  const bytes = randomBytes(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00], 0);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
}

/** JSON with keys sorted at every level (jsonb keeps its own key order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The record's own content, as the service keeps it (its receipt stamp aside). */
function content(doc: Record<string, unknown>): string {
  return canonical(
    Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_') && k !== 'receivedAt')),
  );
}

describeOnEngines('sync soak with random connection cuts', ({ db, test, engine }) => {
  test(`${eventCount} field events and ${photoCount} photos through cuts, refusals and passes: zero loss, zero duplicates`, async () => {
    const started = performance.now();
    const random = seededRandom(engine === 'pglite' ? 20_261_125 : 20_261_126);
    const dir = mkdtempSync(join(tmpdir(), 'wrm-soak-'));
    // Commits of pushes on the service, and push answers that reached the device: the difference
    // is commits whose answer was cut on the way back (the retry must not duplicate them).
    let pushCommits = 0;
    let pushAnswers = 0;
    let photoRequests = 0;
    let photoRequestsCut = 0;
    // A service that takes 0–30 ms between commit and answer, as a loaded one does; while the
    // network flaps, a quarter of the commits are followed by a drop of every connection before the
    // answer goes out (set below), so the case a retry could duplicate surely happens.
    const slow = seededRandom(7);
    let dropAfterCommit: (() => void) | null = null;
    let droppedAfterCommit = 0;
    const service = await testService(db(), {
      hooks: {
        afterCommit: async () => {
          pushCommits += 1;
          if (dropAfterCommit !== null && slow() < 0.25) {
            droppedAfterCommit += 1;
            dropAfterCommit();
          }
          await sleep(Math.floor(slow() * 30));
        },
      },
    });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const proxy = await startFaultProxy({
      host: '127.0.0.1',
      port: (service.app.server.address() as AddressInfo).port,
    });
    const cleanups: (() => Promise<void> | void)[] = [
      () => rmSync(dir, { recursive: true, force: true }),
      () => service.dispose(),
      () => proxy.close(),
    ];
    try {
      await seedSites(db());
      const username = `soak-${engine}-${Date.now().toString(36)}`;
      await createAccount(
        db(),
        { username, displayName: '外业测试员', role: 'technician', scope: region },
        { actor: 'test', scope: region },
        Date.now(),
      );
      const { code } = await createEnrollment(
        db(),
        { username, deviceName: 'soak laptop', validHours: 1 },
        { actor: 'test', scope: region },
        proxy.url,
        Date.now(),
      );

      // The host's real parts and the renderer's database and sync controller, as the app wires them.
      const hostFetch: HttpFetch = async (url, init) => {
        photoRequests += 1;
        try {
          const response = await fetch(url, init as RequestInit);
          const text = await response.text();
          return { status: response.status, headers: response.headers, text: () => Promise.resolve(text) };
        } catch (error) {
          photoRequestsCut += 1;
          throw error;
        }
      };
      const deviceFetch: HttpFetch = async (url, init) => {
        const response = await fetch(url, init as RequestInit);
        if (init.method === 'POST' && url.includes('/push')) {
          return {
            status: response.status,
            headers: response.headers,
            text: async () => {
              const text = await response.text();
              pushAnswers += 1;
              return text;
            },
          };
        }
        return response;
      };
      const rig = await openDeviceRig({
        dir,
        hostFetch,
        deviceFetch,
        instance: `soak-${engine}`,
        // Several chunks per photo, so cuts land between chunks and uploads resume mid-photo.
        chunkBytes: 8 * 1024,
      });
      cleanups.unshift(() => rig.close());
      const { controller, device, photoStore } = rig;
      const enrolled = await controller.enroll({ serviceUrl: proxy.url, deviceName: 'soak laptop', code });
      expect(enrolled).toMatchObject({ ok: true });
      const deviceId = controller.store.get().settings?.deviceId ?? '';
      const operatorId = controller.store.get().settings?.account.id ?? '';
      expect(deviceId).not.toBe('');

      // The fault schedule: every 100–400 ms the network switches, at random (seeded), between
      // cutting the request, cutting the response (after the service committed), refusing, and
      // passing; half the switches are a handover that first drops every open connection (a
      // kept-alive connection would otherwise stay in the mode it was opened in). Windows and the
      // faults the proxy counted in each are tallied by kind.
      const windows = { up: 0, down: 0, refuse: 0, pass: 0 };
      const faultsIn = { up: 0, down: 0, refuse: 0, pass: 0 };
      let handovers = 0;
      let faulting = true;
      let current: FaultMode = { kind: 'pass' };
      dropAfterCommit = () => {
        proxy.setMode({ kind: 'refuse' });
        proxy.setMode(current);
      };
      const schedule = (async () => {
        while (faulting) {
          const pick = random();
          const kind = pick < 0.25 ? 'up' : pick < 0.6 ? 'down' : pick < 0.75 ? 'refuse' : 'pass';
          const mode: FaultMode =
            kind === 'up' || kind === 'down'
              ? {
                  kind: 'cut',
                  direction: kind,
                  afterBytes: () => Math.floor(random() * (kind === 'up' ? 12_000 : 3_000)),
                }
              : { kind };
          windows[kind] += 1;
          const before = proxy.faults();
          if (random() < 0.5) {
            handovers += 1;
            proxy.setMode({ kind: 'refuse' });
          }
          current = mode;
          proxy.setMode(mode);
          await sleep(100 + Math.floor(random() * 300));
          faultsIn[kind] += proxy.faults() - before;
        }
      })();

      // The crew works while the network flaps: field events in chunks through the app's write
      // path, photos into the host's photo store with their metadata records.
      const expected = new Map<EventCollectionName, Map<string, Record<string, unknown>>>(
        eventCollectionNames.map((name) => [name, new Map()]),
      );
      const photoBytes = new Map<string, number>();
      const recordedBase = sampleRecords.patrols.recordedAt;
      let serial = 0;
      let lastPatrol: string = sampleRecords.patrols.id;
      const provenance = () => {
        serial += 1;
        return { deviceId, operatorId, recordedAt: recordedBase + serial * 1000, receivedAt: null };
      };
      /** A photo into the host's store, and its metadata record for the outbox. */
      const photoItem = async (p: number): Promise<FieldEventWrite> => {
        const stored = await photoStore.put(jpegLike(random));
        photoBytes.set(stored.sha256, stored.bytes);
        const site = sites[p % sites.length]!;
        return {
          collection: 'photos',
          record: {
            ...sampleRecords.photos,
            id: newId(),
            siteId: site.id,
            siteCode: site.code,
            divisionCode: region,
            patrolId: lastPatrol,
            originalSha256: createHash('sha256').update(stored.sha256).digest('hex'),
            storedSha256: stored.sha256,
            bytes: stored.bytes,
            ...provenance(),
          },
        };
      };
      for (let chunk = 0; chunk < writeChunks; chunk += 1) {
        const items: FieldEventWrite[] = [];
        for (let i = 0; i < eventCount / writeChunks; i += 1) {
          const n = chunk * (eventCount / writeChunks) + i;
          const kind = kinds[n % kinds.length]!;
          const site = sites[n % sites.length]!;
          const common = { id: newId(), siteId: site.id, divisionCode: region, ...provenance() };
          const record: Record<string, unknown> =
            kind === 'patrols'
              ? {
                  ...sampleRecords.patrols,
                  ...common,
                  checkIn: { ...sampleRecords.patrols.checkIn, at: common.recordedAt },
                }
              : kind === 'patrol_events'
                ? { ...sampleRecords.patrol_events, ...common, patrolId: lastPatrol, note: `检查 #${n}` }
                : kind === 'readings'
                  ? { ...sampleRecords.readings, ...common, patrolId: lastPatrol, value: 100_000 + n }
                  : kind === 'fault_events'
                    ? {
                        ...sampleRecords.fault_events,
                        ...common,
                        faultId: `fault-${n}`,
                        patrolId: lastPatrol,
                      }
                    : { ...sampleRecords.task_events, ...common, note: `任务 #${n}` };
          if (kind === 'patrols') {
            lastPatrol = common.id;
          }
          items.push({ collection: kind, record });
        }
        for (let p = chunk; p < photoCount; p += writeChunks) {
          items.push(await photoItem(p));
        }
        const written = await writeFieldEvents(device, items);
        expect(written).toMatchObject({ ok: true });
        for (const item of items) {
          const record = item.record as Record<string, unknown>;
          expected.get(item.collection)!.set(record['id'] as string, record);
        }
        await sleep(150 + Math.floor(random() * 300));
      }
      await sleep(3_000); // the network keeps flapping a while after the last record
      faulting = false;
      dropAfterCommit = null;
      await schedule;

      // A photo file goes up only once its record is stored, in a window that let the record through,
      // so the random flapping may never catch a file in flight. The network then drops right after
      // a record is stored, before its file goes up: the upload must fail and go up later.
      let extra = 0;
      while (photoRequestsCut === 0 && extra < 5) {
        proxy.setMode({ kind: 'pass' });
        const item = await photoItem(photoCount + extra);
        extra += 1;
        const id = (item.record as { id: string }).id;
        expect(await writeFieldEvents(device, [item])).toMatchObject({ ok: true });
        expected.get('photos')!.set(id, item.record as Record<string, unknown>);
        const storedBy = performance.now() + 15_000;
        while (performance.now() < storedBy) {
          const doc = await device.collections.photos.findOne(id).exec();
          if (typeof doc?.receivedAt === 'number') {
            break;
          }
          await sleep(50);
        }
        proxy.setMode({ kind: 'refuse' });
        await sleep(1_500);
      }
      const photosTaken = photoCount + extra;
      const faultPhaseMs = performance.now() - started;

      // The network heals (a drop that closes every connection, then a clean line) and the laptop
      // sees it come back (the browser's offline/online events); nobody presses "sync now". Then a
      // bounded wait until the device reports everything acknowledged.
      proxy.setMode({ kind: 'refuse' });
      await controller.setOnline(false);
      proxy.setMode({ kind: 'pass' });
      const faults = proxy.faults();
      await controller.setOnline(true);
      const deadline = Date.now() + 45_000;
      /** Ids the device holds without the service's receipt stamp (the controller's own query). */
      const unstampedIds = async () => {
        const ids: string[] = [];
        for (const name of eventCollectionNames) {
          const docs = await device.collections[name]
            .find({ selector: { $or: [{ receivedAt: null }, { receivedAt: { $exists: false } }] } })
            .exec();
          ids.push(...docs.map((d) => d.primary));
        }
        return ids;
      };
      const unacknowledged = async () => (await unstampedIds()).length;
      for (;;) {
        const state = controller.store.get();
        const settled =
          state.photos !== null &&
          state.photos.done === photosTaken &&
          state.photos.pending === 0 &&
          pendingTotal(state) === 0 &&
          (await unacknowledged()) === 0;
        if (settled) {
          break;
        }
        if (Date.now() > deadline) {
          const ids = await unstampedIds();
          const { rows: onService } = await db().query<{ n: number }>(
            `select count(*)::int as n from records where id in (select jsonb_array_elements_text($1::jsonb))`,
            [JSON.stringify(ids)],
          );
          throw new Error(
            `${onService[0]?.n} of the ${ids.length} unstamped record(s) are on the service; ` +
              `not acknowledged within 45 s after the network healed: ${await unacknowledged()} record(s) ` +
              `without receipt, photos ${JSON.stringify({ ...state.photos, items: undefined })}, ` +
              `last error ${JSON.stringify(state.lastError)}; log tail:\n${state.log.slice(-15).join('\n')}`,
          );
        }
        await sleep(250);
      }
      await controller.awaitInSync(); // the pending counts are current
      const settledMs = performance.now() - started;

      console.log(
        `[soak ${engine}] ${eventCount} events + ${photosTaken} photos (${[...photoBytes.values()].reduce((a, b) => a + b, 0)} bytes); ` +
          `${faults} faults by the proxy (windows up/down/refuse/pass ${windows.up}/${windows.down}/${windows.refuse}/${windows.pass}, ` +
          `faults counted in them ${faultsIn.up}/${faultsIn.down}/${faultsIn.refuse}/${faultsIn.pass}; ` +
          `${handovers} handovers dropping every open connection); ` +
          `${pushCommits} push commits, ${droppedAfterCommit} followed by a drop, ` +
          `${pushCommits - pushAnswers} with the answer lost; ` +
          `${photoRequests} photo requests, ${photoRequestsCut} of them cut; faults for ${(faultPhaseMs / 1000).toFixed(1)} s, ` +
          `all acknowledged at ${(settledMs / 1000).toFixed(1)} s`,
      );

      // The device: nothing pending, nothing refused, every record it made still there once.
      const state = controller.store.get();
      expect(pendingTotal(state)).toBe(0);
      for (const name of eventCollectionNames) {
        expect(state.collections[name].pending, name).toBe(0);
        expect(state.collections[name].refused, name).toBe(0);
        expect(await device.collections[name].count().exec(), name).toBe(expected.get(name)!.size);
      }
      expect(state.photos).toMatchObject({ pending: 0, failed: 0, done: photosTaken });
      expect(state.log.filter((line) => / refused: /.test(line))).toEqual([]);

      // The service: every event exactly once, by id and by content, stamped with its receipt.
      let total = 0;
      for (const name of eventCollectionNames) {
        const want = expected.get(name)!;
        total += want.size;
        const { rows: counts } = await db().query<{ n: number; ids: number; contents: number }>(
          `select count(*)::int as n, count(distinct id)::int as ids,
                    count(distinct (doc - 'receivedAt' - 'id'))::int as contents
             from records where collection = $1 and device_id = $2`,
          [name, deviceId],
        );
        expect(counts[0], name).toEqual({ n: want.size, ids: want.size, contents: want.size });
        const { rows } = await db().query<{ id: string; doc: Record<string, unknown> }>(
          'select id, doc from records where collection = $1 and device_id = $2',
          [name, deviceId],
        );
        const missing = [...want.keys()].filter((id) => !rows.some((r) => r.id === id));
        expect(missing, `${name}: lost`).toEqual([]);
        for (const row of rows) {
          const made = want.get(row.id);
          expect(made, `${name} ${row.id}: not made by this device`).toBeDefined();
          expect(content(row.doc), `${name} ${row.id}`).toBe(
            content(collections[name].schema.parse(made) as Record<string, unknown>),
          );
          expect(row.doc['receivedAt'], `${name} ${row.id}`).toEqual(expect.any(Number));
        }
      }
      expect(total).toBe(eventCount + photosTaken);
      const { rows: rejected } = await db().query<{ n: number }>(
        'select count(*)::int as n from push_rejections where device_id = $1',
        [deviceId],
      );
      expect(rejected[0]?.n).toBe(0);

      // Every photo blob stored once, with its size, and the bytes the service stores hash to
      // their name; no upload left half-way.
      const readStored = async (sha256: string) => {
        const stream = await createDatabaseBlobStore(db()).openBlob(sha256);
        const parts: Buffer[] = [];
        for await (const part of stream ?? []) {
          parts.push(Buffer.from(part as Uint8Array));
        }
        return Buffer.concat(parts);
      };
      const { rows: blobs } = await db().query<{ sha256: string; bytes: string | number }>(
        'select sha256, bytes from photo_blobs where device_id = $1',
        [deviceId],
      );
      expect(blobs).toHaveLength(photosTaken);
      expect(new Set(blobs.map((b) => b.sha256)).size).toBe(photosTaken);
      for (const blob of blobs) {
        expect(Number(blob.bytes), blob.sha256).toBe(photoBytes.get(blob.sha256));
        const onDisk = await readStored(blob.sha256);
        expect(onDisk.byteLength).toBe(photoBytes.get(blob.sha256));
        expect(createHash('sha256').update(onDisk).digest('hex')).toBe(blob.sha256);
      }
      const { rows: partial } = await db().query<{ n: number }>(
        'select count(*)::int as n from photo_uploads where device_id = $1',
        [deviceId],
      );
      expect(partial[0]?.n).toBe(0);

      // The soak did what it claims: faults of every kind, and commits whose answer was lost.
      expect(windows.up).toBeGreaterThan(5);
      expect(windows.down).toBeGreaterThan(5);
      expect(windows.refuse).toBeGreaterThan(2);
      expect(handovers).toBeGreaterThan(10);
      // The laptop sends less while the network is down than it did before photo files waited for
      // their records, so the count of faults the proxy caught varies more from run to run.
      expect(faults).toBeGreaterThan(0);
      expect(droppedAfterCommit).toBeGreaterThan(0);
      expect(pushCommits - pushAnswers).toBeGreaterThanOrEqual(droppedAfterCommit);
      expect(photoRequestsCut).toBeGreaterThan(0);
    } finally {
      for (const cleanup of cleanups.splice(0)) {
        await cleanup();
      }
    }
  }, 150_000);
});
