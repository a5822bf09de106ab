import type { Patrol, Site, Task, TaskEvent } from '#shared/domain/index';
import { addDays, dayOf } from '#shared/health/days';
import {
  judgeSiteSchedule,
  scheduleDedupKey,
  scheduleExcusalsOf,
  scheduleTaskId,
  type OccurrenceVerdict,
  type PatrolSchedulePolicy,
} from '#shared/verdicts/index';
import type { Tx } from '../db/scoped';
import { readRecords, upsertRecords } from '../sync/platform-writes';

export type ScheduleAutomationReport = {
  /** Tasks raised for occurrences due or overdue that had none. */
  readonly created: number;
  /** Due or overdue occurrences whose task already existed. */
  readonly existing: number;
  /** Open tasks marked done because a patrol satisfied their occurrence. */
  readonly done: number;
  /** Open tasks cancelled because a crew excused their occurrence. */
  readonly excused: number;
};

const liveStatuses: readonly Task['status'][] = ['open', 'accepted', 'in_progress'];

function scheduledTask(
  site: Site,
  occurrence: OccurrenceVerdict,
  id: string,
  rule: string,
  now: number,
): Task {
  const lastDay = addDays(dayOf(occurrence.end), -1);
  return {
    id,
    siteId: site.id,
    divisionCode: site.divisionCode,
    kind: 'patrol',
    reason: 'scheduled',
    title: `${site.name}：定期巡检（${occurrence.day}）`,
    detail: `巡检计划 ${rule}：${occurrence.day} 至 ${lastDay} 内巡检一次`,
    dueOn: lastDay,
    assignedScope: site.divisionCode,
    status: 'open',
    dedupKey: scheduleDedupKey(site.id, occurrence.day),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The schedule part of the platform's automation, idempotent: for each site of the region, its
 * occurrences judged by the schedule verdict → one task per due or overdue occurrence (dedup key
 * `schedule:<siteId>:<day>`, id `scheduleTaskId`), an open one marked done once a patrol satisfies it and
 * cancelled once a crew excuses it; an overdue one stays open until then. `sites` are the active
 * sites of the caller's region; the transaction is already scoped to it.
 */
export async function runScheduleAutomation(
  tx: Tx,
  sites: readonly Site[],
  policy: PatrolSchedulePolicy,
  now: number,
): Promise<ScheduleAutomationReport> {
  const siteIds = new Set(sites.map((s) => s.id));
  const patrols = (await readRecords<Patrol>(tx, 'patrols')).filter((p) => siteIds.has(p.siteId));
  const tasks = (await readRecords<Task>(tx, 'tasks')).filter(
    (t) => t.reason === 'scheduled' && siteIds.has(t.siteId),
  );
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const events = (await readRecords<TaskEvent>(tx, 'task_events')).filter((e) => taskById.has(e.taskId));
  const excusals = scheduleExcusalsOf(events, (id) => taskById.get(id)?.dedupKey ?? null);
  const patrolsBySite = new Map<string, Patrol[]>();
  for (const p of patrols) {
    patrolsBySite.set(p.siteId, [...(patrolsBySite.get(p.siteId) ?? []), p]);
  }
  const writes: Task[] = [];
  let created = 0;
  let existing = 0;
  let done = 0;
  let excused = 0;
  for (const site of sites) {
    const verdict = judgeSiteSchedule({
      site,
      policy,
      patrols: patrolsBySite.get(site.id) ?? [],
      excusals: excusals.get(site.id) ?? [],
      now,
    });
    for (const occurrence of verdict.occurrences) {
      const id = scheduleTaskId(site.id, occurrence.day);
      const task = taskById.get(id);
      const live = task !== undefined && liveStatuses.includes(task.status);
      switch (occurrence.state) {
        case 'due':
        case 'overdue':
          if (task === undefined && verdict.rule !== null) {
            writes.push(scheduledTask(site, occurrence, id, verdict.rule, now));
            created += 1;
          } else {
            existing += 1;
          }
          break;
        case 'done':
        case 'done_late':
          if (live) {
            writes.push({ ...task, status: 'done', updatedAt: now });
            done += 1;
          }
          break;
        case 'excused':
          if (live) {
            writes.push({ ...task, status: 'cancelled', updatedAt: now });
            excused += 1;
          }
          break;
        case 'upcoming':
          break;
      }
    }
  }
  await upsertRecords(tx, 'tasks', writes, now);
  return { created, existing, done, excused };
}
