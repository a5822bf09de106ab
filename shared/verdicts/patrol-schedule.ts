import * as rruleModule from 'rrule';
import { z } from 'zod';
import type { Patrol, Site, TaskEvent } from '../domain/index';
import { addDays, dayOf, dayStart, type IsoDay } from '../health/days';
import { slaCheckIns } from './fault-sla';

/**
 * Recurring patrol schedules (巡检计划): which visits each site is owed, and whether each was made —
 * the one rule Tasks, the map, the site page, the service's automation and the monthly report ask.
 *
 * A schedule is an RFC 5545 recurrence rule (the RRULE part only, e.g. `FREQ=WEEKLY;BYDAY=MO`) per
 * site kind, with per-site overrides by site code (a rule, or null: no schedule). Every rule is
 * anchored at `startsOn` 00:00 Asia/Shanghai (its DTSTART) and counts in whole days: an occurrence's
 * window runs from its start to the next occurrence's start (the last one of a finite rule keeps
 * `lastWindowDays`).
 *
 * Each occurrence's state at `now`:
 *   - `excused`: a crew excused it with a reason (an excusal wins over any patrol);
 *   - `done`: a patrol satisfied it inside its window; `done_late`: a patrol after its window did;
 *   - `due`: its window is running and nothing satisfied it; `overdue`: its window has passed;
 *   - `upcoming`: it starts after `now`.
 * A patrol is one checked in at the site inside the radius (the fault SLA's proof of visit). Patrols
 * are taken in check-in order and each satisfies at most one occurrence — the earliest open one that
 * had started when it checked in — so a missed visit stays overdue until a later patrol makes it up
 * or it is excused. Inputs are sorted first, so the answer never depends on the order they arrive in.
 */

type RRuleLib = typeof rruleModule;
// The package ships ESM named exports to bundlers and a CommonJS bundle to Node (default only); the
// default is looked up by a computed key so a bundler does not warn about the export it lacks.
const commonJsDefault = 'default';
const lib: RRuleLib =
  'RRule' in rruleModule && rruleModule.RRule !== undefined
    ? rruleModule
    : (rruleModule as unknown as Readonly<Record<string, RRuleLib>>)[commonJsDefault]!;

const dayMs = 86_400_000;
const shanghaiOffsetMs = 8 * 3_600_000;

/** Why a rule string cannot be a schedule (null: it can). */
export function scheduleRuleProblem(rule: string): string | null {
  let options: ReturnType<RRuleLib['RRule']['parseString']>;
  try {
    options = lib.RRule.parseString(rule);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const { Frequency } = lib;
  const allowed: readonly number[] = [Frequency.YEARLY, Frequency.MONTHLY, Frequency.WEEKLY, Frequency.DAILY];
  if (options.freq === undefined || options.freq === null || !allowed.includes(options.freq)) {
    return 'FREQ must be YEARLY, MONTHLY, WEEKLY or DAILY';
  }
  if (options.dtstart !== undefined && options.dtstart !== null) {
    return 'DTSTART is the policy’s startsOn, not part of a rule';
  }
  if (options.tzid !== undefined && options.tzid !== null) {
    return 'TZID is not allowed: schedules count in Asia/Shanghai days';
  }
  for (const part of ['byhour', 'byminute', 'bysecond'] as const) {
    if (options[part] !== undefined && options[part] !== null) {
      return `${part.toUpperCase()} is not allowed: schedules count in whole days`;
    }
  }
  const weekdays = options.byweekday;
  if (Array.isArray(weekdays) && weekdays.some((d) => d === undefined || d === null)) {
    return 'BYDAY names a day that does not exist';
  }
  try {
    new lib.RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1)) }).after(new Date(0), true);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return null;
}

const scheduleRule = z
  .string()
  .min(1)
  .max(300)
  .superRefine((rule, ctx) => {
    const problem = scheduleRuleProblem(rule);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', message: `patrol schedule rule "${rule}" cannot be used: ${problem}` });
    }
  });
const isoDaySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

