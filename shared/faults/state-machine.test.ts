import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type FaultEvent } from '../domain/index';
import { testAuthor } from '../patrol/test-author';
import { nextFaultEvent, openFault } from './fault-events';
import { foldFault, foldFaults, refuseEvent } from './state-machine';

function lifecycle() {
  const author = testAuthor();
  const opened = openFault(
    {
      siteId: 'site-1',
      divisionCode: '530381' as never,
      category: 'communication',
      severity: 'high',
      description: 'RTU 无应答',
      patrolId: 'pt-1',
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
      throw new Error(r.error.message);
    }
    events.push(r.value);
    return r.value;
  };
  return { author, events, step };
}

describe('fault state machine', () => {
  it('folds opened → in progress → repaired → verified, with valid records', () => {
    const { events, step } = lifecycle();
    step({ type: 'in_progress' });
    step({ type: 'backfill_required', backfillFrom: 1_763_900_000_000, backfillTo: 1_764_000_000_000 });
    step({ type: 'repaired', actions: '更换 GPRS 模块', partsReplaced: ['GPRS 模块'] });
    step({ type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
    step({ type: 'verified', description: '平台连续 24 小时收到数据' });
    step({ type: 'backfill_done' });
    for (const e of events) {
      expect(validateRecord(collections.fault_events, e).ok).toBe(true);
    }
    const s = foldFault(events)!;
    expect(s).toMatchObject({
      status: 'verified',
      category: 'communication',
      actions: '更换 GPRS 模块',
      partsReplaced: ['GPRS 模块'],
      backfill: { required: true, doneAt: events[6]!.recordedAt },
      rejected: [],
    });
    expect(s.closedAt! - s.openedAt).toBe(5 * 3_600_000);
  });

  it('refuses an event that cannot follow, naming the reason, and changes nothing', () => {
    const { author, events, step } = lifecycle();
    const before = JSON.stringify(foldFault(events));
    const verify = nextFaultEvent(foldFault(events), { type: 'verified' }, author);
    expect(verify).toMatchObject({ ok: false, error: { code: 'verified-before-repaired' } });
    expect(nextFaultEvent(foldFault(events), { type: 'reopened' }, author)).toMatchObject({
      ok: false,
      error: { code: 'reopened-before-repaired' },
    });
    expect(nextFaultEvent(foldFault(events), { type: 'repaired', actions: '  ' }, author)).toMatchObject({
      ok: false,
      error: { code: 'repair-without-actions' },
    });
    expect(nextFaultEvent(foldFault(events), { type: 'backfill_done' }, author)).toMatchObject({
      ok: false,
      error: { code: 'backfill-done-before-required' },
    });
    expect(
      nextFaultEvent(
        foldFault(events),
        { type: 'backfill_required', backfillFrom: 5, backfillTo: 5 },
        author,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'backfill-window-invalid' },
    });
    expect(
      nextFaultEvent(foldFault(events), { type: 'corrected', correctsEventId: 'nope' }, author),
    ).toMatchObject({
      ok: false,
      error: { code: 'correction-target-unknown' },
    });
    expect(nextFaultEvent(null, { type: 'comment' }, author)).toMatchObject({
      ok: false,
      error: { code: 'not-opened' },
    });
    expect(JSON.stringify(foldFault(events))).toBe(before);
    step({ type: 'repaired', actions: '重启', skipReason: '远程重启即恢复' });
    step({ type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
    step({ type: 'verified' });
    expect(nextFaultEvent(foldFault(events), { type: 'verified' }, author)).toMatchObject({
      ok: false,
      error: { code: 'already-closed' },
    });
    expect(refuseEvent(foldFault(events), events[0]!)).toBe('already-opened');
  });

  it('reopens when the platform does not see data, and a correction amends without erasing', () => {
    const { events, step } = lifecycle();
    step({ type: 'repaired', actions: '重启 RTU', skipReason: '远程重启' });
    step({ type: 'reopened', description: '48 小时仍无数据' });
    step({ type: 'in_progress' });
    const repaired = step({ type: 'repaired', actions: '更换天线' });
    step({ type: 'corrected', correctsEventId: repaired.id, actions: '更换天线及馈线', category: 'power' });
    step({ type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
    step({ type: 'verified' });
    const s = foldFault(events)!;
    expect(s).toMatchObject({
      status: 'verified',
      reopenCount: 1,
      actions: '更换天线及馈线',
      category: 'power',
    });
    expect(s.history.map((e) => e.type)).toEqual([
      'opened',
      'repaired',
      'reopened',
      'in_progress',
      'repaired',
      'corrected',
      'onsite_verified',
      'verified',
    ]);
    expect(s.history.find((e) => e.id === repaired.id)?.actions).toBe('更换天线');
  });

  it('reaches the same state whatever order the events arrive in, even with a slow clock', () => {
    const { events, step } = lifecycle();
    step({ type: 'in_progress' });
    step({ type: 'repaired', actions: '更换电池' });
    step({ type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
    step({ type: 'verified' });
    // The platform's verdict was stamped by a clock running two hours behind the laptop's.
    const verified = events[4]!;
    const skewed = [...events.slice(0, 4), { ...verified, recordedAt: verified.recordedAt - 4 * 3_600_000 }];
    const expected = foldFault(skewed)!;
    expect(expected).toMatchObject({ status: 'verified', rejected: [] });
    fc.assert(
      fc.property(
        fc.shuffledSubarray(skewed, { minLength: skewed.length, maxLength: skewed.length }),
        (arrived) => {
          const s = foldFault([...arrived, arrived[0]!])!; // a duplicate push counts once
          expect(s.status).toBe('verified');
          expect(s.history.map((e) => e.id)).toEqual(expected.history.map((e) => e.id));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('holds back an event whose predecessor has not arrived, and names it', () => {
    const { events, step } = lifecycle();
    step({ type: 'repaired', actions: '更换电池', skipReason: '到场即修' });
    step({ type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
    step({ type: 'verified' });
    const withoutRepair = [events[0]!, events[3]!];
    const s = foldFault(withoutRepair)!;
    expect(s.status).toBe('open');
    expect(s.rejected).toMatchObject([{ event: { type: 'verified' }, reason: 'verified-before-repaired' }]);
    expect(foldFault([events[3]!])).toBeNull();
    expect(
      foldFaults([...events, { ...events[0]!, id: 'x', faultId: 'f2', recordedAt: 0 }]).map((f) => f.faultId),
    ).toHaveLength(2);
  });
});
