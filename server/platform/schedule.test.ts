import { readFileSync } from 'node:fs';
import { beforeAll, expect } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { Patrol, Site, Task, TaskEvent } from '#shared/domain/index';
import { dayStart } from '#shared/health/days';
import { demoPolicy, scheduleTaskId, withPolicy } from '#shared/verdicts/index';
import { migrate } from '../db/migrate';
import { scoped } from '../db/scoped';
import { describeOnEngines } from '../testing/engines';
import { readRecords, upsertRecords } from '../sync/platform-writes';
import { runAutomation } from './automation';
import { importRegistry } from './registry-import';
import { parseCsv } from './tabular';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
const at = (day: string, h = 10) => dayStart(day) + h * hour;
// Thursday 2026-11-26 noon in Beijing: weekly Monday visits of 11-16 (overdue) and 11-23 (due) are
// in the fortnight looked back at.
const now = at('2026-11-26', 12);
const policy = withPolicy(demoPolicy, {
  patrolSchedules: {
    startsOn: '2026-11-02',
    lookbackDays: 14,
    lastWindowDays: 30,
    byKind: {
      intake: null,
      source_quality: 'FREQ=WEEKLY;BYDAY=MO',
      boundary_section: 'FREQ=WEEKLY;BYDAY=MO',
    },
    bySiteCode: {},
  },
});

describeOnEngines('scheduled patrols in the automation', ({ db, test }) => {
  let quality: Site;
  let boundary: Site;
  const taskOf = (site: Site, day: string) => scheduleTaskId(site.id, day);
  const scheduledTasks = async () =>
    (await scoped(db(), 'all', (tx) => readRecords<Task>(tx, 'tasks')))
      .filter((t) => t.reason === 'scheduled')
      .map((t) => [t.siteId === quality.id ? 'quality' : 'boundary', t.dedupKey?.slice(-10), t.status])
      .sort((a, b) => String(a).localeCompare(String(b)));
  const write = (collection: 'patrols' | 'task_events', doc: Patrol | TaskEvent) =>
    scoped(db(), 'all', (tx) => upsertRecords(tx, collection, [doc], now));
  const patrolAt = (site: Site, id: string, checkedAt: number, outsideRadiusReason: string | null = null) =>
    ({
      ...sampleRecords.patrols,
      id,
      siteId: site.id,
      siteKind: site.kind,
      divisionCode: site.divisionCode,
      taskId: null,
      checkIn: { ...sampleRecords.patrols.checkIn, at: checkedAt },
      outsideRadiusReason,
      recordedAt: checkedAt,
    }) as Patrol;

  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), now - 30 * 24 * hour, { actor: 'test', scope: 'all' });
    const sites = await scoped(db(), 'all', (tx) => readRecords<Site>(tx, 'sites'));
    quality = sites.find((s) => s.code === '5303810002')!;
    boundary = sites.find((s) => s.code === '5303000003')!;
  });

  test('raises one task per due or overdue visit of the caller’s region only, once however often it runs', async () => {
    const first = await runAutomation(db(), now, '530381', policy);
    expect(first.scheduledTasks).toEqual({ created: 2, existing: 0, done: 0, excused: 0 });
    expect(await scheduledTasks()).toEqual([
      ['quality', '2026-11-16', 'open'],
      ['quality', '2026-11-23', 'open'],
    ]);
    const task = (await scoped(db(), 'all', (tx) => readRecords<Task>(tx, 'tasks'))).find(
      (t) => t.id === taskOf(quality, '2026-11-16'),
    );
    expect(task).toMatchObject({
      kind: 'patrol',
      reason: 'scheduled',
      dueOn: '2026-11-22',
      dedupKey: `schedule:${quality.id}:2026-11-16`,
      assignedScope: '530381',
    });
    const again = await runAutomation(db(), now, '530381', policy);
    expect(again.scheduledTasks).toEqual({ created: 0, existing: 2, done: 0, excused: 0 });
    // The province's run reaches the boundary section in another county.
    const all = await runAutomation(db(), now, 'all', policy);
    expect(all.scheduledTasks).toEqual({ created: 2, existing: 2, done: 0, excused: 0 });
  });

  test('a patrol inside the radius makes up the earliest missed visit; one outside it proves nothing', async () => {
    await write('patrols', patrolAt(quality, 'pt-outside', at('2026-11-25'), '道路中断，在桥头签到'));
    expect((await runAutomation(db(), now, '530381', policy)).scheduledTasks?.done).toBe(0);
    await write('patrols', patrolAt(quality, 'pt-inside', at('2026-11-26', 9)));
    const run = await runAutomation(db(), now, '530381', policy);
    expect(run.scheduledTasks).toEqual({ created: 0, existing: 1, done: 1, excused: 0 });
    expect((await scheduledTasks()).filter(([s]) => s === 'quality')).toEqual([
      ['quality', '2026-11-16', 'done'],
      ['quality', '2026-11-23', 'open'],
    ]);
  });

  test('an overdue visit stays open a week later until a crew excuses it with a reason', async () => {
    const later = now + 7 * 24 * hour;
    const excusal = (id: string, note: string | null): TaskEvent => ({
      ...sampleRecords.task_events,
      id,
      taskId: taskOf(quality, '2026-11-23'),
      siteId: quality.id,
      divisionCode: quality.divisionCode,
      type: 'excused',
      note,
      recordedAt: later,
    });
    await write('task_events', excusal('te-blank', '  '));
    const run = await runAutomation(db(), later, '530381', policy);
    expect(run.scheduledTasks).toMatchObject({ done: 0, excused: 0 });
    expect((await scheduledTasks()).filter(([s]) => s === 'quality')).toContainEqual([
      'quality',
      '2026-11-23',
      'open',
    ]);
    await write('task_events', excusal('te-flood', '汛期道路中断'));
    const excused = await runAutomation(db(), later, '530381', policy);
    expect(excused.scheduledTasks?.excused).toBe(1);
    expect((await scheduledTasks()).filter(([s]) => s === 'quality')).toEqual([
      ['quality', '2026-11-16', 'done'],
      ['quality', '2026-11-23', 'cancelled'],
      ['quality', '2026-11-30', 'open'],
    ]);
  });

  test('a county’s run never touches a site of another county', async () => {
    await write('patrols', patrolAt(boundary, 'pt-boundary', at('2026-11-26', 8)));
    const county = await runAutomation(db(), now, '530381', policy);
    expect(county.scheduledTasks?.done).toBe(0);
    expect((await scheduledTasks()).filter(([s]) => s === 'boundary')).toEqual([
      ['boundary', '2026-11-16', 'open'],
      ['boundary', '2026-11-23', 'open'],
    ]);
    const province = await runAutomation(db(), now, 'all', policy);
    expect(province.scheduledTasks?.done).toBe(1);
  });
});
