import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';
import type { AppDatabase } from './database';
import { openAppDatabase } from './open-database';
import { samplePatrol, testKey, uniqueDbName } from './test-support';
import { writeFieldEvent, writeFieldEvents, type FieldEventWrite } from './write-events';

// Real RxDB + Dexie over fake-indexeddb (Node has no IndexedDB).
let db: AppDatabase;
beforeAll(async () => {
  const result = await openAppDatabase({ name: uniqueDbName('write'), key: testKey, devMode: false });
  if (!result.ok) {
    throw new Error(result.error.message);
  }
  db = result.value;
});
afterAll(async () => {
  await db.close();
});

describe('writeFieldEvent', () => {
  it('stores a valid patrol and returns the parsed record', async () => {
    const patrol = samplePatrol();
    const result = await writeFieldEvent(db, 'patrols', patrol);
    expect(result).toMatchObject({ ok: true, value: { id: patrol.id, siteId: 'site-1' } });
    expect((await db.collections.patrols.findOne(patrol.id).exec())?.checkIn.source).toBe('gnss');
  });

  it('refuses an invalid record naming the field and the rule, and stores nothing', async () => {
    const patrol = samplePatrol({ siteId: '', radiusM: -5 });
    const result = await writeFieldEvent(db, 'patrols', patrol);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid');
      expect(result.error.message).toContain('patrols: siteId:');
      expect(result.error.message).toContain('radiusM:');
      expect(result.error.issues.map((i) => [i.field, i.rule])).toEqual([
        ['siteId', 'too_small'],
        ['radiusM', 'too_small'],
      ]);
    }
    expect(await db.collections.patrols.findOne(patrol.id).exec()).toBeNull();
  });

  it('treats the same event written twice as a no-op and other content under its id as a conflict', async () => {
    const patrol = samplePatrol();
    expect((await writeFieldEvents(db, [{ collection: 'patrols', record: patrol }])).ok).toBe(true);
    const again = await writeFieldEvents(db, [{ collection: 'patrols', record: patrol }]);
    expect(again).toEqual({ ok: true, value: { written: [], alreadyPresent: [patrol.id] } });
    const changed = await writeFieldEvent(db, 'patrols', { ...patrol, radiusM: 999 });
    expect(changed.ok).toBe(false);
    if (!changed.ok) {
      expect(changed.error.code).toBe('conflict');
      expect(changed.error.message).toContain('append-only');
    }
    expect((await db.collections.patrols.findOne(patrol.id).exec())?.radiusM).toBe(200);
  });

  it('writes nothing of a batch when one item is invalid', async () => {
    const patrol = samplePatrol();
    const event = { ...sampleRecords.patrol_events, id: newId(), patrolId: patrol.id };
    const badReading = { ...sampleRecords.readings, id: newId(), value: 'lots' };
    const items: FieldEventWrite[] = [
      { collection: 'patrols', record: patrol },
      { collection: 'patrol_events', record: event },
      { collection: 'readings', record: badReading },
    ];
    const result = await writeFieldEvents(db, items);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(/^item 3: readings: value:/);
    }
    expect(await db.collections.patrols.findOne(patrol.id).exec()).toBeNull();
    expect(await db.collections.patrol_events.findOne(event.id).exec()).toBeNull();
  });

  it('refuses base data: the device proposes changes through corrections', async () => {
    const result = await writeFieldEvents(db, [
      { collection: 'sites', record: sampleRecords.sites } as unknown as FieldEventWrite,
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'not-an-event' } });
    expect(await db.collections.sites.count().exec()).toBe(0);
  });
});
