import type { Task } from '#shared/domain/index';
import type { Wgs84 } from '#shared/geo/coords';
import { distanceM } from '#shared/geo/distance';
import { orderRoute, routeInOrder, type Route } from '#shared/geo/route';
import { scheduleTaskId, type OccurrenceVerdict, type SiteScheduleVerdict } from '#shared/verdicts/index';
import type { MapSite } from '../common/map-sites';
import { isActive, type EffectiveTask } from './task-state';

/**
 * One stop of the day: a task from the platform, or a site that site health says needs a visit and
 * that has no task yet (the platform raises those as tasks when it next syncs; the crew need not wait).
 */
export type RouteStop = {
  readonly key: string;
  readonly site: MapSite;
  readonly task: EffectiveTask | null;
  readonly reason: Task['reason'];
  /** For a scheduled stop: the visits the site owes (overdue oldest first, then the one due). */
  readonly visits?: readonly OccurrenceVerdict[];
};

export type ScheduleStopOptions = {
  readonly verdicts: ReadonlyMap<string, SiteScheduleVerdict>;
  /** Only sites of this county (division code); null for all. */
  readonly county: string | null;
  /** At most this many scheduled stops: overdue before due, then the nearest, then the longest owed. */
  readonly limit: number;
  readonly from: Wgs84 | null;
};

/**
 * The scheduled stops: one per site that owes visits (the schedule verdict's `owed`), carrying the
 * platform's task for its oldest owed visit where the service has raised it.
 */
export function scheduleStops(
  tasks: readonly EffectiveTask[],
  sites: readonly MapSite[],
  options: ScheduleStopOptions,
): RouteStop[] {
  const taskById = new Map(tasks.map((t) => [t.task.id, t]));
  const from = options.from;
  return sites
    .filter(
      (s) =>
        (options.county === null || s.divisionCode === options.county) &&
        (options.verdicts.get(s.id)?.owed.length ?? 0) > 0,
    )
    .map((site) => {
      const owed = options.verdicts.get(site.id)?.owed ?? [];
      return { site, owed, d: from === null ? 0 : distanceM(from, site.position) };
    })
    .sort(
      (a, b) =>
        (a.owed[0]?.state === 'overdue' ? 0 : 1) - (b.owed[0]?.state === 'overdue' ? 0 : 1) ||
        a.d - b.d ||
        (a.owed[0]?.start ?? 0) - (b.owed[0]?.start ?? 0) ||
        a.site.code.localeCompare(b.site.code),
    )
    .slice(0, options.limit)
    .map(({ site, owed }) => ({
      key: `schedule:${site.id}`,
      site,
      task: owed[0] === undefined ? null : (taskById.get(scheduleTaskId(site.id, owed[0].day)) ?? null),
      reason: 'scheduled' as const,
      visits: owed,
    }));
}

export type HealthStopOptions = {
  /** Only sites of this county (division code); null for all. */
  readonly county: string | null;
  /** At most this many health-raised stops: the most urgent, nearest first. */
  readonly limit: number;
  readonly from: Wgs84 | null;
};

const urgency: Partial<Record<MapSite['status'], number>> = { fault: 0, silent: 1, below: 2 };

/**
 * Today's stops: active tasks due today, overdue or undated; the sites whose patrol schedule owes a
 * visit (the schedule verdict decides, so a scheduled task of the platform is shown through it); then
 * health-raised sites if asked.
 */
export function todayStops(
  tasks: readonly EffectiveTask[],
  sites: readonly MapSite[],
  today: string,
  health: HealthStopOptions | null,
  schedules: ScheduleStopOptions | null = null,
): RouteStop[] {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const stops: RouteStop[] = [];
  const withTask = new Set<string>();
  for (const t of tasks) {
    const site = byId.get(t.task.siteId);
    if (site === undefined) {
      continue;
    }
    if (isActive(t.status) || t.status === 'done') {
      withTask.add(site.id);
    }
    if (
      t.task.reason !== 'scheduled' &&
      (isActive(t.status) || t.pending.length > 0) &&
      (t.task.dueOn === null || t.task.dueOn <= today)
    ) {
      stops.push({ key: `task:${t.task.id}`, site, task: t, reason: t.task.reason });
    }
  }
  const scheduled = schedules === null ? [] : scheduleStops(tasks, sites, schedules);
  for (const stop of scheduled) {
    withTask.add(stop.site.id);
  }
  stops.push(...scheduled);
  if (health !== null) {
    const from = health.from;
    const raised = sites
      .filter(
        (s) =>
          !withTask.has(s.id) &&
          urgency[s.status] !== undefined &&
          (health.county === null || s.divisionCode === health.county),
      )
      .map((site) => ({ site, d: from === null ? 0 : distanceM(from, site.position) }))
      .sort(
        (a, b) =>
          (urgency[a.site.status] ?? 9) - (urgency[b.site.status] ?? 9) ||
          a.d - b.d ||
          a.site.code.localeCompare(b.site.code),
      )
      .slice(0, health.limit);
    for (const { site } of raised) {
      const reason =
        site.status === 'fault' ? 'fault_reopened' : site.status === 'silent' ? 'silent' : 'below_target';
      stops.push({ key: `health:${site.id}`, site, task: null, reason });
    }
  }
  return stops;
}

/** Orders by a saved hand-made order where there is one (new stops go last), else by the optimiser. */
export function arrange(
  start: Wgs84 | null,
  stops: readonly RouteStop[],
  savedOrder: readonly string[] | null,
): Route<RouteStop> & { readonly manual: boolean } {
  if (savedOrder !== null) {
    const rank = new Map(savedOrder.map((k, i) => [k, i]));
    const ordered = [...stops].sort((a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity));
    return { ...routeInOrder(start, ordered, (s) => s.site.position), manual: true };
  }
  return { ...orderRoute(start, stops, (s) => s.site.position), manual: false };
}

const orderKey = (day: string) => `wrm.route.${day}`;

export function loadOrder(storage: Storage, day: string): string[] | null {
  try {
    const v = JSON.parse(storage.getItem(orderKey(day)) ?? 'null') as unknown;
    return Array.isArray(v) && v.every((k) => typeof k === 'string') ? v : null;
  } catch {
    return null;
  }
}

export function saveOrder(storage: Storage, day: string, order: readonly string[] | null): void {
  if (order === null) {
    storage.removeItem(orderKey(day));
  } else {
    storage.setItem(orderKey(day), JSON.stringify(order));
  }
}

/** Moves the stop at `from` to `to` in a key list. */
export function move(keys: readonly string[], from: number, to: number): string[] {
  const out = [...keys];
  const [k] = out.splice(from, 1);
  if (k !== undefined) {
    out.splice(Math.max(0, Math.min(out.length, to)), 0, k);
  }
  return out;
}
