import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '../domain/index';
import { testAuthor } from '../patrol/test-author';
import { nextFaultEvent, openFault } from '../faults/fault-events';
import { foldFault } from '../faults/state-machine';
import { demoFaultSlaPolicy, isSlaBreached, judgeFaultSla, slaCheckIns, type SlaStage } from './fault-sla';
import { demoPolicy, provincePolicySchema } from './policy';

const h = 3_600_000;

/** A high-severity ticket at a boundary section (respond 2 h, on site 24 h, repaired 48 h, verified 120 h). */
function ticket() {
  const author = testAuthor();
  const opened = openFault(
    {
      siteId: 'site-1',
      divisionCode: '530381' as never,
      category: 'communication',
      severity: 'high',
      description: 'RTU 无应答',
      patrolId: null,
    },
    author,
  );
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const events: FaultEvent[] = [opened.value];
  const openedAt = opened.value.recordedAt;
  const at = (hoursAfterOpening: number, input: Parameters<typeof nextFaultEvent>[1]) => {
    author.advance(openedAt + hoursAfterOpening * h - author.now());
    const r = nextFaultEvent(foldFault(events), input, author);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    events.push(r.value);
  };
  const state = () => foldFault(events)!;
  return { openedAt, at, state, events };
}

const statusOf = (sla: ReturnType<typeof judgeFaultSla>) =>
  Object.fromEntries(sla.stages.map((s) => [s.stage, s.status])) as Record<SlaStage, string>;

