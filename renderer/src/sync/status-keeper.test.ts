import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';
import type { AppDatabase } from '../db/database';
import { openAppDatabase } from '../db/open-database';
import { testKey, uniqueDbName } from '../db/test-support';
import { writeFieldEvents } from '../db/write-events';
import { createSendingTracker } from './outbox-status';
import { demoDevice } from './push-rows';
import { createRefusalStore } from './refusal-store';
import { createStatusKeeper } from './status-keeper';
import { createSyncStore, initialSyncState } from './sync-store';
import { enrolledSettings as settings, fakeHost } from './test-support';

// Real RxDB + Dexie over fake-indexeddb; a fake clock for the log, no timers (recount is called directly).
let db: AppDatabase | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
});

describe('status keeper', () => {
  it('counts pending, sent, stored and refused per collection from the database, and uploads only photos of stored records', async () => {
    const opened = await openAppDatabase({ name: uniqueDbName('keeper'), key: testKey, devMode: false });
    if (!opened.ok) {
      throw new Error(opened.error.message);
    }
    db = opened.value;
    const mine = { deviceId: 'laptop-1' };
    const at = 1_700_000_000_000;
    const pending = { ...sampleRecords.patrols, ...mine, taskId: null, id: newId() };
    const sending = { ...sampleRecords.patrols, ...mine, taskId: null, id: newId() };
    const refused = { ...sampleRecords.patrols, ...mine, taskId: null, id: newId() };
    const stored = { ...sampleRecords.patrols, ...mine, taskId: null, id: newId(), receivedAt: at };
    const demo = { ...sampleRecords.patrols, id: newId(), deviceId: demoDevice, taskId: null };
    const keptPhoto = {
      ...sampleRecords.photos,
      ...mine,
      id: newId(),
      storedSha256: '1'.repeat(64),
      receivedAt: at,
    };
    const refusedPhoto = { ...sampleRecords.photos, ...mine, id: newId(), storedSha256: '2'.repeat(64) };
    const waitingPhoto = { ...sampleRecords.photos, ...mine, id: newId(), storedSha256: '3'.repeat(64) };
    const written = await writeFieldEvents(db, [
      ...[pending, sending, refused, stored, demo].map((record) => ({
        collection: 'patrols' as const,
        record,
      })),
      ...[keptPhoto, refusedPhoto, waitingPhoto].map((record) => ({ collection: 'photos' as const, record })),
    ]);
    expect(written.ok ? 'ok' : written.error.message).toBe('ok');

    const store = createSyncStore({ ...initialSyncState(settings), phase: 'idle' }, () => 0);
    const refusals = createRefusalStore({ storage: null, now: () => 0 });
    refusals.applyPushOutcome('patrols', [], [{ id: refused.id, code: 'forbidden', message: '' }]);
    refusals.applyPushOutcome('photos', [], [{ id: refusedPhoto.id, code: 'forbidden', message: '' }]);
    const tracker = createSendingTracker();
    tracker.sent('patrols', [sending.id]);
    const host = fakeHost();
    const keeper = createStatusKeeper({ db, host, store, refusals, tracker, delayMs: 0 });
    try {
      await keeper.recount();
      const state = store.get();
      expect(state.collections.patrols).toMatchObject({ pending: 1, sent: 1, stored: 1, refused: 1 });
      expect(state.collections.photos).toMatchObject({ pending: 1, stored: 1, refused: 1 });
      expect(state.refusals.map((r) => r.id).sort()).toEqual([refused.id, refusedPhoto.id].sort());
      // One file blocked by its refused record, one waiting for its record, one uploaded already.
      expect(state.photoFiles).toMatchObject({ blocked: 1, pending: 2 });

      keeper.schedule();
      await new Promise((r) => setTimeout(r, 50));
      expect([...host.enqueued]).toEqual([keptPhoto.storedSha256]);

      // The crew resends the refused patrol: it is no longer refused, and the next count says so.
      refusals.release('patrols', refused.id);
      expect(store.get().refusals.map((r) => r.id)).toEqual([refusedPhoto.id]);
      await keeper.recount();
      expect(store.get().collections.patrols).toMatchObject({ pending: 2, refused: 0 });
    } finally {
      keeper.dispose();
    }
  });
});