export const patrolSchedulePolicySchema = z
  .object({
    /** Every rule's DTSTART: 00:00 Asia/Shanghai of this day. */
    startsOn: isoDaySchema,
    /** How far back a missed visit is still reckoned (older occurrences are no longer shown). */
    lookbackDays: z.number().int().min(7).max(366),
    /** The window of a finite rule's last occurrence (it has no next one to end it). */
    lastWindowDays: z.number().int().min(1).max(366),
    /** The rule per site kind (null: that kind has no schedule). */
    byKind: z
      .object({
        intake: scheduleRule.nullable(),
        source_quality: scheduleRule.nullable(),
        boundary_section: scheduleRule.nullable(),
      })
      .strict(),
    /** Per-site overrides by site code (测站编码): a rule of its own, or null for none. */
    bySiteCode: z.record(z.string().min(1).max(40), scheduleRule.nullable()),
  })
  .strict();
export type PatrolSchedulePolicy = z.infer<typeof patrolSchedulePolicySchema>;

/**
 * The demo's schedules — plausible defaults, not a rule from the operator's documents: intake points
 * on the 1st of every month, water-quality stations every Monday, boundary sections every other Monday.
 */
export const demoPatrolSchedulePolicy: PatrolSchedulePolicy = {
  startsOn: '2026-01-05',
  lookbackDays: 62,
  lastWindowDays: 30,
  byKind: {
    intake: 'FREQ=MONTHLY;BYMONTHDAY=1',
    source_quality: 'FREQ=WEEKLY;BYDAY=MO',
    boundary_section: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
  },
  bySiteCode: {},
};

/** The rule that applies to a site (null: no schedule). */
export function scheduleRuleFor(
  site: Pick<Site, 'code' | 'kind'>,
  policy: PatrolSchedulePolicy,
): string | null {
  return Object.prototype.hasOwnProperty.call(policy.bySiteCode, site.code)
    ? (policy.bySiteCode[site.code] ?? null)
    : policy.byKind[site.kind];
}

export type ScheduledOccurrence = {
  /** The occurrence's day (Asia/Shanghai) and its window [start, end) as instants. */
  readonly day: IsoDay;
  readonly start: number;
  readonly end: number;
};

/** Wall-clock midnight of a Shanghai instant as the "floating" UTC date rrule counts in. */
const floating = (ms: number) => new Date(ms + shanghaiOffsetMs);
const instant = (d: Date) => d.getTime() - shanghaiOffsetMs;

/** The occurrences of a rule that start in [from, to), each with its window. */
export function occurrencesOf(
  rule: string,
  policy: Pick<PatrolSchedulePolicy, 'startsOn' | 'lastWindowDays'>,
  from: number,
  to: number,
): ScheduledOccurrence[] {
  const anchor = dayStart(policy.startsOn);
  const lo = Math.max(from, anchor);
  if (to <= lo) {
    return [];
  }
  const recurrence = new lib.RRule({ ...lib.RRule.parseString(rule), dtstart: floating(anchor) });
  const starts = recurrence
    .between(floating(lo), floating(to), true)
    .map(instant)
    .filter((s) => s >= lo && s < to);
  const last = starts[starts.length - 1];
  const after = last === undefined ? null : recurrence.after(floating(last), false);
  return starts.map((start, i) => {
    const next = i + 1 < starts.length ? starts[i + 1]! : after === null ? null : instant(after);
    return { day: dayOf(start), start, end: next ?? start + policy.lastWindowDays * dayMs };
  });
}

export const occurrenceStates = ['done', 'done_late', 'due', 'overdue', 'excused', 'upcoming'] as const;
export type OccurrenceState = (typeof occurrenceStates)[number];

/** A crew's excusal of one occurrence (from a task event `excused` on its scheduled task). */
export type ScheduleExcusal = { readonly day: IsoDay; readonly reason: string; readonly at: number };

export type OccurrenceVerdict = ScheduledOccurrence & {
  readonly state: OccurrenceState;
  /** The patrol that satisfied it (done, done_late). */
  readonly patrolId: string | null;
  readonly doneAt: number | null;
  /** The excusal's reason (excused). */
  readonly excuse: string | null;
};

export type SiteScheduleVerdict = {
  readonly siteId: string;
  readonly rule: string | null;
  readonly occurrences: readonly OccurrenceVerdict[];
  /** The occurrences a crew owes now: overdue first (oldest first), then the one due. */
  readonly owed: readonly OccurrenceVerdict[];
};

/** How far ahead upcoming occurrences are listed. */
const upcomingDays = 35;

