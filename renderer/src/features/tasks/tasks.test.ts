import { describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { Site, SiteHealth, Task, TaskEvent } from '#shared/domain/index';
import { wgs84 } from '#shared/geo/coords';
import { dayStart } from '#shared/health/days';
import {
  demoPolicy,
  judgeSiteSchedule,
  scheduleExcusalsOf,
  scheduleTaskId,
  statusPeriod,
  type PatrolSchedulePolicy,
} from '#shared/verdicts/index';
import { mapSitesOf } from '../common/map-sites';
import { effectiveTask, excusalEvent, nextActions } from './task-state';
import { arrange, move, todayStops } from './today-route';

const task = sampleRecords.tasks as Task;
const event = (over: Partial<TaskEvent>): TaskEvent => ({
  ...(sampleRecords.task_events as TaskEvent),
  ...over,
});
const now = dayStart('2026-11-25') + 10 * 3_600_000;

describe('task state from the crew’s events', () => {
  it('applies events newer than the platform’s record, in recorded order', () => {
    const t = { ...task, updatedAt: 100 };
    expect(effectiveTask(t, []).status).toBe('open');
    const accepted = event({ id: 'e1', type: 'accepted', recordedAt: 200 });
    const started = event({ id: 'e2', type: 'started', recordedAt: 300 });
    expect(effectiveTask(t, [started, accepted])).toMatchObject({
      status: 'in_progress',
      pending: [accepted, started],
    });
    // Already folded in by the platform (older than its record): not pending.
    expect(effectiveTask({ ...t, status: 'accepted', updatedAt: 250 }, [accepted]).pending).toEqual([]);
    expect(effectiveTask(t, [event({ type: 'note', recordedAt: 400 })]).status).toBe('open');
    expect(effectiveTask(t, [event({ taskId: 'other', type: 'done', recordedAt: 400 })]).status).toBe('open');
    expect(nextActions.done).toEqual(['reopened']);
    expect(nextActions.cancelled).toEqual([]);
  });
});

describe('today’s route', () => {
  const site = sampleRecords.sites as Site;
  const healthy: SiteHealth = {
    ...(sampleRecords.site_health as SiteHealth),
    firstDay: '2026-10-16',
    expected: Array<number>(40).fill(24),
    receivedSlots: Array<number>(40).fill(24),
    validValues: Array<number>(40).fill(48),
    reports: Array<number>(40).fill(24),
    lastReportAt: now,
  };
  const at = (id: string, lng: number, received = 24): [Site, SiteHealth] => [
    { ...site, id, code: `53038100${id}`, position: { lat: 25, lng } as Site['position'] },
    { ...healthy, id, siteId: id, receivedSlots: Array<number>(40).fill(received) },
  ];
  const rows = [at('1', 102.3), at('2', 102.1), at('3', 102.2, 10), at('4', 102.05, 10), at('5', 103.5)];
  const sites = mapSitesOf(
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
    [],
    [],
    { now, period: statusPeriod(demoPolicy, now), policy: demoPolicy },
  );
  const tasks = [
    effectiveTask({ ...task, id: 'ta', siteId: '1', dueOn: '2026-11-25' }, []),
    effectiveTask({ ...task, id: 'tb', siteId: '2', dueOn: null }, []),
    effectiveTask({ ...task, id: 'tc', siteId: '5', dueOn: '2026-12-01' }, []),
    effectiveTask({ ...task, id: 'td', siteId: '2', status: 'done' }, []),
  ];

  it('takes tasks due today or undated, and the most urgent health-raised sites without a task', () => {
    const stops = todayStops(tasks, sites, '2026-11-25', { county: null, limit: 1, from: wgs84(25, 102) });
    expect(stops.map((s) => s.key)).toEqual(['task:ta', 'task:tb', 'health:4']);
    expect(todayStops(tasks, sites, '2026-11-25', null).map((s) => s.key)).toEqual(['task:ta', 'task:tb']);
    expect(todayStops(tasks, sites, '2026-11-25', { county: '530102', limit: 9, from: null })).toHaveLength(
      2,
    );
  });

  it('orders them from the crew’s position, and keeps a hand-made order', () => {
    const stops = todayStops(tasks, sites, '2026-11-25', { county: null, limit: 5, from: null });
    const optimised = arrange(wgs84(25, 102), stops, null);
    expect(optimised.manual).toBe(false);
    expect(optimised.stops.map((s) => s.site.id)).toEqual(['4', '2', '3', '1']);
    const keys = optimised.stops.map((s) => s.key);
    const manual = arrange(wgs84(25, 102), stops, move(keys, 3, 0));
    expect(manual.manual).toBe(true);
    expect(manual.stops.map((s) => s.site.id)).toEqual(['1', '4', '2', '3']);
    expect(manual.totalM).toBeGreaterThan(optimised.totalM);
    // A stop that appeared after the order was saved goes last.
    expect(arrange(null, stops, ['task:tb']).stops[0]?.key).toBe('task:tb');
  });

  it('adds the sites whose schedule owes a visit: overdue first, then nearest, with the platform’s task', () => {
    // Weekly visits from Monday 11-16 at site 3 and 4; site 1 weekly from 11-23 (only due on 11-25).
    const policy: PatrolSchedulePolicy = {
      ...demoPolicy.patrolSchedules,
      startsOn: '2026-11-16',
      byKind: { intake: null, source_quality: null, boundary_section: null },
      bySiteCode: { '530381003': 'FREQ=WEEKLY;BYDAY=MO', '530381004': 'FREQ=WEEKLY;BYDAY=MO' },
    };
    const due = { ...policy, startsOn: '2026-11-23', bySiteCode: { '530381001': 'FREQ=WEEKLY;BYDAY=MO' } };
    const verdicts = new Map(
      sites.map((s) => [
        s.id,
        judgeSiteSchedule({
          site: s,
          policy: s.id === '1' ? due : policy,
          patrols: [],
          excusals: [],
          now,
        }),
      ]),
    );
    const platformTask = effectiveTask(
      {
        ...task,
        id: scheduleTaskId('3', '2026-11-16'),
        siteId: '3',
        reason: 'scheduled',
        dueOn: '2026-11-22',
      },
      [],
    );
    const stops = todayStops([...tasks, platformTask], sites, '2026-11-25', null, {
      verdicts,
      county: null,
      limit: 5,
      from: wgs84(25, 102),
    });
    // The platform's scheduled task is shown through its site's stop, never as a stop of its own.
    expect(stops.map((s) => s.key)).toEqual(['task:ta', 'task:tb', 'schedule:4', 'schedule:3', 'schedule:1']);
    const three = stops.find((s) => s.key === 'schedule:3')!;
    expect(three.task?.task.id).toBe(platformTask.task.id);
    expect(three.visits?.map((v) => [v.day, v.state])).toEqual([
      ['2026-11-16', 'overdue'],
      ['2026-11-23', 'due'],
    ]);
    expect(stops.find((s) => s.key === 'schedule:1')?.visits?.map((v) => v.state)).toEqual(['due']);
    expect(
      todayStops(tasks, sites, '2026-11-25', null, { verdicts, county: null, limit: 1, from: null }).map(
        (s) => s.key,
      ),
    ).toEqual(['task:ta', 'task:tb', 'schedule:3']);
  });

  it('an excusal is a task event on the occurrence’s task that the core reads back', () => {
    const e = excusalEvent(
      { id: '3', divisionCode: '530381' },
      '2026-11-16',
      ' 汛期道路中断 ',
      {
        deviceId: 'd1',
        operatorId: 'op1',
      },
      () => now,
    );
    expect(e).toMatchObject({
      taskId: scheduleTaskId('3', '2026-11-16'),
      type: 'excused',
      note: '汛期道路中断',
      recordedAt: now,
    });
    expect(scheduleExcusalsOf([e], () => null).get('3')).toEqual([
      { day: '2026-11-16', reason: '汛期道路中断', at: now },
    ]);
    const t = effectiveTask({ ...task, id: e.taskId, updatedAt: now - 1 }, [e]);
    expect(t.status).toBe('cancelled');
  });
});