describe('fault SLA verdict', () => {
  it('a ticket worked within every allowance meets every stage and has no breach', () => {
    const t = ticket();
    t.at(1, { type: 'in_progress' });
    t.at(30, { type: 'repaired', actions: '更换 GPRS 模块', partsReplaced: [] });
    t.at(31, { type: 'onsite_verified', diagnosticSessionIds: ['ds-1'] });
    t.at(60, { type: 'verified', description: '数据恢复' });
    const sla = judgeFaultSla(
      t.state(),
      'boundary_section',
      demoFaultSlaPolicy,
      [t.openedAt + 20 * h],
      t.openedAt + 61 * h,
    );
    expect(statusOf(sla)).toEqual({ respond: 'met', on_site: 'met', repaired: 'met', verified: 'met' });
    expect(sla.breaches).toEqual([]);
    expect(sla.current).toBeNull();
    expect(isSlaBreached(sla)).toBe(false);
  });

  it('nothing done: respond runs, turns due soon in its last quarter, then overdue — a breach at the deadline', () => {
    const t = ticket();
    const judge = (afterH: number) =>
      judgeFaultSla(t.state(), 'boundary_section', demoFaultSlaPolicy, [], t.openedAt + afterH * h);
    expect(judge(1).current).toMatchObject({ stage: 'respond', status: 'running', remainingMs: 1 * h });
    expect(judge(1.6).current?.status).toBe('due_soon');
    const late = judge(3);
    expect(late.current).toMatchObject({ stage: 'respond', status: 'overdue', remainingMs: -1 * h });
    expect(late.breaches).toEqual([{ stage: 'respond', at: t.openedAt + 2 * h, doneAt: null }]);
    expect(statusOf(judge(50))).toEqual({
      respond: 'overdue',
      on_site: 'overdue',
      repaired: 'overdue',
      verified: 'running',
    });
  });

  it('done after the deadline is late — still a breach, with when it was done', () => {
    const t = ticket();
    t.at(5, { type: 'in_progress' });
    const sla = judgeFaultSla(t.state(), 'boundary_section', demoFaultSlaPolicy, [], t.openedAt + 6 * h);
    expect(sla.stages[0]).toMatchObject({ stage: 'respond', status: 'late', doneAt: t.openedAt + 5 * h });
    expect(sla.breaches).toEqual([{ stage: 'respond', at: t.openedAt + 2 * h, doneAt: t.openedAt + 5 * h }]);
  });

  it('a repair without a check-in leaves on-site skipped, never met; a check-in counts as the response', () => {
    const t = ticket();
    t.at(10, { type: 'repaired', actions: '远程重启', partsReplaced: [], skipReason: '远程处理' });
    const remote = judgeFaultSla(t.state(), 'boundary_section', demoFaultSlaPolicy, [], t.openedAt + 11 * h);
    expect(statusOf(remote)).toMatchObject({ respond: 'late', on_site: 'skipped', repaired: 'met' });
    const visited = ticket();
    const sla = judgeFaultSla(
      visited.state(),
      'boundary_section',
      demoFaultSlaPolicy,
      [visited.openedAt + h],
      visited.openedAt + 3 * h,
    );
    expect(statusOf(sla)).toMatchObject({ respond: 'met', on_site: 'met' });
    const before = judgeFaultSla(
      visited.state(),
      'boundary_section',
      demoFaultSlaPolicy,
      [visited.openedAt - h],
      visited.openedAt + 3 * h,
    );
    // A check-in before the ticket was opened is not a visit for it.
    expect(statusOf(before)).toMatchObject({ respond: 'overdue', on_site: 'running' });
  });

  it('the crew accepting a dispatched ticket is its response', () => {
    const t = ticket();
    t.at(0.5, {
      type: 'dispatched',
      assignee: { kind: 'crew_scope', id: '530381', label: '运维一组' },
      dueAt: t.openedAt + 48 * h,
    });
    const before = judgeFaultSla(t.state(), 'boundary_section', demoFaultSlaPolicy, [], t.openedAt + h);
    expect(before.stages[0]).toMatchObject({ stage: 'respond', status: 'running' });
    t.at(1.5, { type: 'accepted' });
    const sla = judgeFaultSla(t.state(), 'boundary_section', demoFaultSlaPolicy, [], t.openedAt + 3 * h);
    expect(sla.stages[0]).toMatchObject({ stage: 'respond', status: 'met', doneAt: t.openedAt + 1.5 * h });
  });

  it('a reopened ticket restarts its repair and verification clocks at the reopening', () => {
    const t = ticket();
    t.at(1, { type: 'in_progress' });
    t.at(10, { type: 'repaired', actions: '更换电源', partsReplaced: [] });
    t.at(100, { type: 'reopened', description: '数据仍未恢复' });
    const sla = judgeFaultSla(
      t.state(),
      'boundary_section',
      demoFaultSlaPolicy,
      [t.openedAt + 5 * h],
      t.openedAt + 120 * h,
    );
    expect(sla.stages.find((s) => s.stage === 'repaired')).toMatchObject({
      status: 'running',
      startedAt: t.openedAt + 100 * h,
      deadline: t.openedAt + 148 * h,
    });
    expect(sla.current?.stage).toBe('repaired');
  });

  it('severity and site kind pick the allowance; a ticket without severity uses the default', () => {
    const high = ticket();
    // Tickets opened before severity was asked for have none.
    const none = { ...ticket(), state: () => ({ ...high.state(), severity: null }) };
    const deadline = (t: ReturnType<typeof ticket>, kind: 'intake' | 'boundary_section') =>
      judgeFaultSla(t.state(), kind, demoFaultSlaPolicy, [], t.openedAt).stages[0]!.deadline - t.openedAt;
    expect(deadline(high, 'boundary_section')).toBe(2 * h);
    expect(deadline(high, 'intake')).toBe(4 * h);
    expect(judgeFaultSla(none.state(), 'intake', demoFaultSlaPolicy, [], none.openedAt).severity).toBe(
      'medium',
    );
    expect(deadline(none, 'intake')).toBe(12 * h);
  });

  it('a policy stored before SLAs existed reads the demo hours; a bad allowance is refused by name', () => {
    const { faultSla: _omitted, ...old } = demoPolicy;
    expect(provincePolicySchema.parse(old).faultSla).toEqual(demoFaultSlaPolicy);
    const bad = structuredClone(demoPolicy);
    bad.faultSla.hours.intake.high.respond = 0;
    const r = provincePolicySchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues[0]?.path)).toBe('["faultSla","hours","intake","high","respond"]');
  });
});

describe('check-ins that prove a visit', () => {
  it('counts patrols of the ticket’s site checked in inside the radius, never one outside or without a fix', () => {
    const patrol = (siteId: string, at: number, reason: string | null, position: boolean) =>
      ({
        siteId,
        outsideRadiusReason: reason,
        checkIn: { at, position: position ? { lat: 25, lng: 100 } : null },
      }) as unknown as Parameters<typeof slaCheckIns>[1][number];
    const times = slaCheckIns({ siteId: 's1' }, [
      patrol('s1', 10, null, true),
      patrol('s1', 20, '道路中断，在桥头签到', true),
      patrol('s1', 30, '无定位', false),
      patrol('s2', 40, null, true),
    ]);
    expect(times).toEqual([10]);
  });
});
