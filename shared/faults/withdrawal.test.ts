import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type FaultEvent } from '../domain/index';
import { testAuthor } from '../patrol/test-author';
import { nextFaultEvent, openFault } from './fault-events';
import { foldFault, isOpen } from './state-machine';

function ticket() {
  const author = testAuthor();
  const opened = openFault(
    {
      siteId: 'site-1',
      divisionCode: '530381' as never,
      category: 'power',
      severity: 'medium',
      description: '蓄电池电压低',
    },
    author,
  );
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const events: FaultEvent[] = [opened.value];
  const step = (input: Parameters<typeof nextFaultEvent>[1]) => {
    author.advance(3_600_000);
    const r = nextFaultEvent(foldFault(events), input, author);
    if (!r.ok) {
      throw new Error(`${r.error.code}: ${r.error.message}`);
    }
    events.push(r.value);
    return r.value;
  };
  return { author, events, step };
}

describe('withdrawing a fault event', () => {
  it('re-folds without the withdrawn repair: the ticket is open again, both events stay listed', () => {
    const { events, step } = ticket();
    step({ type: 'in_progress' });
    const repair = step({ type: 'repaired', actions: '更换蓄电池' });
    expect(foldFault(events)!.status).toBe('repaired');
    const withdrawal = step({
      type: 'withdrawn',
      correctsEventId: repair.id,
      description: '记错了站点，此站未维修',
    });
    expect(validateRecord(collections.fault_events, withdrawal).ok).toBe(true);
    const s = foldFault(events)!;
    expect(s.status).toBe('in_progress');
    expect(isOpen(s)).toBe(true);
    expect(s.repairedAt).toBeNull();
    expect(s.actions).toBeNull();
    expect(s.history.map((e) => e.id)).not.toContain(repair.id);
    expect(s.withdrawn).toEqual([{ event: repair, by: withdrawal }]);
    expect(s.rejected).toEqual([]);
  });

  it('takes back a correction, so the corrected description returns', () => {
    const { events, step } = ticket();
    const correction = step({ type: 'corrected', correctsEventId: events[0]!.id, description: '通信中断' });
    expect(foldFault(events)!.description).toBe('通信中断');
    step({ type: 'withdrawn', correctsEventId: correction.id, description: '更正有误' });
    expect(foldFault(events)!.description).toBe('蓄电池电压低');
  });

  it('holds back a later event that needed the withdrawn one (a verdict on a repair taken back)', () => {
    const { author, events, step } = ticket();
    const repair = step({ type: 'repaired', actions: '更换蓄电池', skipReason: '到场即修' });
    step({ type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
    step({ type: 'verified' });
    author.advance(60_000);
    const w = nextFaultEvent(
      foldFault(events),
      { type: 'withdrawn', correctsEventId: repair.id, description: '维修记录填错' },
      author,
    );
    expect(w.ok).toBe(true);
    const s = foldFault([...events, ...(w.ok ? [w.value] : [])])!;
    expect(s.status).toBe('open');
    expect(s.rejected.map((r) => r.reason)).toEqual([
      'onsite-verified-before-repaired',
      'verified-before-repaired',
    ]);
  });

  it('refuses a withdrawal without a reason, of an unknown event, or of what a crew cannot take back', () => {
    const { events, step, author } = ticket();
    const comment = step({ type: 'comment', description: '已联系厂家' });
    const state = foldFault(events);
    const refusal = (input: Parameters<typeof nextFaultEvent>[1]) => {
      const r = nextFaultEvent(state, input, author);
      return r.ok ? null : r.error.code;
    };
    expect(refusal({ type: 'withdrawn', correctsEventId: comment.id, description: '  ' })).toBe(
      'withdrawal-reason-required',
    );
    expect(refusal({ type: 'withdrawn', correctsEventId: 'nope', description: '误录' })).toBe(
      'withdrawal-target-unknown',
    );
    expect(refusal({ type: 'withdrawn', correctsEventId: events[0]!.id, description: '误录' })).toBe(
      'not-withdrawable',
    );
    expect(refusal({ type: 'withdrawn', correctsEventId: comment.id, description: '误录' })).toBeNull();
  });

  it('lists a withdrawal of another fault’s event as rejected and folds as if it were absent', () => {
    const a = ticket();
    const b = ticket();
    const foreign = {
      ...b.step({ type: 'comment', description: '另一张工单' }),
      id: 'b-comment',
      faultId: 'fault-b',
    };
    const stray: FaultEvent = {
      ...a.step({ type: 'comment', description: 'x' }),
      id: 'w-stray',
      type: 'withdrawn',
      correctsEventId: foreign.id,
      description: '误录',
    };
    // Handed the other fault's event too, the fold still takes back nothing of another ticket.
    const s = foldFault([...a.events, stray, foreign])!;
    expect(s.rejected).toContainEqual({ event: stray, reason: 'withdrawal-target-unknown' });
    expect(s.rejected).toContainEqual({ event: foreign, reason: 'wrong-fault' });
    expect(s.withdrawn).toEqual([]);
  });

  it('gives the same state whatever order the events arrive in', () => {
    const { events, step } = ticket();
    step({ type: 'in_progress' });
    const repair = step({ type: 'repaired', actions: '更换蓄电池' });
    step({ type: 'comment', description: '等待平台核验' });
    step({ type: 'withdrawn', correctsEventId: repair.id, description: '维修未完成' });
    const expected = foldFault(events)!;
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        const s = foldFault(shuffled)!;
        expect(s.status).toBe(expected.status);
        expect(s.history.map((e) => e.id)).toEqual(expected.history.map((e) => e.id));
        expect(s.withdrawn.map((w) => w.event.id)).toEqual([repair.id]);
      }),
    );
  });
});
