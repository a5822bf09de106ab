import { useMemo, useState } from 'react';
import type { TaskEvent } from '#shared/domain/index';
import { dayOf } from '#shared/health/days';
import { useRecords } from '../../db/index';
import type { MapSite } from '../common/map-sites';
import { useCrewPosition } from '../map/index';
import { effectiveTask } from './task-state';
import { arrange, loadOrder, saveOrder, todayStops } from './today-route';
import { useSiteSchedules } from './use-schedules';

/** Health-raised stops a day can hold next to the tasks. */
export const healthStopLimit = 12;
/** Scheduled visits a day can hold: the most overdue first. */
export const scheduleStopLimit = 12;

/** Today's stops in route order from where the crew is, with the saved hand-made order if any. */
export function useToday(sites: readonly MapSite[], includeHealth: boolean, county: string | null) {
  const tasks = useRecords('tasks');
  const events = useRecords('task_events');
  const { fix } = useCrewPosition();
  const [today] = useState(() => dayOf(Date.now()));
  const [order, setOrderState] = useState<string[] | null>(() => loadOrder(window.localStorage, today));
  const setOrder = (next: string[] | null) => {
    saveOrder(window.localStorage, today, next);
    setOrderState(next);
  };
  const effective = useMemo(() => {
    if (tasks.status !== 'ready') {
      return [];
    }
    const evs: readonly TaskEvent[] = events.status === 'ready' ? events.value : [];
    return tasks.value.map((t) => effectiveTask(t, evs));
  }, [tasks, events]);
  const from = fix?.position ?? null;
  const verdicts = useSiteSchedules(sites);
  const stops = useMemo(
    () =>
      todayStops(
        effective,
        sites,
        today,
        includeHealth ? { county, limit: healthStopLimit, from } : null,
        verdicts === null ? null : { verdicts, county, limit: scheduleStopLimit, from },
      ),
    [effective, sites, today, includeHealth, county, from, verdicts],
  );
  const owed = useMemo(() => {
    let due = 0;
    let overdue = 0;
    for (const site of sites) {
      if (county !== null && site.divisionCode !== county) {
        continue;
      }
      for (const o of verdicts?.get(site.id)?.owed ?? []) {
        if (o.state === 'overdue') {
          overdue += 1;
        } else {
          due += 1;
        }
      }
    }
    return { due, overdue };
  }, [sites, verdicts, county]);
  const route = useMemo(() => arrange(fix?.position ?? null, stops, order), [fix, stops, order]);
  const loading = tasks.status === 'loading';
  const error = tasks.status === 'error' ? tasks.message : null;
  return { route, loading, error, today, hasPosition: fix !== null, setOrder, owed };
}
