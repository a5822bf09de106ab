import { useMemo } from 'react';
import type { Site, Task } from '#shared/domain/index';
import {
  judgeSiteSchedules,
  scheduleExcusalsOf,
  scheduleFlag,
  type SiteScheduleVerdict,
} from '#shared/verdicts/index';
import { useRecords } from '../../db/index';
import { usePolicy } from '../../policy/index';
import { useMinuteClock } from '../common/site-status';

export type ScheduleSite = Pick<Site, 'id' | 'code' | 'kind'>;

/**
 * The patrol-schedule verdict of each site, by site id — asked of the core with the province policy,
 * the patrols on this laptop and the excusals in its task events (the crew's own, not yet synced,
 * count at once). Null while the records load.
 */
export function useSiteSchedules(
  sites: readonly ScheduleSite[],
): ReadonlyMap<string, SiteScheduleVerdict> | null {
  const policy = usePolicy();
  const now = useMinuteClock();
  const patrols = useRecords('patrols');
  const tasks = useRecords('tasks');
  const events = useRecords('task_events');
  return useMemo(() => {
    if (patrols.status !== 'ready' || tasks.status !== 'ready' || events.status !== 'ready') {
      return null;
    }
    const dedupOf = new Map(tasks.value.map((t: Task) => [t.id, t.dedupKey]));
    const excusals = scheduleExcusalsOf(events.value, (id) => dedupOf.get(id) ?? null);
    const bySite = new Map<string, (typeof patrols.value)[number][]>();
    for (const p of patrols.value) {
      const list = bySite.get(p.siteId);
      if (list === undefined) {
        bySite.set(p.siteId, [p]);
      } else {
        list.push(p);
      }
    }
    // A province's sites judged at once: those without a patrol or excusal share one answer per rule.
    return judgeSiteSchedules({
      sites,
      policy: policy.patrolSchedules,
      patrolsBySite: bySite,
      excusalsBySite: excusals,
      now,
    });
  }, [sites, policy, now, patrols, tasks, events]);
}

/** The sites that owe a visit, by id, with the worst owed state (the map's filter and badge). */
export function useScheduleFlags(sites: readonly ScheduleSite[]): ReadonlyMap<string, 'due' | 'overdue'> {
  const verdicts = useSiteSchedules(sites);
  return useMemo(() => {
    const flags = new Map<string, 'due' | 'overdue'>();
    for (const [id, verdict] of verdicts ?? []) {
      const flag = scheduleFlag(verdict);
      if (flag !== null) {
        flags.set(id, flag);
      }
    }
    return flags;
  }, [verdicts]);
}