// Sites of a kind share a rule: a province's thousands of sites need a handful of expansions. The
// cache is invisible to callers (same inputs, same occurrences) and small.
const expansions = new Map<string, readonly ScheduledOccurrence[]>();
function cachedOccurrences(
  rule: string,
  policy: Pick<PatrolSchedulePolicy, 'startsOn' | 'lastWindowDays'>,
  to: number,
): readonly ScheduledOccurrence[] {
  const key = `${rule}|${policy.startsOn}|${policy.lastWindowDays}|${to}`;
  let found = expansions.get(key);
  if (found === undefined) {
    if (expansions.size >= 64) {
      expansions.clear();
    }
    found = occurrencesOf(rule, policy, dayStart(policy.startsOn), to);
    expansions.set(key, found);
  }
  return found;
}

/**
 * The schedule verdict of one site at `now`: its occurrences from `lookbackDays` ago to
 * `upcomingDays` ahead, each judged against the site's proven patrols (all of them: matching starts at
 * the rule's anchor) and its excusals. A patrol makes up a missed visit at most `lookbackDays` old.
 */
export function judgeSiteSchedule(input: {
  readonly site: Pick<Site, 'id' | 'code' | 'kind'>;
  readonly policy: PatrolSchedulePolicy;
  readonly patrols: readonly Patrol[];
  readonly excusals: readonly ScheduleExcusal[];
  readonly now: number;
  /** Report occurrences from here on (default: `lookbackDays` before now; the KPI reaches further). */
  readonly from?: number;
}): SiteScheduleVerdict {
  const { site, policy, now } = input;
  const rule = scheduleRuleFor(site, policy);
  if (rule === null) {
    return { siteId: site.id, rule, occurrences: [], owed: [] };
  }
  // Patrols are matched from the rule's anchor on, so an old occurrence leaving the look-back never
  // hands its patrol to another; only what is reported is cut to the look-back.
  const occurrences = cachedOccurrences(rule, policy, dayStart(addDays(dayOf(now), upcomingDays)));
  const excuses = new Map<IsoDay, ScheduleExcusal>();
  for (const e of [...input.excusals].sort((a, b) => a.at - b.at || a.reason.localeCompare(b.reason))) {
    if (!excuses.has(e.day)) {
      excuses.set(e.day, e);
    }
  }
  const visits = input.patrols
    .filter((p) => slaCheckIns({ siteId: site.id }, [p]).length === 1 && p.checkIn.at <= now)
    .map((p) => ({ id: p.id, at: p.checkIn.at }))
    .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const satisfied = new Map<number, { id: string; at: number }>();
  for (const visit of visits) {
    // A patrol makes up a visit missed at most `lookbackDays` before it, never an older one.
    const oldest = dayStart(addDays(dayOf(visit.at), -policy.lookbackDays));
    const open = occurrences.find(
      (o) => o.start >= oldest && o.start <= visit.at && !excuses.has(o.day) && !satisfied.has(o.start),
    );
    if (open !== undefined) {
      satisfied.set(open.start, visit);
    }
  }
  const from = input.from ?? dayStart(addDays(dayOf(now), -policy.lookbackDays));
  const judged = occurrences
    .filter((o) => o.start >= from)
    .map((o): OccurrenceVerdict => {
      const excuse = excuses.get(o.day);
      const visit = satisfied.get(o.start);
      const state: OccurrenceState =
        excuse !== undefined
          ? 'excused'
          : visit !== undefined
            ? visit.at < o.end
              ? 'done'
              : 'done_late'
            : o.start > now
              ? 'upcoming'
              : now < o.end
                ? 'due'
                : 'overdue';
      return {
        ...o,
        state,
        patrolId: visit?.id ?? null,
        doneAt: visit?.at ?? null,
        excuse: excuse?.reason ?? null,
      };
    });
  const owed = [...judged.filter((o) => o.state === 'overdue'), ...judged.filter((o) => o.state === 'due')];
  return { siteId: site.id, rule, occurrences: judged, owed };
}

/**
 * The schedule verdicts of many sites at one `now`, by site id — for each site exactly what
 * `judgeSiteSchedule` answers. A site with no patrol and no excusal is judged once per rule and the
 * answer shared (most of a province on most days), so a screen can judge a province every minute.
 */
