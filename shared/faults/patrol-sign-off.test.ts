import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import { collections, validateRecord, type PatrolEvent } from '../domain/index';
import { foldPatrolSignOff } from './patrol-sign-off';

const png = 'data:image/png;base64,iVBORw0KGgo=';
const base = {
  ...sampleRecords.patrol_events,
  supersedesId: null,
  signature: null,
  refersToId: null,
} as PatrolEvent;
const ev = (id: string, type: PatrolEvent['type'], recordedAt: number, extra: Partial<PatrolEvent> = {}) => ({
  ...base,
  id,
  type,
  recordedAt,
  itemId: null,
  outcome: null,
  ...extra,
});

describe('patrol sign-off', () => {
  const answer = ev('a1', 'checklist_item', 1, { itemId: 'seal-intact', outcome: 'fail' });
  const signed = ev('s1', 'signed', 2, { signature: png });
  const accepted = ev('r1', 'sign_off_accepted', 3, { refersToId: 's1', operatorId: 'sup-1' });
  const lateAnswer = ev('a2', 'checklist_item', 4, {
    itemId: 'seal-intact',
    outcome: 'pass',
    supersedesId: 'a1',
  });
  const lateNote = ev('n1', 'note', 5, { note: '补充说明' });

  it('signed then accepted: the record is locked — a later answer refused by name, a note kept', () => {
    for (const e of [signed, accepted]) {
      expect(validateRecord(collections.patrol_events, e).ok).toBe(true);
    }
    const s = foldPatrolSignOff([answer, signed, accepted, lateAnswer, lateNote]);
    expect(s.signOff).toMatchObject({
      status: 'accepted',
      signedEventId: 's1',
      signature: png,
      reviewedBy: 'sup-1',
    });
    expect(s.rejected).toEqual([{ event: lateAnswer, reason: 'locked-by-sign-off' }]);
    expect(s.inForce.map((e) => e.id)).toEqual(['a1', 's1', 'r1', 'n1']);
  });

  it('refuses, by name: a review of nothing, a second review, a return without comment, a signature without image', () => {
    const table: [PatrolEvent[], string][] = [
      [[ev('x', 'sign_off_accepted', 3, { refersToId: 'none' })], 'review-target-unknown'],
      [
        [signed, accepted, ev('x', 'sign_off_returned', 4, { refersToId: 's1', note: '再看看' })],
        'already-reviewed',
      ],
      [[signed, ev('x', 'sign_off_returned', 4, { refersToId: 's1' })], 'return-without-comment'],
      [[ev('x', 'signed', 2)], 'signature-missing'],
      [[signed, ev('x', 'signed', 3, { signature: png })], 'already-signed'],
    ];
    for (const [events, reason] of table) {
      expect(foldPatrolSignOff(events).rejected.map((r) => [r.event.id, r.reason])).toEqual([['x', reason]]);
    }
  });

  it('returned with a comment: unlocked, signed again, the answer made meanwhile stands', () => {
    const returned = ev('r1', 'sign_off_returned', 3, { refersToId: 's1', note: '缺照片' });
    const again = ev('s2', 'signed', 5, { signature: png });
    const s = foldPatrolSignOff([answer, signed, returned, lateAnswer, again]);
    expect(s.signOff).toMatchObject({ status: 'signed', signedEventId: 's2' });
    expect(s.rejected).toEqual([]);
  });

  it('the same sign-off and lock whatever order the events arrive in', () => {
    const all = [answer, signed, accepted, lateAnswer, lateNote];
    const expected = foldPatrolSignOff(all);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (arrived) => {
        const s = foldPatrolSignOff(arrived);
        expect(s.signOff).toEqual(expected.signOff);
        expect(s.rejected).toEqual(expected.rejected);
      }),
      { numRuns: 50 },
    );
  });
});
