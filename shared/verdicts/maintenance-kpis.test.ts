import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { FaultEvent, Patrol, Site } from '../domain/index';
import { nextFaultEvent, openFault } from '../faults/fault-events';
import { foldFault } from '../faults/state-machine';
import { testAuthor } from '../patrol/test-author';
import { monthRange } from '../reports/time';
import { demoFaultSlaPolicy } from './fault-sla';
import type { MonthlyReport } from '../reports/monthly-schema';
import { kpiTable } from '../reports/monthly-kpi-table';
import { maintenanceKpis } from './maintenance-kpis';
import { demoPatrolSchedulePolicy } from './patrol-schedule';

const h = 3_600_000;
const nov = monthRange('2026-11').start;

const site = (id: string, divisionCode: string): Site =>
  ({
    ...sampleRecords.sites,
    id,
    code: `${divisionCode}0001`,
    divisionCode,
    kind: 'intake',
  }) as unknown as Site;

/** A ticket opened at `openedH` hours into November, with steps at hours after opening. */
function ticket(
  siteId: string,
  divisionCode: string,
  openedH: number,
  steps: readonly [number, Parameters<typeof nextFaultEvent>[1], string?][],
): FaultEvent[] {
  const author = testAuthor(nov + openedH * h);
  const opened = openFault(
    {
      siteId,
      divisionCode: divisionCode as never,
      category: 'communication',
      severity: 'medium',
      description: '无数据',
      patrolId: null,
    },
    author,
  );
  if (!opened.ok) {
    throw new Error(opened.error.message);
  }
  const events: FaultEvent[] = [
    { ...opened.value, id: `${siteId}-${openedH}-0`, faultId: `${siteId}-${openedH}` },
  ];
  steps.forEach(([afterH, input, crew], i) => {
    author.set(nov + (openedH + afterH) * h);
    const r = nextFaultEvent(foldFault(events), input, author);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    events.push({ ...r.value, id: `${siteId}-${openedH}-${i + 1}`, operatorId: crew ?? r.value.operatorId });
  });
  return events;
}

const repaired = (parts: string[], quantities: number[] = []) => ({
  type: 'repaired' as const,
  actions: '更换',
  skipReason: '到场即修',
  parts: parts.map((part, i) => ({ part, quantity: quantities[i] ?? 1, serial: null })),
});
const onsite = { type: 'onsite_verified' as const, diagnosticSessionIds: ['ds-1'] };

describe('maintenance KPIs', () => {
  const sites = [site('a', '530102'), site('b', '530103'), site('x', '110101')];
  const faultEvents = [
    // 530102: answered and repaired quickly by crew 张, verified first time.
    ...ticket('a', '530102', 24, [
      [1, { type: 'in_progress' }, '张'],
      [30, repaired(['GPRS 模块']), '张'],
      [31, onsite, '张'],
      [60, { type: 'verified', description: '数据恢复' }],
    ]),
    // 530102: repaired late by 李, reopened, repaired again, verified: not a first-time fix.
    ...ticket('a', '530102', 100, [
      [20, repaired(['电源适配器', 'GPRS 模块'], [1, 3]), '李'],
      [120, { type: 'reopened', description: '仍无数据' }],
      [130, repaired([]), '李'],
      [131, onsite, '李'],
      [170, { type: 'verified', description: '数据恢复' }],
    ]),
    // 530103: opened at the end of the month, nobody answered (respond 12 h for medium intake).
    ...ticket('b', '530103', 29 * 24 + 20, []),
    // Another province's site: never counted.
    ...ticket('x', '110101', 10, [[1, repaired(['x'])]]),
  ];
  const patrols = [
    {
      ...sampleRecords.patrols,
      id: 'p1',
      siteId: 'a',
      divisionCode: '530102',
      operatorId: '张',
      checkIn: { ...sampleRecords.patrols.checkIn, at: nov + 25 * h },
    },
  ] as unknown as Patrol[];
  const base = { region: '53', sites, faultEvents, patrols, slaPolicy: demoFaultSlaPolicy };

  it('counts the month by county and by crew, each figure named for what it counts', () => {
    const k = maintenanceKpis({ ...base, month: '2026-11', now: nov + 40 * 24 * h });
    expect(k.region).toMatchObject({
      faultsOpened: 3,
      // Met: answered, visited, repaired and verified in time. Breached: repaired after the respond
      // deadline. Running: opened on the 30th at 20:00, its respond deadline falls in December.
      slaMet: 1,
      slaBreached: 1,
      slaRunning: 1,
      repairs: 2,
      verified: 2,
      firstTimeFixRate: 0.5,
      patrols: 1,
    });
    // Last repairs at 30 h and 130 h after opening.
    expect(k.region.meanTimeToRepairHours).toBe(80);
    // Quantities, not names: 1 GPRS module on the first ticket, 3 on the second.
    expect(k.region.partsUsed).toEqual([
      { part: 'GPRS 模块', count: 4 },
      { part: '电源适配器', count: 1 },
    ]);
    expect(k.byCounty.map((c) => [c.divisionCode, c.faultsOpened, c.slaBreached])).toEqual([
      ['530102', 2, 1],
      ['530103', 1, 0],
    ]);
    expect(k.byCrew.map((c) => [c.crew, c.repairs, c.firstTimeFixRate, c.patrols])).toEqual([
      ['张', 1, 1, 1],
      ['李', 1, 0, 0],
    ]);
  });

  it('a remote repair (no check-in: on-site skipped) neither meets nor breaches that stage; the month before has nothing to judge (null, not 0)', () => {
    const k = maintenanceKpis({ ...base, patrols: [], month: '2026-11', now: nov + 40 * 24 * h });
    expect(k.region).toMatchObject({ slaMet: 1, slaBreached: 1, slaRunning: 1, patrols: 0 });
    const before = maintenanceKpis({ ...base, month: '2026-10', now: nov + 40 * 24 * h });
    expect(before.region).toMatchObject({
      faultsOpened: 0,
      meanTimeToRepairHours: null,
      firstTimeFixRate: null,
    });
  });

  it('a running month is judged as of now: events after now are not folded', () => {
    const k = maintenanceKpis({ ...base, month: '2026-11', now: nov + 60 * h });
    expect(k.region).toMatchObject({ faultsOpened: 1, repairs: 1, verified: 0, firstTimeFixRate: null });
  });
});

