import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '#shared/domain/index';
import { nextFaultEvent, openFault } from '#shared/faults/fault-events';
import { foldFault } from '#shared/faults/state-machine';
import { testAuthor } from '#shared/patrol/test-author';
import { chainFaultEvents, partsFromRows, workflowActions } from './workflow';

const png = 'data:image/png;base64,iVBORw0KGgo=';

function ticket() {
  const author = testAuthor();
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
  const events: FaultEvent[] = [opened.ok ? opened.value : (null as never)];
  const step = (input: Parameters<typeof nextFaultEvent>[1]) => {
    author.advance(60_000);
    const r = nextFaultEvent(foldFault(events), input, author);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    events.push(r.value);
    return r.value;
  };
  return { state: () => foldFault(events)!, step };
}

describe('the fault page’s workflow steps', () => {
  it('offers each step to the role that may take it, as the ticket moves', () => {
    const t = ticket();
    expect(workflowActions(t.state(), 'technician')).toEqual(['start', 'repair']);
    expect(workflowActions(t.state(), 'supervisor')).toEqual(['dispatch', 'start', 'repair']);
    t.step({ type: 'dispatched', assignee: { kind: 'crew_scope', id: '530381', label: '一组' }, dueAt: 1 });
    expect(workflowActions(t.state(), 'technician')).toEqual(['accept', 'start', 'repair']);
    t.step({ type: 'accepted' });
    t.step({ type: 'in_progress' });
    expect(workflowActions(t.state(), 'technician')).toEqual(['repair']);
    const repair = t.step({ type: 'repaired', actions: '更换' });
    expect(workflowActions(t.state(), 'technician')).toEqual(['onsite', 'sign']);
    const signed = t.step({ type: 'signed', correctsEventId: repair.id, signature: png });
    expect(workflowActions(t.state(), 'technician')).toEqual(['onsite']);
    expect(workflowActions(t.state(), 'admin')).toEqual(['onsite', 'review']);
    t.step({ type: 'sign_off_returned', correctsEventId: signed.id, description: '补序列号' });
    expect(workflowActions(t.state(), 'technician')).toEqual(['onsite', 'sign']);
  });

  it('reads the parts table: blank rows dropped, quantity 1 by default, a bad row named', () => {
    expect(
      partsFromRows(
        [
          { part: ' 铅封 ', quantity: '2', serial: '' },
          { part: '', quantity: '', serial: '' },
          { part: '通信模块', quantity: '', serial: ' SN-1 ' },
        ],
        200,
      ),
    ).toEqual({
      ok: true,
      parts: [
        { part: '铅封', quantity: 2, serial: null },
        { part: '通信模块', quantity: 1, serial: 'SN-1' },
      ],
    });
    expect(partsFromRows([{ part: '天线', quantity: '1.5', serial: '' }], 200)).toEqual({
      ok: false,
      problem: { row: 1, problem: 'quantity' },
    });
    expect(
      partsFromRows(
        [
          { part: '天线', quantity: '1', serial: '' },
          { part: 'x'.repeat(201), quantity: '1', serial: '' },
        ],
        200,
      ),
    ).toEqual({ ok: false, problem: { row: 2, problem: 'part-too-long' } });
  });

  it('a repair and its signature in one press: the signature names the repair; a refusal saves neither', () => {
    const t = ticket();
    t.step({ type: 'in_progress' });
    let n = 0;
    const author = { ...testAuthor(1_800_000_000_000), newId: () => `press-${(n += 1)}` };
    const both = chainFaultEvents(
      t.state(),
      [
        { type: 'repaired', actions: '更换', parts: [{ part: '天线', quantity: 2, serial: null }] },
        { type: 'signed', signature: png },
      ],
      author,
    );
    expect(both.ok && both.value.map((e) => e.type)).toEqual(['repaired', 'signed']);
    expect(both.ok && both.value[1]!.correctsEventId).toBe(both.ok ? both.value[0]!.id : null);
    const unsigned = chainFaultEvents(
      t.state(),
      [{ type: 'repaired', actions: '更换' }, { type: 'signed' }],
      author,
    );
    expect(unsigned).toMatchObject({ ok: false, error: { code: 'signature-missing' } });
  });
});
