import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '../domain/index';
import { nextFaultEvent, openFault } from '../faults/fault-events';
import { foldFault } from '../faults/state-machine';
import { testAuthor } from '../patrol/test-author';
import { partsStock, stockOfCrew, type PartsIssue } from './parts-stock';
import { demoPolicy, provincePolicySchema } from './policy';

const crew = { kind: 'crew_scope' as const, id: '530381' };

function repairedTicket(
  parts: { part: string; quantity: number; serial: string | null }[],
  dispatched: boolean,
  prefix = 'a',
) {
  const base = testAuthor();
  // Each ticket its own ids and its own account.
  const author = { ...base, operatorId: `tech-${prefix}`, newId: () => `${prefix}-${base.newId()}` };
  const opened = openFault(
    {
      siteId: 's',
      divisionCode: '530381' as never,
      category: 'rtu',
      severity: 'high',
      description: '无数据',
    },
    author,
  );
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const events: FaultEvent[] = [opened.value];
  const step = (input: Parameters<typeof nextFaultEvent>[1]) => {
    author.advance(60_000);
    const r = nextFaultEvent(foldFault(events), input, author);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    events.push(r.value);
    return r.value;
  };
  if (dispatched) {
    step({ type: 'dispatched', assignee: { ...crew, label: '一组' }, dueAt: 1 });
  }
  step({ type: 'in_progress' });
  const repair = step({ type: 'repaired', actions: '更换', parts });
  return { events, step, repair, operatorId: repair.operatorId };
}

const issue = (id: string, part: string, quantity: number, to = crew): PartsIssue => ({
  id,
  crew: to,
  part,
  quantity,
  issuedAt: 0,
  note: null,
});

describe('spare parts stock per crew', () => {
  it('issued minus fitted, by crew and part; a dispatched ticket draws on the crew it was dispatched to', () => {
    const a = repairedTicket(
      [
        { part: '铅封', quantity: 2, serial: null },
        { part: '通信模块', quantity: 1, serial: 'SN-1' },
      ],
      true,
    );
    const b = repairedTicket([{ part: '通信模块', quantity: 2, serial: null }], false, 'b');
    const stock = partsStock(
      [issue('i1', '铅封', 10), issue('i2', '通信模块', 1), issue('i1', '铅封', 10)],
      [...a.events, ...b.events],
    );
    expect(stockOfCrew(stock, crew)).toEqual([
      { part: '铅封', issued: 10, used: 2, onHand: 8, overdrawn: false },
      { part: '通信模块', issued: 1, used: 1, onHand: 0, overdrawn: false },
    ]);
    // The undispatched repair counts against the account that recorded it, which was issued nothing.
    expect(stockOfCrew(stock, { kind: 'account', id: b.operatorId })).toEqual([
      { part: '通信模块', issued: 0, used: 2, onHand: -2, overdrawn: true },
    ]);
  });

  it('a correction of the repair’s parts replaces them; a withdrawn repair uses nothing; a return is negative', () => {
    const t = repairedTicket([{ part: '铅封', quantity: 5, serial: null }], true);
    t.step({
      type: 'corrected',
      correctsEventId: t.repair.id,
      parts: [{ part: '铅封', quantity: 3, serial: null }],
    });
    const issues = [issue('i1', '铅封', 10), issue('i2', '铅封', -2)];
    expect(stockOfCrew(partsStock(issues, t.events), crew)).toMatchObject([
      { part: '铅封', issued: 8, used: 3, onHand: 5 },
    ]);
    t.step({ type: 'withdrawn', correctsEventId: t.repair.id, description: '记录错了' });
    expect(stockOfCrew(partsStock(issues, t.events), crew)).toMatchObject([
      { part: '铅封', used: 0, onHand: 8 },
    ]);
  });

  it('the same figures whatever order the events arrive in', () => {
    const t = repairedTicket([{ part: '天线', quantity: 3, serial: null }], true);
    const expected = partsStock([issue('i', '天线', 4)], t.events);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(t.events, { minLength: t.events.length, maxLength: t.events.length }),
        (arrived) => {
          expect(partsStock([issue('i', '天线', 4)], arrived)).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('issues live in the province policy: a stored policy without them reads none; a zero quantity is refused', () => {
    const { partsIssued: _none, ...older } = demoPolicy;
    expect(provincePolicySchema.parse(older).partsIssued).toEqual([]);
    const bad = provincePolicySchema.safeParse({ ...demoPolicy, partsIssued: [issue('z', '天线', 0)] });
    expect(bad.success).toBe(false);
    expect(
      provincePolicySchema.parse({ ...demoPolicy, partsIssued: [issue('y', '天线', 3)] }).partsIssued,
    ).toHaveLength(1);
  });
});