describe('patrols due vs done on time', () => {
  // Weekly Monday visits at intake points from Monday 2026-11-02: in November the windows of 11-02,
  // 11-09, 11-16 and 11-23 close inside the month (11-30's closes in December).
  const schedulePolicy = {
    ...demoPatrolSchedulePolicy,
    startsOn: '2026-11-02',
    byKind: { ...demoPatrolSchedulePolicy.byKind, intake: 'FREQ=WEEKLY;BYDAY=MO' },
  };
  const day = (d: number) => Date.UTC(2026, 10, d, 2);
  const patrol = (id: string, siteId: string, at: number, operatorId = 'crew-a') =>
    ({
      ...sampleRecords.patrols,
      id,
      siteId,
      divisionCode: '530381',
      checkIn: { ...sampleRecords.patrols.checkIn, at },
      outsideRadiusReason: null,
      operatorId,
    }) as unknown as Patrol;
  const input = {
    region: '53',
    sites: [site('s1', '530381'), site('s2', '530302')],
    faultEvents: [],
    slaPolicy: demoFaultSlaPolicy,
    now: Date.UTC(2026, 11, 10),
    month: '2026-11',
  };

  it('counts the visits whose window closed in the month, on time, late or excused', () => {
    const k = maintenanceKpis({
      ...input,
      // s1: 11-03 on time; 11-12 covers 11-09 on time; 11-27 makes up 11-16 late; 11-23 excused.
      patrols: [patrol('p1', 's1', day(3)), patrol('p2', 's1', day(12)), patrol('p3', 's1', day(27))],
      schedules: {
        policy: schedulePolicy,
        excusals: new Map([['s1', [{ day: '2026-11-23', reason: '道路中断', at: day(24) }]]]),
      },
    });
    expect(k.byCounty.find((c) => c.divisionCode === '530381')).toMatchObject({
      patrolsDue: 3,
      patrolsDoneOnTime: 2,
    });
    // s2 was never visited: four windows closed, none done.
    expect(k.byCounty.find((c) => c.divisionCode === '530302')).toMatchObject({
      patrolsDue: 4,
      patrolsDoneOnTime: 0,
    });
    expect(k.region).toMatchObject({ patrolsDue: 7, patrolsDoneOnTime: 2 });
    // A schedule is a site's: a crew's figures are null.
    expect(k.byCrew.every((c) => c.patrolsDue === null && c.patrolsDoneOnTime === null)).toBe(true);
  });

  it('is null where no schedule applies, and counts only windows closed by now in the running month', () => {
    const none = maintenanceKpis({
      ...input,
      patrols: [],
      schedules: {
        policy: { ...schedulePolicy, byKind: { ...schedulePolicy.byKind, intake: null } },
        excusals: new Map(),
      },
    });
    expect(none.region).toMatchObject({ patrolsDue: null, patrolsDoneOnTime: null });
    expect(maintenanceKpis({ ...input, patrols: [] }).region.patrolsDue).toBeNull();
    const running = maintenanceKpis({
      ...input,
      patrols: [],
      now: day(17),
      schedules: { policy: schedulePolicy, excusals: new Map() },
    });
    // By 11-17 only the windows of 11-02 and 11-09 have closed, at each of the two sites.
    expect(running.region).toMatchObject({ patrolsDue: 4, patrolsDoneOnTime: 0 });
  });

  it('the report’s KPI table prints on-time/due with the previous month beside it, a dash where null', () => {
    const current = maintenanceKpis({
      ...input,
      patrols: [patrol('p1', 's1', day(3))],
      schedules: { policy: schedulePolicy, excusals: new Map() },
    });
    const previous = maintenanceKpis({ ...input, month: '2026-10', patrols: [] });
    const table = kpiTable({ region: '53', kpis: { current, previous } } as unknown as MonthlyReport);
    const column = table.columns.indexOf('计划巡检(按时/应巡)');
    expect(column).toBeGreaterThan(0);
    expect(table.rows[0]?.[column]).toBe('1/8（上月 —）');
  });
});
