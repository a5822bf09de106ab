import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type FaultEvent } from '../domain/index';
import { testAuthor } from '../patrol/test-author';
import { nextFaultEvent, openFault } from './fault-events';
import { foldFault, type FaultRefusal } from './state-machine';

const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==';
const crew = { kind: 'crew_scope' as const, id: '530381', label: '会泽运维一组' };

function ticket() {
  const author = testAuthor();
  const opened = openFault(
    {
      siteId: 'site-1',
      divisionCode: '530381' as never,
      category: 'communication',
      severity: 'high',
      description: '铅封断开',
      patrolId: 'pt-1',
      itemId: 'seal-intact',
    },
    author,
  );
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const events: FaultEvent[] = [opened.value];
  const attempt = (input: Parameters<typeof nextFaultEvent>[1]) => {
    author.advance(3_600_000);
    return nextFaultEvent(foldFault(events), input, author);
  };
  const step = (input: Parameters<typeof nextFaultEvent>[1]) => {
    const r = attempt(input);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    events.push(r.value);
    return r.value;
  };
  const refusal = (input: Parameters<typeof nextFaultEvent>[1]): FaultRefusal | null => {
    const r = attempt(input);
    return r.ok ? null : r.error.code;
  };
  return { events, step, refusal };
}

/** The whole v2 walk: dispatch, accept, start, repair with parts, verify on site, sign, accept. */
function fullWalk() {
  const t = ticket();
  t.step({ type: 'dispatched', assignee: crew, dueAt: 1_900_000_000_000 });
  t.step({ type: 'accepted' });
  t.step({ type: 'in_progress' });
  const repair = t.step({
    type: 'repaired',
    actions: '更换铅封和通信模块',
    parts: [
      { part: '铅封', quantity: 2, serial: null },
      { part: '通信模块', quantity: 1, serial: 'SN-4471' },
    ],
  });
  t.step({ type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
  const signed = t.step({ type: 'signed', correctsEventId: repair.id, signature: png });
  const accepted = t.step({ type: 'sign_off_accepted', correctsEventId: signed.id });
  t.step({ type: 'verified', description: '平台收到数据' });
  return { ...t, repair, signed, accepted };
}

describe('dispatch, the crew’s verification and sign-off', () => {
  it('folds the whole walk into one state, every record valid', () => {
    const { events, repair, signed } = fullWalk();
    for (const e of events) {
      const v = validateRecord(collections.fault_events, e);
      expect(v.ok, v.ok ? '' : v.message).toBe(true);
    }
    const s = foldFault(events)!;
    expect(s).toMatchObject({
      status: 'verified',
      dispatch: { assignee: crew, dueAt: 1_900_000_000_000, acceptedAt: events[2]!.recordedAt },
      parts: [
        { part: '铅封', quantity: 2, serial: null },
        { part: '通信模块', quantity: 1, serial: 'SN-4471' },
      ],
      partsReplaced: ['铅封', '通信模块'],
      repairEventId: repair.id,
      skipReason: null,
      onsiteVerifiedAt: events[5]!.recordedAt,
      signOff: { status: 'accepted', signedEventId: signed.id, repairEventId: repair.id, signature: png },
      rejected: [],
    });
    expect(events[0]!.itemId).toBe('seal-intact');
  });

  it('refuses, by name, each event that cannot follow', () => {
    const cases: [string, (t: ReturnType<typeof ticket>) => FaultRefusal | null, FaultRefusal][] = [
      [
        'dispatch without a crew',
        (t) => t.refusal({ type: 'dispatched', dueAt: 1 }),
        'dispatch-without-assignee',
      ],
      [
        'dispatch without a due time',
        (t) => t.refusal({ type: 'dispatched', assignee: crew }),
        'dispatch-without-assignee',
      ],
      ['accepted before any dispatch', (t) => t.refusal({ type: 'accepted' }), 'accepted-before-dispatched'],
      [
        'accepted twice',
        (t) => {
          t.step({ type: 'dispatched', assignee: crew, dueAt: 5 });
          t.step({ type: 'accepted' });
          return t.refusal({ type: 'accepted' });
        },
        'already-accepted',
      ],
      [
        'a repair straight after opening, no reason',
        (t) => t.refusal({ type: 'repaired', actions: '更换' }),
        'repair-skipped-without-reason',
      ],
      [
        'a repair straight after accepting, blank reason',
        (t) => {
          t.step({ type: 'dispatched', assignee: crew, dueAt: 5 });
          t.step({ type: 'accepted' });
          return t.refusal({ type: 'repaired', actions: '更换', skipReason: '  ' });
        },
        'repair-skipped-without-reason',
      ],
      [
        'on-site verification before a repair',
        (t) => t.refusal({ type: 'onsite_verified', diagnosticSessionIds: ['d'] }),
        'onsite-verified-before-repaired',
      ],
      [
        'on-site verification without a session',
        (t) => {
          t.step({ type: 'in_progress' });
          t.step({ type: 'repaired', actions: '更换' });
          return t.refusal({ type: 'onsite_verified' });
        },
        'onsite-verification-without-evidence',
      ],
      [
        'the platform’s verification before the crew’s',
        (t) => {
          t.step({ type: 'in_progress' });
          t.step({ type: 'repaired', actions: '更换' });
          return t.refusal({ type: 'verified' });
        },
        'verified-before-onsite-verification',
      ],
      [
        'a dispatch after the repair',
        (t) => {
          t.step({ type: 'in_progress' });
          t.step({ type: 'repaired', actions: '更换' });
          return t.refusal({ type: 'dispatched', assignee: crew, dueAt: 5 });
        },
        'dispatch-after-repair',
      ],
      [
        'a signature without its image',
        (t) => {
          t.step({ type: 'in_progress' });
          const r = t.step({ type: 'repaired', actions: '更换' });
          return t.refusal({ type: 'signed', correctsEventId: r.id });
        },
        'signature-missing',
      ],
      [
        'a signature naming something other than the repair',
        (t) => {
          t.step({ type: 'in_progress' });
          t.step({ type: 'repaired', actions: '更换' });
          return t.refusal({ type: 'signed', correctsEventId: t.events[0]!.id, signature: png });
        },
        'signature-target-not-repair',
      ],
      [
        'a second signature while the first awaits review',
        (t) => {
          t.step({ type: 'in_progress' });
          const r = t.step({ type: 'repaired', actions: '更换' });
          t.step({ type: 'signed', correctsEventId: r.id, signature: png });
          return t.refusal({ type: 'signed', correctsEventId: r.id, signature: png });
        },
        'already-signed',
      ],
      [
        'a review of no signature',
        (t) => t.refusal({ type: 'sign_off_accepted', correctsEventId: 'x' }),
        'review-target-unknown',
      ],
      [
        'a return without a comment',
        (t) => {
          t.step({ type: 'in_progress' });
          const r = t.step({ type: 'repaired', actions: '更换' });
          const s = t.step({ type: 'signed', correctsEventId: r.id, signature: png });
          return t.refusal({ type: 'sign_off_returned', correctsEventId: s.id });
        },
        'return-without-comment',
      ],
      [
        'a second review',
        (t) => {
          t.step({ type: 'in_progress' });
          const r = t.step({ type: 'repaired', actions: '更换' });
          const s = t.step({ type: 'signed', correctsEventId: r.id, signature: png });
          t.step({ type: 'sign_off_accepted', correctsEventId: s.id });
          return t.refusal({ type: 'sign_off_returned', correctsEventId: s.id, description: '重签' });
        },
        'already-reviewed',
      ],
      [
        'a correction of an accepted repair',
        (t) => {
          t.step({ type: 'in_progress' });
          const r = t.step({ type: 'repaired', actions: '更换' });
          const s = t.step({ type: 'signed', correctsEventId: r.id, signature: png });
          t.step({ type: 'sign_off_accepted', correctsEventId: s.id });
          return t.refusal({ type: 'corrected', correctsEventId: r.id, actions: '改写' });
        },
        'locked-by-sign-off',
      ],
      [
        'a withdrawal of an accepted repair',
        (t) => {
          t.step({ type: 'in_progress' });
          const r = t.step({ type: 'repaired', actions: '更换' });
          const s = t.step({ type: 'signed', correctsEventId: r.id, signature: png });
          t.step({ type: 'sign_off_accepted', correctsEventId: s.id });
          return t.refusal({ type: 'withdrawn', correctsEventId: r.id, description: '填错' });
        },
        'locked-by-sign-off',
      ],
    ];
    for (const [name, run, expected] of cases) {
      expect({ name, refusal: run(ticket()) }).toEqual({ name, refusal: expected });
    }
  });

  it('a returned signature can be signed again; the skip of 开始处理 is kept with its reason', () => {
    const t = ticket();
    const r = t.step({ type: 'repaired', actions: '远程重启', skipReason: '到场前已远程恢复' });
    const first = t.step({ type: 'signed', correctsEventId: r.id, signature: png });
    t.step({ type: 'sign_off_returned', correctsEventId: first.id, description: '请补充零件序列号' });
    expect(foldFault(t.events)!.signOff).toMatchObject({ status: 'returned', comment: '请补充零件序列号' });
    // Unlocked while returned: the crew corrects, then signs again.
    t.step({
      type: 'corrected',
      correctsEventId: r.id,
      parts: [{ part: '天线', quantity: 1, serial: 'A-9' }],
    });
    const second = t.step({ type: 'signed', correctsEventId: r.id, signature: png });
    const s = foldFault(t.events)!;
    expect(s).toMatchObject({ skipReason: '到场前已远程恢复', parts: [{ part: '天线', serial: 'A-9' }] });
    expect(s.signOff).toMatchObject({ status: 'signed', signedEventId: second.id });
  });

  it('a locked withdrawal stays stored and is listed as refused by name, the repair kept', () => {
    const { events, repair } = fullWalk();
    const w = {
      ...events[1]!,
      id: 'w-1',
      type: 'withdrawn' as const,
      correctsEventId: repair.id,
      description: '填错',
    };
    const s = foldFault([...events, w])!;
    expect(s.repairEventId).toBe(repair.id);
    expect(s.rejected).toMatchObject([{ event: { id: 'w-1' }, reason: 'locked-by-sign-off' }]);
  });

  it('a repair saved before v2 (no skipReason field) folds as before and needs no on-site verification', () => {
    const t = ticket();
    const legacy = {
      ...t.events[0]!,
      id: 'legacy-r',
      type: 'repaired' as const,
      actions: '更换',
      recordedAt: t.events[0]!.recordedAt + 1,
    };
    delete (legacy as Partial<FaultEvent>).skipReason;
    delete (legacy as Partial<FaultEvent>).parts;
    const withNames = { ...legacy, partsReplaced: ['天线', '天线'] };
    const verified = {
      ...legacy,
      id: 'legacy-v',
      type: 'verified' as const,
      recordedAt: legacy.recordedAt + 1,
    };
    const s = foldFault([t.events[0]!, withNames, verified])!;
    expect(s).toMatchObject({ status: 'verified', rejected: [], onsiteVerificationRequired: false });
    expect(s.parts).toEqual([
      { part: '天线', quantity: 1, serial: null },
      { part: '天线', quantity: 1, serial: null },
    ]);
  });

  it('reaches the same state whatever order the walk’s events arrive in', () => {
    const { events } = fullWalk();
    const expected = foldFault(events)!;
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        (arrived) => {
          const s = foldFault(arrived)!;
          expect(s.history.map((e) => e.id)).toEqual(expected.history.map((e) => e.id));
          expect(s.signOff).toEqual(expected.signOff);
          expect(s.dispatch).toEqual(expected.dispatch);
          expect(s.status).toBe('verified');
        },
      ),
      { numRuns: 100 },
    );
  });
});
