import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleRecords } from '../domain/fixtures';
import { collections, validateRecord, type PatrolEvent, type Site } from '../domain/index';
import { checklistResults, parseChecklistConfig } from './checklist';
import { testAuthor } from './test-author';
import {
  checkIn,
  checkOut,
  checklistInForce,
  recordItem,
  summarizePatrol,
  visitLock,
  withdrawItem,
} from './visit';

const site = sampleRecords.sites as unknown as Site;
const config = parseChecklistConfig(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/checklists/intake.json'), 'utf8')),
);
if (!config.ok) {
  throw new Error(config.error.message);
}
const checklist = config.value;
const near = { lat: site.position.lat + 0.0005, lng: site.position.lng };

describe('a visit', () => {
  it('checks in, records items, checks out with its duration — every record valid for its collection', () => {
    const author = testAuthor();
    const patrol = checkIn(
      { site, checklist, position: near, accuracyM: 6, source: 'browser', radiusM: 200 },
      author,
    );
    if (!patrol.ok) {
      throw new Error(patrol.error.message);
    }
    expect(validateRecord(collections.patrols, patrol.value).ok).toBe(true);
    expect(patrol.value).toMatchObject({ checklistId: 'intake@1', outsideRadiusReason: null, radiusM: 200 });
    expect(patrol.value.checkIn.distanceM).toBeCloseTo(55.6, 0);

    const events: PatrolEvent[] = [];
    author.advance(60_000);
    const item = recordItem(
      patrol.value,
      events,
      checklist,
      { itemId: 'seal-intact', outcome: 'pass' },
      author,
    );
    if (!item.ok) {
      throw new Error(item.error.message);
    }
    expect(validateRecord(collections.patrol_events, item.value).ok).toBe(true);
    events.push(item.value);

    expect(
      recordItem(patrol.value, events, checklist, { itemId: 'rtu-clock', outcome: 'fail' }, author),
    ).toMatchObject({ ok: false, error: { code: 'note-required' } });
    expect(
      recordItem(patrol.value, events, checklist, { itemId: 'no-such', outcome: 'pass' }, author),
    ).toMatchObject({ ok: false, error: { code: 'unknown-item' } });
    const failed = recordItem(
      patrol.value,
      events,
      checklist,
      { itemId: 'rtu-clock', outcome: 'fail', note: '快 5 分钟' },
      author,
    );
    if (!failed.ok) {
      throw new Error(failed.error.message);
    }
    events.push(failed.value);

    author.advance(25 * 60_000);
    const out = checkOut(
      patrol.value,
      events,
      { position: near, accuracyM: 5, source: 'browser' },
      site,
      author,
    );
    if (!out.ok) {
      throw new Error(out.error.message);
    }
    expect(validateRecord(collections.patrol_events, out.value).ok).toBe(true);
    events.push(out.value);
    const summary = summarizePatrol(patrol.value, events);
    expect(summary).toMatchObject({ closed: true, durationMs: 26 * 60_000, failedItems: 1 });

    // Closed: nothing more is added, and a second check-out is refused.
    expect(
      checkOut(patrol.value, events, { position: near, accuracyM: 5, source: 'browser' }, site, author),
    ).toMatchObject({
      ok: false,
      error: { code: 'already-checked-out' },
    });
    expect(
      recordItem(patrol.value, events, checklist, { itemId: 'seal-intact', outcome: 'pass' }, author),
    ).toMatchObject({
      ok: false,
      error: { code: 'already-checked-out' },
    });
  });

  it('refuses a check-out without a check-in, and one before the check-in time', () => {
    const author = testAuthor();
    expect(checkOut(null, [], { position: near, accuracyM: 5, source: 'gnss' }, site, author)).toMatchObject({
      ok: false,
      error: { code: 'not-checked-in' },
    });
    const patrol = checkIn(
      { site, checklist, position: near, accuracyM: 6, source: 'gnss', radiusM: 200 },
      author,
    );
    if (!patrol.ok) {
      throw new Error(patrol.error.message);
    }
    author.advance(-3_600_000);
    expect(
      checkOut(patrol.value, [], { position: near, accuracyM: 5, source: 'gnss' }, site, author),
    ).toMatchObject({
      ok: false,
      error: { code: 'check-out-before-check-in' },
    });
  });

  it('needs a reason far from the site, and the checklist of the site kind', () => {
    const author = testAuthor();
    const far = { lat: site.position.lat + 0.01, lng: site.position.lng };
    expect(
      checkIn({ site, checklist, position: far, accuracyM: 6, source: 'gnss', radiusM: 200 }, author),
    ).toMatchObject({
      ok: false,
      error: { code: 'reason-required' },
    });
    const ok = checkIn(
      { site, checklist, position: far, accuracyM: 6, source: 'gnss', radiusM: 200, reason: '桥梁封闭' },
      author,
    );
    expect(ok).toMatchObject({ ok: true, value: { outsideRadiusReason: '桥梁封闭' } });
    expect(
      checkIn(
        {
          site: { ...site, kind: 'boundary_section' },
          checklist,
          position: near,
          accuracyM: 6,
          source: 'gnss',
          radiusM: 200,
        },
        author,
      ),
    ).toMatchObject({ ok: false, error: { code: 'wrong-checklist' } });
  });

  it('corrects an answer only with a reason, withdraws one with a reason, and keeps every result', () => {
    const author = testAuthor();
    const patrol = checkIn(
      { site, checklist, position: near, accuracyM: 6, source: 'browser', radiusM: 200 },
      author,
    );
    if (!patrol.ok) {
      throw new Error(patrol.error.message);
    }
    const events: PatrolEvent[] = [];
    const push = (r: ReturnType<typeof recordItem>) => {
      if (!r.ok) {
        throw new Error(r.error.message);
      }
      events.push(r.value);
      author.advance(1000);
    };
    const item = { itemId: 'seal-intact' };
    expect(withdrawItem(patrol.value, events, { ...item, reason: '点错' }, author)).toMatchObject({
      ok: false,
      error: { code: 'nothing-to-withdraw' },
    });
    push(recordItem(patrol.value, events, checklist, { ...item, outcome: 'pass' }, author));
    expect(recordItem(patrol.value, events, checklist, { ...item, outcome: 'fail' }, author)).toMatchObject({
      ok: false,
      error: { code: 'correction-reason-required' },
    });
    expect(
      recordItem(patrol.value, events, checklist, { ...item, outcome: 'na', note: 'x'.repeat(2001) }, author),
    ).toMatchObject({ ok: false, error: { code: 'note-too-long' } });
    push(recordItem(patrol.value, events, checklist, { ...item, outcome: 'fail', note: '铅封断开' }, author));
    expect(withdrawItem(patrol.value, events, { ...item, reason: ' ' }, author)).toMatchObject({
      ok: false,
      error: { code: 'correction-reason-required' },
    });
    push(withdrawItem(patrol.value, events, { ...item, reason: '看错了站点的铅封' }, author));
    expect(events.every((e) => validateRecord(collections.patrol_events, e).ok)).toBe(true);
    const results = checklistResults(checklist, events);
    expect(results.byItem.get('seal-intact')).toMatchObject({ outcome: null, superseded: 2 });
    expect(results.missing).toContain('seal-intact');
    // Answering again after a withdrawal is a fresh answer: no reason needed.
    push(recordItem(patrol.value, events, checklist, { ...item, outcome: 'pass' }, author));
    expect(checklistResults(checklist, events).missing).not.toContain('seal-intact');
    expect(events).toHaveLength(4);
    // Each correction and the withdrawal name the answer they replace; the first answer names none.
    expect(events.map((e) => e.supersedesId)).toEqual([null, events[0]!.id, events[1]!.id, events[2]!.id]);
  });
});

