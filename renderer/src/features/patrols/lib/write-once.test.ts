import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { EventCollectionName, FaultEvent, Patrol, PatrolEvent, Site } from '#shared/domain/index';
import { nextFaultEvent, openFault } from '#shared/faults/fault-events';
import { foldFault } from '#shared/faults/state-machine';
import { systemAuthor } from '#shared/patrol/author';
import { parseChecklistConfig } from '#shared/patrol/checklist';
import { baseDataChecks, proposeCorrection } from '#shared/patrol/corrections';
import { buildPhotoMeta } from '#shared/patrol/photo-meta';
import { buildReading, correctReading } from '#shared/patrol/readings';
import { addNote, checkIn, checkOut, recordItem, withdrawItem } from '#shared/patrol/visit';
import type { Result } from '#shared/result';
import type { AppDatabase } from '../../../db/database';
import { openAppDatabase } from '../../../db/open-database';
import { testKey, uniqueDbName } from '../../../db/test-support';
import { writeFieldEvents, type FieldEventWrite } from '../../../db/write-events';
import { actionAuthor, WriteOnce, type Built } from './write-once';

// Real RxDB + Dexie over fake-indexeddb; every writing button of the patrol and fault forms is driven
// through the same `WriteOnce` the forms use, with the same record builders.
const text = (zh: string) => ({ 'zh-CN': zh, 'en-US': zh });
const config = parseChecklistConfig({
  id: 'intake',
  version: 1,
  siteKind: 'intake',
  title: text('取用水户监测点巡查'),
  sections: [
    {
      id: 'meter',
      title: text('计量'),
      items: [
        { id: 'seal-intact', title: text('铅封完好') },
        { id: 'rtu-clock', title: text('终端时钟') },
      ],
    },
  ],
});
if (!config.ok) {
  throw new Error(config.error.message);
}
const checklist = config.value;
const site = sampleRecords.sites as unknown as Site;
const author = systemAuthor('device-test', 'crew-test');

let db: AppDatabase;
beforeAll(async () => {
  const opened = await openAppDatabase({ name: uniqueDbName('once'), key: testKey, devMode: false });
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  db = opened.value;
});
afterAll(async () => {
  await db.close();
});

function built<T extends { readonly id: string }>(
  made: Result<T, string>,
  collection: EventCollectionName,
  extra: readonly FieldEventWrite[] = [],
): Built<T> {
  return made.ok
    ? {
        ok: true,
        records: made.value,
        items: [{ collection, record: made.value }, ...extra],
      }
    : { ok: false, code: made.error.code, message: made.error.message };
}

async function count(collection: EventCollectionName, selector: Record<string, unknown>): Promise<number> {
  // The selector is checked by RxDB at run time; its static type differs per collection.
  return (await db.collections[collection].find({ selector: selector as never }).exec()).length;
}

/**
 * Clicks a button the ways a crew does: a double-click (the second click lands while the first is
 * being written), a click again once saved, a click on the form as it was reset after the save, and a
 * retry after a failed write. Returns the saved records.
 */
async function clickEveryWay<T>(key: string, build: () => Built<T>, resetKey = `${key}|reset`): Promise<T> {
  // A retry after an error: the first write fails before reaching the store, the retry writes the
  // very same records (ids and times drawn once).
  let failNext = true;
  const once = new WriteOnce(async (items) => {
    if (failNext) {
      failNext = false;
      return {
        ok: false,
        error: { code: 'storage', message: 'disk full (simulated)', issues: [] },
      };
    }
    return writeFieldEvents(db, items);
  });
  const failed = await once.run(key, build);
  expect(failed.status).toBe('failed');

  const [first, second] = await Promise.all([once.run(key, build), once.run(key, build)]);
  expect(first.status).toBe('saved');
  expect(second.status).toBe('busy');
  const again = await once.run(key, build);
  expect(again).toMatchObject({ status: 'saved', repeated: true });
  const afterReset = await once.run(resetKey, build);
  expect(afterReset).toMatchObject({ status: 'saved', repeated: true });
  if (first.status !== 'saved') {
    throw new Error('not saved');
  }
  return first.records;
}

