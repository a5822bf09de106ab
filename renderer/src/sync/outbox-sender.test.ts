import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId, type CollectionName } from '#shared/domain/index';
import { createSyncClient, type HttpFetch, type PushResponse } from '#shared/sync/index';
import type { AppDatabase } from '../db/database';
import { openAppDatabase } from '../db/open-database';
import { testKey, uniqueDbName } from '../db/test-support';
import { writeFieldEvents } from '../db/write-events';
import { createOutboxSender } from './outbox-sender';
import { createSendingTracker } from './outbox-status';
import { createRefusalStore } from './refusal-store';
import { createSyncStore, initialSyncState } from './sync-store';
import { fakeSyncService, memoryStorage } from './test-support';

// Real RxDB + Dexie over fake-indexeddb and the shared sync client talking to a service in memory.
let db: AppDatabase | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

const region = '530621';

async function setup(
  options: { enrolled?: boolean; reviews?: readonly { collection: string; recordId: string }[] } = {},
) {
  const opened = await openAppDatabase({ name: uniqueDbName('sender'), key: testKey, devMode: false });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  db = opened.value;
  const now = () => 1_700_000_000_000;
  const service = fakeSyncService({ scope: region, now });
  const fetch: HttpFetch = (url, init) =>
    new URL(url).pathname === '/v1/reviews'
      ? Promise.resolve({
          status: 200,
          headers: { get: () => null },
          text: () => Promise.resolve(JSON.stringify({ reviews: options.reviews ?? [] })),
        })
      : service.fetch(url, init);
  const client = createSyncClient({ baseUrl: 'http://svc.test', fetch, token: () => 'token-1' });
  const store = createSyncStore(initialSyncState(null), now);
  const tracker = createSendingTracker();
  const refusals = createRefusalStore({ storage: memoryStorage(), now });
  const calls = {
    pushed: [] as { name: CollectionName; ids: string[]; response: PushResponse }[],
    recount: 0,
    resynced: [] as CollectionName[],
  };
  const sender = createOutboxSender({
    db,
    client: () => (options.enrolled === false ? null : client),
    store,
    tracker,
    refusals,
    isDemoWork: () => false,
    pushed: (name, sent, response) =>
      void calls.pushed.push({ name, ids: sent.map((r) => String(r.newDocumentState['id'])), response }),
    recount: () => void (calls.recount += 1),
    resync: (name) => void calls.resynced.push(name),
  });
  return { db, service, store, tracker, refusals, calls, sender };
}

function patrol(extra: Record<string, unknown> = {}) {
  return {
    ...sampleRecords.patrols,
    id: newId(),
    taskId: null,
    deviceId: 'laptop-1',
    divisionCode: region,
    receivedAt: null,
    ...extra,
  };
}

describe('outbox sender', () => {
  it('sends nothing while the device is not enrolled', async () => {
    const { sender, calls, service } = await setup({ enrolled: false });
    expect(await sender.pushDirect('patrols', [patrol()])).toBe(false);
    expect(service.log.pushes.size).toBe(0);
    expect(calls.pushed).toEqual([]);
  });

  it('a sweep sends the records without a receipt stamp, not the refused or stored ones, then pulls', async () => {
    const { db, sender, calls, service, refusals } = await setup();
    const waiting = patrol();
    const refused = patrol();
    const stored = patrol({ receivedAt: 1_600_000_000_000 });
    const written = await writeFieldEvents(
      db,
      [waiting, refused, stored].map((record) => ({ collection: 'patrols' as const, record })),
    );
    expect(written.ok).toBe(true);
    refusals.applyPushOutcome(
      'patrols',
      [],
      [{ id: refused.id, code: 'forbidden', message: 'x', params: {} }],
    );

    await sender.sweepUnacknowledged();

    expect(service.has('patrols', waiting.id)).toBe(true);
    expect(service.log.pushes.has(`patrols/${refused.id}`)).toBe(false);
    expect(service.log.pushes.has(`patrols/${stored.id}`)).toBe(false);
    expect(calls.pushed).toHaveLength(1);
    expect(calls.pushed[0]).toMatchObject({ name: 'patrols', ids: [waiting.id] });
    expect(calls.pushed[0]?.response.accepted).toEqual([waiting.id]);
    expect(calls.resynced).toEqual(['patrols']);
  });

  it('a push without an answer puts its rows back to pending and stops the sweep', async () => {
    const { db, sender, calls, service, tracker, store } = await setup();
    const waiting = patrol();
    expect((await writeFieldEvents(db, [{ collection: 'patrols', record: waiting }])).ok).toBe(true);
    service.setDown(true);

    await sender.sweepUnacknowledged();

    expect(tracker.isSending('patrols', waiting.id)).toBe(false);
    expect(calls.pushed).toEqual([]);
    expect(calls.resynced).toEqual([]);
    expect(calls.recount).toBe(1);
    expect(store.get().log.at(-1)).toContain('patrols: push: network');
  });

  it('shows this device’s open reviews per collection; base data lists them as its entries', async () => {
    const { sender, store } = await setup({
      reviews: [
        { collection: 'sites', recordId: 'site-1' },
        { collection: 'sites', recordId: 'site-2' },
        { collection: 'patrols', recordId: 'p-1' },
      ],
    });
    await sender.refreshReviews();
    const { sites, patrols, readings } = store.get().collections;
    expect(sites.inReview).toBe(2);
    expect(sites.entries.map((e) => [e.id, e.status])).toEqual([
      ['site-1', 'in-review'],
      ['site-2', 'in-review'],
    ]);
    expect(patrols.inReview).toBe(1);
    expect(patrols.entries).toEqual([]);
    expect(readings.inReview).toBe(0);
  });
});