describe('a visit whose sign-off a supervisor accepted', () => {
  const signedVisit = () => {
    const author = testAuthor();
    const patrol = checkIn(
      { site, checklist, position: near, accuracyM: 6, source: 'browser', radiusM: 200 },
      author,
    );
    if (!patrol.ok) {
      throw new Error(patrol.error.message);
    }
    const events: PatrolEvent[] = [];
    author.advance(60_000);
    const failed = recordItem(
      patrol.value,
      events,
      checklist,
      { itemId: 'seal-intact', outcome: 'fail', note: '铅封断开' },
      author,
    );
    if (!failed.ok) {
      throw new Error(failed.error.message);
    }
    events.push(failed.value);
    const base = { ...failed.value, itemId: null, outcome: null, note: null, supersedesId: null };
    author.advance(60_000);
    const signed: PatrolEvent = {
      ...base,
      id: author.newId(),
      type: 'signed',
      signature: 'data:image/png;base64,AAAA',
      refersToId: null,
      recordedAt: author.now(),
    };
    author.advance(60_000);
    const accepted: PatrolEvent = {
      ...base,
      id: author.newId(),
      type: 'sign_off_accepted',
      signature: null,
      refersToId: signed.id,
      recordedAt: author.now(),
    };
    events.push(signed, accepted);
    author.advance(60_000);
    return { author, patrol: patrol.value, events };
  };

  it('refuses a new answer, a withdrawal and a check-out as locked, so the checklist card cannot change it', () => {
    const { author, patrol, events } = signedVisit();
    expect(
      recordItem(patrol, events, checklist, { itemId: 'rtu-clock', outcome: 'pass' }, author),
    ).toMatchObject({ ok: false, error: { code: 'locked-by-sign-off' } });
    expect(
      recordItem(
        patrol,
        events,
        checklist,
        { itemId: 'seal-intact', outcome: 'pass', note: '其实完好' },
        author,
      ),
    ).toMatchObject({ ok: false, error: { code: 'locked-by-sign-off' } });
    expect(withdrawItem(patrol, events, { itemId: 'seal-intact', reason: '误报' }, author)).toMatchObject({
      ok: false,
      error: { code: 'locked-by-sign-off' },
    });
    expect(
      checkOut(patrol, events, { position: near, accuracyM: 5, source: 'browser' }, site, author),
    ).toMatchObject({ ok: false, error: { code: 'locked-by-sign-off' } });
    expect(visitLock(patrol, events)).toBe('signed-off');
  });

  it('reads the answers in force: one written after the acceptance (another laptop, offline) is left out', () => {
    const { author, patrol, events } = signedVisit();
    const late: PatrolEvent = {
      ...events[0]!,
      id: author.newId(),
      outcome: 'pass',
      note: '其实完好',
      supersedesId: events[0]!.id,
      recordedAt: author.now(),
    };
    const all = [...events, late];
    const view = checklistInForce(checklist, patrol, all);
    expect(view.lock).toBe('signed-off');
    expect(view.results.byItem.get('seal-intact')?.outcome).toBe('fail');
    // A returned sign-off does not lock: the crew may correct and sign again.
    const returned = events.map((e) =>
      e.type === 'sign_off_accepted' ? { ...e, type: 'sign_off_returned' as const, note: '补拍照片' } : e,
    );
    expect(visitLock(patrol, returned)).toBeNull();
    expect(recordItem(patrol, returned, checklist, { itemId: 'rtu-clock', outcome: 'pass' }, author).ok).toBe(
      true,
    );
  });
});