describe('every writing button saves once', () => {
  it('check-in (with co-workers), checklist, readings, photos, faults, base data, check-out', async () => {
    // 签到 with a co-worker: the patrol and its note, one action.
    const patrol = await clickEveryWay('check-in', () => {
      const at = actionAuthor(author);
      const made = checkIn(
        { site, checklist, position: site.position, accuracyM: 5, source: 'browser', radiusM: 200 },
        at,
      );
      if (!made.ok) {
        return built(made, 'patrols');
      }
      const note = addNote(made.value, [], '同行人员：王工', [], at);
      return built(made, 'patrols', note.ok ? [{ collection: 'patrol_events', record: note.value }] : []);
    });
    expect(await count('patrols', { siteId: site.id })).toBe(1);
    expect(await count('patrol_events', { patrolId: patrol.id, type: 'note' })).toBe(1);

    const events = async () =>
      (await db.collections.patrol_events.find({ selector: { patrolId: patrol.id } }).exec()).map(
        (d) => d.toJSON() as PatrolEvent,
      );
    const item = async (itemId: string, outcome: 'pass' | 'fail' | 'na', note = '') => {
      const now = await events();
      return clickEveryWay(`${itemId}|${outcome}|${note}`, () =>
        built(
          recordItem(patrol as Patrol, now, checklist, { itemId, outcome, note }, actionAuthor(author)),
          'patrol_events',
        ),
      );
    };
    // 合格, 不合格 with its note, a correction with its reason, a withdrawal with its reason.
    await item('seal-intact', 'pass');
    await item('rtu-clock', 'fail', '终端时钟快 6 分钟');
    await item('seal-intact', 'fail', '复查发现铅封断开');
    const beforeWithdraw = await events();
    await clickEveryWay('withdraw', () =>
      built(
        withdrawItem(
          patrol as Patrol,
          beforeWithdraw,
          { itemId: 'rtu-clock', reason: '误点' },
          actionAuthor(author),
        ),
        'patrol_events',
      ),
    );
    expect(await count('patrol_events', { patrolId: patrol.id, itemId: 'seal-intact' })).toBe(2);
    expect(await count('patrol_events', { patrolId: patrol.id, itemId: 'rtu-clock' })).toBe(2);

    // 记录读数, then its 更正.
    const reading = await clickEveryWay('volume|1234.5|m³|', () =>
      built(
        buildReading(
          {
            siteId: site.id,
            divisionCode: site.divisionCode,
            patrolId: patrol.id,
            equipmentId: null,
            element: 'volume',
            value: 1234.5,
            unit: 'm³',
            source: 'manual',
            diagnosticSessionId: null,
            note: null,
          },
          actionAuthor(author),
        ),
        'readings',
      ),
    );
    expect(await count('readings', { patrolId: patrol.id })).toBe(1);
    await clickEveryWay('1243.5|m³|抄错', () =>
      built(
        correctReading(
          reading,
          [reading],
          { value: 1243.5, unit: 'm³', reason: '抄错' },
          actionAuthor(author),
        ),
        'readings',
      ),
    );
    expect(await count('readings', { patrolId: patrol.id })).toBe(2);
    expect(await count('readings', { supersedesId: reading.id })).toBe(1);

    // 导入照片 (the metadata record once the host has stored the image).
    await clickEveryWay(`${'b'.repeat(64)}|seal-intact`, () => {
      const meta = buildPhotoMeta(
        {
          storedSha256: 'b'.repeat(64),
          originalSha256: 'a'.repeat(64),
          bytes: 345_678,
          originalBytes: 4_567_890,
          width: 2048,
          height: 1536,
          takenAt: 1_764_000_000_000,
          takenAtSource: 'exif',
          position: null,
          positionSource: 'none',
          exif: { present: true, time: true, gps: false },
          watermarked: true,
          stamp: [],
        },
        { site, patrolId: patrol.id, faultId: null, checklistItemId: 'seal-intact', caption: null },
        actionAuthor(author),
      );
      return { ok: true, records: meta, items: [{ collection: 'photos', record: meta }] };
    });
    expect(await count('photos', { patrolId: patrol.id })).toBe(1);

    // 开具故障单, then each crew action on it, and a correction of an event.
    const opened = await clickEveryWay('open-fault', () =>
      built(
        openFault(
          {
            siteId: site.id,
            divisionCode: site.divisionCode,
            category: 'rtu',
            severity: 'medium',
            description: 'RTU 时钟漂移',
            patrolId: patrol.id,
          },
          actionAuthor(author),
        ),
        'fault_events',
      ),
    );
    const faultId = opened.faultId;
    const faultEvents = async () =>
      (await db.collections.fault_events.find({ selector: { faultId } }).exec()).map(
        (d) => d.toJSON() as FaultEvent,
      );
    const faultAction = async (input: Parameters<typeof nextFaultEvent>[1]) => {
      const state = foldFault(await faultEvents());
      return clickEveryWay(JSON.stringify(input), () =>
        built(nextFaultEvent(state, input, actionAuthor(author)), 'fault_events'),
      );
    };
    await faultAction({ type: 'in_progress' });
    await faultAction({ type: 'comment', description: '等待备件' });
    await faultAction({
      type: 'corrected',
      correctsEventId: opened.id,
      category: 'communication',
      description: '实为通信故障',
    });
    await faultAction({ type: 'repaired', actions: '更换通信模块', partsReplaced: ['4G 模块'] });
    expect((await faultEvents()).map((e) => e.type).sort()).toEqual(
      ['comment', 'corrected', 'in_progress', 'opened', 'repaired'].sort(),
    );

    // 基础数据更正 and 全部核对一致.
    const check = baseDataChecks.find((c) => c.key === 'site-name')!;
    await clickEveryWay('site-name|"新名称"|现场铭牌', () =>
      built(
        proposeCorrection(
          {
            siteId: site.id,
            divisionCode: site.divisionCode,
            check,
            targetId: site.id,
            current: site.name,
            proposedJson: '"新名称"',
            reason: '现场铭牌',
            patrolId: patrol.id,
          },
          actionAuthor(author),
        ),
        'corrections',
      ),
    );
    expect(await count('corrections', { patrolId: patrol.id })).toBe(1);
    const beforeConfirm = await events();
    await clickEveryWay('confirm-all', () =>
      built(
        addNote(patrol as Patrol, beforeConfirm, '基础数据核查：与现场一致', [], actionAuthor(author)),
        'patrol_events',
      ),
    );
    expect(await count('patrol_events', { patrolId: patrol.id, type: 'note' })).toBe(2);

    // 签退.
    const beforeOut = await events();
    await clickEveryWay('check-out', () =>
      built(
        checkOut(
          patrol as Patrol,
          beforeOut,
          { position: null, accuracyM: null, source: 'none' },
          site,
          actionAuthor(author),
        ),
        'patrol_events',
      ),
    );
    expect(await count('patrol_events', { patrolId: patrol.id, type: 'check_out' })).toBe(1);
  });

  it('an edit after a save makes the next click a new record; a refusal writes nothing', async () => {
    const once = new WriteOnce((items) => writeFieldEvents(db, items));
    const make = (value: number) => () =>
      built(
        buildReading(
          {
            siteId: 'site-edit',
            divisionCode: site.divisionCode,
            patrolId: null,
            equipmentId: null,
            element: 'flow',
            value,
            unit: 'm³/h',
            source: 'manual',
            diagnosticSessionId: null,
            note: null,
          },
          actionAuthor(author),
        ),
        'readings',
      );
    expect(await once.run('12', make(12))).toMatchObject({ status: 'saved', repeated: false });
    // Without an edit, another click (even on a form reset to other input) is the same action.
    expect(await once.run('', make(0))).toMatchObject({ status: 'saved', repeated: true });
    // The same value typed again after an edit is a new reading (the crew read it again).
    once.edited();
    expect(once.holds('12')).toBe(false);
    expect(await once.run('12', make(12))).toMatchObject({ status: 'saved', repeated: false });
    expect(once.holds('12')).toBe(true);
    once.edited();
    expect(await once.run('13', make(13))).toMatchObject({ status: 'saved', repeated: false });
    once.edited();
    expect(await once.run('-3', make(-3))).toMatchObject({ status: 'refused', code: 'below-minimum' });
    expect(await count('readings', { siteId: 'site-edit' })).toBe(3);
  });
});