export function judgeSiteSchedules(input: {
  readonly sites: readonly Pick<Site, 'id' | 'code' | 'kind'>[];
  readonly policy: PatrolSchedulePolicy;
  readonly patrolsBySite: ReadonlyMap<string, readonly Patrol[]>;
  readonly excusalsBySite: ReadonlyMap<string, readonly ScheduleExcusal[]>;
  readonly now: number;
  readonly from?: number;
}): Map<string, SiteScheduleVerdict> {
  const { policy, now } = input;
  const untouched = new Map<string | null, SiteScheduleVerdict>();
  const verdicts = new Map<string, SiteScheduleVerdict>();
  for (const site of input.sites) {
    const patrols = input.patrolsBySite.get(site.id) ?? [];
    const excusals = input.excusalsBySite.get(site.id) ?? [];
    const judge = () =>
      judgeSiteSchedule({
        site,
        policy,
        patrols,
        excusals,
        now,
        ...(input.from === undefined ? {} : { from: input.from }),
      });
    if (patrols.length > 0 || excusals.length > 0) {
      verdicts.set(site.id, judge());
      continue;
    }
    const rule = scheduleRuleFor(site, policy);
    let shared = untouched.get(rule);
    if (shared === undefined) {
      shared = judge();
      untouched.set(rule, shared);
    }
    verdicts.set(site.id, shared.siteId === site.id ? shared : { ...shared, siteId: site.id });
  }
  return verdicts;
}

/** The worst owed state of a site, for a badge or filter (overdue before due; null: nothing owed). */
export function scheduleFlag(verdict: SiteScheduleVerdict): 'overdue' | 'due' | null {
  return verdict.owed[0]?.state === 'overdue' ? 'overdue' : verdict.owed.length > 0 ? 'due' : null;
}

/** The dedup key of an occurrence's task: `schedule:<siteId>:<occurrence day>`. */
export function scheduleDedupKey(siteId: string, day: IsoDay): string {
  return `schedule:${siteId}:${day}`;
}

/** The site and occurrence day a scheduled task's dedup key names (null: not a schedule key). */
export function parseScheduleDedupKey(key: string | null): { siteId: string; day: IsoDay } | null {
  const match = key === null ? null : /^schedule:(.+):(\d{4}-\d{2}-\d{2})$/.exec(key);
  return match === null ? null : { siteId: match[1]!, day: match[2]! };
}

/** FNV-1a, 52 bits: a short pure hash for an id too long to spell out. */
function shortHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  }
  return (h & 0xfffffffffffffn).toString(36);
}

/**
 * The id of an occurrence's task, the same on the service and on a laptop offline (which excuses an
 * occurrence the service has not raised a task for yet): `sched-<yyyymmdd>-<siteId>`, or a hash of
 * the dedup key where that would be longer than a record id may be.
 */
export function scheduleTaskId(siteId: string, day: IsoDay): string {
  const id = `sched-${day.replaceAll('-', '')}-${siteId}`;
  return id.length <= 64 ? id : `sched-${shortHash(scheduleDedupKey(siteId, day))}`;
}

/** The occurrence a scheduled task's id names, where the id spells it out. */
function occurrenceOfTaskId(taskId: string): { siteId: string; day: IsoDay } | null {
  const match = /^sched-(\d{4})(\d{2})(\d{2})-(.+)$/.exec(taskId);
  return match === null ? null : { siteId: match[4]!, day: `${match[1]}-${match[2]}-${match[3]}` };
}

/**
 * The excusals in a set of task events, by site: `excused` events on a scheduled task (named by the
 * task's dedup key where the task is known, else by its id), with a reason — one without is none.
 * The time is the platform's receipt where it has one.
 */
export function scheduleExcusalsOf(
  events: readonly Pick<TaskEvent, 'type' | 'taskId' | 'siteId' | 'note' | 'recordedAt' | 'receivedAt'>[],
  dedupKeyOf: (taskId: string) => string | null,
): Map<string, ScheduleExcusal[]> {
  const bySite = new Map<string, ScheduleExcusal[]>();
  for (const e of events) {
    if (e.type !== 'excused') {
      continue;
    }
    const key = parseScheduleDedupKey(dedupKeyOf(e.taskId)) ?? occurrenceOfTaskId(e.taskId);
    const reason = e.note?.trim() ?? '';
    if (key === null || reason === '' || key.siteId !== e.siteId) {
      continue;
    }
    bySite.set(key.siteId, [
      ...(bySite.get(key.siteId) ?? []),
      { day: key.day, reason, at: e.receivedAt ?? e.recordedAt },
    ]);
  }
  return bySite;
}
