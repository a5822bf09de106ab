import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Patrol } from '../domain/index';
import { dayStart } from '../health/days';
import {
  demoPatrolSchedulePolicy,
  judgeSiteSchedule,
  judgeSiteSchedules,
  occurrencesOf,
  parseScheduleDedupKey,
  scheduleDedupKey,
  scheduleExcusalsOf,
  scheduleFlag,
  scheduleRuleFor,
  scheduleRuleProblem,
  scheduleTaskId,
  type PatrolSchedulePolicy,
  type ScheduleExcusal,
} from './patrol-schedule';
import { demoPolicy, provincePolicySchema } from './policy';

const hour = 3_600_000;
const at = (day: string, h = 10) => dayStart(day) + h * hour;
const site = { id: 's1', code: 'WQ001', kind: 'source_quality' as const };

const patrol = (id: string, checkedAt: number, inside = true, siteId = 's1') =>
  ({
    id,
    siteId,
    outsideRadiusReason: inside ? null : '道路中断，在桥头签到',
    checkIn: { at: checkedAt, position: { lat: 25, lng: 100 } },
  }) as unknown as Patrol;

/** Weekly on Mondays from Monday 2026-11-09; looking back 21 days. */
const weekly: PatrolSchedulePolicy = {
  ...demoPatrolSchedulePolicy,
  startsOn: '2026-11-09',
  lookbackDays: 21,
};
const fromNov2 = { ...weekly, startsOn: '2026-11-02' };
// Thursday 2026-11-26: occurrences 11-09, 11-16, 11-23 are in the look-back, 11-30 onwards upcoming.
const now = at('2026-11-26', 12);

const statesOf = (patrols: Patrol[], excusals: ScheduleExcusal[] = [], policy = weekly) =>
  judgeSiteSchedule({ site, policy, patrols, excusals, now }).occurrences.map((o) => [o.day, o.state]);

describe('patrol schedule: occurrences', () => {
  it('counts occurrences in Asia/Shanghai days, each window ending at the next one', () => {
    const occ = occurrencesOf('FREQ=WEEKLY;BYDAY=MO', weekly, at('2026-11-09', 0), at('2026-11-24', 0));
    expect(occ.map((o) => o.day)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    // 00:00 in Shanghai is 16:00 UTC the day before.
    expect(new Date(occ[0]!.start).toISOString()).toBe('2026-11-08T16:00:00.000Z');
    expect(occ[0]!.end).toBe(occ[1]!.start);
    expect(occ[2]!.end).toBe(dayStart('2026-11-30'));
  });

  it('a monthly rule on the 1st and a fortnightly one follow the calendar', () => {
    const monthly = occurrencesOf('FREQ=MONTHLY;BYMONTHDAY=1', weekly, at('2026-11-02'), at('2027-03-01', 0));
    expect(monthly.map((o) => o.day)).toEqual(['2026-12-01', '2027-01-01', '2027-02-01']);
    const fortnight = occurrencesOf(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO',
      fromNov2,
      at('2026-11-01'),
      at('2026-12-01'),
    );
    expect(fortnight.map((o) => o.day)).toEqual(['2026-11-02', '2026-11-16', '2026-11-30']);
  });

  it('a finite rule’s last occurrence keeps lastWindowDays; nothing starts before startsOn', () => {
    const occ = occurrencesOf('FREQ=DAILY;COUNT=2', fromNov2, at('2026-10-01'), at('2026-12-01'));
    expect(occ.map((o) => o.day)).toEqual(['2026-11-02', '2026-11-03']);
    expect(occ[1]!.end - occ[1]!.start).toBe(weekly.lastWindowDays * 24 * hour);
  });

  it('a site-code override wins over its kind, and null means no schedule', () => {
    const policy = { ...weekly, bySiteCode: { WQ001: 'FREQ=MONTHLY;BYMONTHDAY=15', WQ002: null } };
    expect(scheduleRuleFor(site, policy)).toBe('FREQ=MONTHLY;BYMONTHDAY=15');
    expect(scheduleRuleFor({ code: 'WQ002', kind: 'source_quality' }, policy)).toBeNull();
    expect(scheduleRuleFor({ code: 'IN001', kind: 'intake' }, policy)).toBe('FREQ=MONTHLY;BYMONTHDAY=1');
    const none = judgeSiteSchedule({
      site: { id: 's2', code: 'WQ002', kind: 'source_quality' },
      policy,
      patrols: [],
      excusals: [],
      now,
    });
    expect(none).toEqual({ siteId: 's2', rule: null, occurrences: [], owed: [] });
  });
});

describe('patrol schedule: states', () => {
  it('with no patrol: past windows overdue, the running one due, later ones upcoming', () => {
    expect(statesOf([]).slice(0, 5)).toEqual([
      ['2026-11-09', 'overdue'],
      ['2026-11-16', 'overdue'],
      ['2026-11-23', 'due'],
      ['2026-11-30', 'upcoming'],
      ['2026-12-07', 'upcoming'],
    ]);
    const v = judgeSiteSchedule({ site, policy: weekly, patrols: [], excusals: [], now });
    expect(v.owed.map((o) => [o.day, o.state])).toEqual([
      ['2026-11-09', 'overdue'],
      ['2026-11-16', 'overdue'],
      ['2026-11-23', 'due'],
    ]);
    expect(scheduleFlag(v)).toBe('overdue');
  });

  it('a patrol in its window is done; a later one makes up the earliest missed visit (done_late)', () => {
    const states = statesOf([patrol('p1', at('2026-11-10')), patrol('p2', at('2026-11-24'))]);
    expect(states.slice(0, 3)).toEqual([
      ['2026-11-09', 'done'],
      ['2026-11-16', 'done_late'],
      ['2026-11-23', 'due'],
    ]);
  });

  it('each patrol satisfies one occurrence only; one checked in outside the radius proves nothing', () => {
    const states = statesOf([
      patrol('p1', at('2026-11-24', 9)),
      patrol('p2', at('2026-11-24', 15)),
      patrol('p3', at('2026-11-25'), false),
      patrol('p4', at('2026-11-25'), true, 'other-site'),
    ]);
    expect(states.slice(0, 3)).toEqual([
      ['2026-11-09', 'done_late'],
      ['2026-11-16', 'done_late'],
      ['2026-11-23', 'due'],
    ]);
  });

  it('an excused occurrence stays excused with its reason, and the patrol goes to the next open one', () => {
    const v = judgeSiteSchedule({
      site,
      policy: weekly,
      patrols: [patrol('p1', at('2026-11-24'))],
      excusals: [{ day: '2026-11-09', reason: '汛期道路中断', at: at('2026-11-20') }],
      now,
    });
    expect(v.occurrences.slice(0, 3).map((o) => [o.day, o.state, o.excuse, o.patrolId])).toEqual([
      ['2026-11-09', 'excused', '汛期道路中断', null],
      ['2026-11-16', 'done_late', null, 'p1'],
      ['2026-11-23', 'due', null, null],
    ]);
    expect(scheduleFlag(v)).toBe('due');
  });

  it('a patrol before any occurrence in the window, or after now, satisfies nothing', () => {
    const states = statesOf([patrol('p0', at('2026-11-01')), patrol('p9', at('2026-11-27'))]);
    expect(states.slice(0, 3).map(([, s]) => s)).toEqual(['overdue', 'overdue', 'due']);
  });

  it('a patrol keeps the visit it made up when that visit leaves the look-back', () => {
    const patrols = [patrol('p1', at('2026-11-24'))];
    const later = now + 14 * 24 * hour;
    const v = judgeSiteSchedule({ site, policy: weekly, patrols, excusals: [], now: later });
    // 11-09, made up by p1, is out of sight now; p1 never moves on to 11-23 or later.
    expect(v.occurrences.slice(0, 3).map((o) => [o.day, o.state])).toEqual([
      ['2026-11-23', 'overdue'],
      ['2026-11-30', 'overdue'],
      ['2026-12-07', 'due'],
    ]);
    // A patrol never makes up a visit older than the look-back before it.
    const late = judgeSiteSchedule({
      site,
      policy: weekly,
      patrols: [patrol('p2', at('2026-12-08'))],
      excusals: [],
      now: later,
    });
    expect(late.occurrences.find((o) => o.patrolId === 'p2')?.day).toBe('2026-11-23');
  });

  it('done in the current window leaves nothing owed', () => {
    const v = judgeSiteSchedule({
      site,
      policy: { ...weekly, startsOn: '2026-11-23', lookbackDays: 7 },
      patrols: [patrol('p1', at('2026-11-23'))],
      excusals: [],
      now,
    });
    expect(v.occurrences[0]).toMatchObject({ day: '2026-11-23', state: 'done', patrolId: 'p1' });
    expect(scheduleFlag(v)).toBeNull();
  });

  it('an occurrence is due/overdue/done exactly once whatever order patrols and excusals arrive in', () => {
    const days = ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];
    const patrolArb = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      offsetH: fc.integer({ min: 0, max: 24 * 30 }),
      inside: fc.boolean(),
    });
    const excusalArb = fc.record({
      day: fc.constantFrom(...days),
      reason: fc.constantFrom('道路中断', '设备拆除', 'flood'),
      atH: fc.integer({ min: 0, max: 24 * 30 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(patrolArb, { selector: (p) => p.id, maxLength: 8 }),
        fc.array(excusalArb, { maxLength: 4 }),
        fc.integer(),
        (ps, es, seed) => {
          const base = at('2026-11-02', 0);
          const patrols = ps.map((p) => patrol(p.id, base + p.offsetH * hour, p.inside));
          const excusals = es.map((e) => ({ day: e.day, reason: e.reason, at: base + e.atH * hour }));
          const shuffle = <T>(xs: readonly T[]) =>
            xs
              .map((x, i) => ({ x, k: Math.sin(seed + i * 7919) }))
              .sort((a, b) => a.k - b.k)
              .map((p) => p.x);
          const a = judgeSiteSchedule({ site, policy: weekly, patrols, excusals, now });
          const b = judgeSiteSchedule({
            site,
            policy: weekly,
            patrols: shuffle(patrols),
            excusals: shuffle(excusals),
            now,
          });
          expect(b).toEqual(a);
          // Each occurrence appears once, with one state; each patrol satisfies at most one.
          const occDays = a.occurrences.map((o) => o.day);
          expect(new Set(occDays).size).toBe(occDays.length);
          const used = a.occurrences.flatMap((o) => (o.patrolId === null ? [] : [o.patrolId]));
          expect(new Set(used).size).toBe(used.length);
          for (const o of a.occurrences) {
            expect(o.state === 'done' || o.state === 'done_late').toBe(o.patrolId !== null);
            expect(o.state === 'excused').toBe(es.some((e) => e.day === o.day));
          }
          // Owed is exactly the due and overdue occurrences, each once.
          expect(a.owed.map((o) => o.day).sort()).toEqual(
            a.occurrences
              .filter((o) => o.state === 'due' || o.state === 'overdue')
              .map((o) => o.day)
              .sort(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('patrol schedule policy', () => {
  it('a policy stored before schedules existed reads the demo schedules', () => {
    const { patrolSchedules: _omitted, ...old } = demoPolicy;
    expect(provincePolicySchema.parse(old).patrolSchedules).toEqual(demoPatrolSchedulePolicy);
  });

  it('a rule rrule cannot parse, or one finer than a day, is refused by name at the edge', () => {
    for (const [rule, problem] of [
      ['garbage', "Unknown RRULE property 'garbage'"],
      ['FREQ=FOO', 'FREQ must be'],
      ['FREQ=HOURLY', 'FREQ must be'],
      ['FREQ=DAILY;BYHOUR=9', 'BYHOUR is not allowed'],
      ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY names a day'],
    ] as const) {
      expect(scheduleRuleProblem(rule)).toContain(problem);
      const bad = structuredClone(demoPolicy);
      bad.patrolSchedules.bySiteCode = { WQ001: rule };
      const r = provincePolicySchema.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toContain(`patrol schedule rule "${rule}" cannot be used`);
      expect(r.error?.issues[0]?.path).toEqual(['patrolSchedules', 'bySiteCode', 'WQ001']);
    }
    for (const rule of Object.values(demoPatrolSchedulePolicy.byKind)) {
      expect(scheduleRuleProblem(rule!)).toBeNull();
    }
  });

  it('dedup keys name the site and the occurrence day', () => {
    const key = scheduleDedupKey('site-1', '2026-11-23');
    expect(key).toBe('schedule:site-1:2026-11-23');
    expect(parseScheduleDedupKey(key)).toEqual({ siteId: 'site-1', day: '2026-11-23' });
    expect(parseScheduleDedupKey('silent:site-1:2026-11')).toBeNull();
    expect(parseScheduleDedupKey(null)).toBeNull();
  });

  it('a scheduled task’s id is the same on every machine, spelled out while it fits a record id', () => {
    expect(scheduleTaskId('site-5303810002', '2026-11-23')).toBe('sched-20261123-site-5303810002');
    const long = scheduleTaskId('x'.repeat(60), '2026-11-23');
    expect(long).toMatch(/^sched-[0-9a-z]+$/);
    expect(long.length).toBeLessThanOrEqual(64);
    expect(scheduleTaskId('x'.repeat(60), '2026-11-30')).not.toBe(long);
  });

  it('reads excusals from excused task events, by the task’s key or its id; one without a reason is none', () => {
    const event = (taskId: string, note: string | null, type = 'excused' as const) => ({
      type,
      taskId,
      siteId: 'site-1',
      note,
      recordedAt: 5,
      receivedAt: 9,
    });
    const keys: Record<string, string> = { 'task-a': 'schedule:site-1:2026-11-16' };
    const found = scheduleExcusalsOf(
      [
        event('task-a', '汛期道路中断'),
        event(scheduleTaskId('site-1', '2026-11-23'), '设备拆除'),
        event(scheduleTaskId('site-1', '2026-11-30'), '  '),
        { ...event(scheduleTaskId('site-1', '2026-12-07'), 'x'), type: 'note' as const },
        { ...event(scheduleTaskId('site-2', '2026-11-23'), 'x') },
      ],
      (id) => keys[id] ?? null,
    );
    expect([...found.entries()]).toEqual([
      [
        'site-1',
        [
          { day: '2026-11-16', reason: '汛期道路中断', at: 9 },
          { day: '2026-11-23', reason: '设备拆除', at: 9 },
        ],
      ],
    ]);
  });
});

describe('patrol schedule: a province at once', () => {
  it('judges every site as judgeSiteSchedule does, patrols, excusals and overrides included', () => {
    const policy: PatrolSchedulePolicy = {
      ...weekly,
      byKind: {
        intake: 'FREQ=MONTHLY;BYMONTHDAY=1',
        source_quality: 'FREQ=WEEKLY;BYDAY=MO',
        boundary_section: null,
      },
      bySiteCode: { WQ003: 'FREQ=DAILY;INTERVAL=3', IN002: null },
    };
    const kinds = ['intake', 'source_quality', 'boundary_section'] as const;
    const sites = Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      code: `${i % 2 === 0 ? 'IN' : 'WQ'}${String(i).padStart(3, '0')}`,
      kind: kinds[i % 3]!,
    }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 29 }), fc.integer({ min: -40, max: 2 })), {
          maxLength: 20,
        }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 20 })), {
          maxLength: 5,
        }),
        (visits, excuses) => {
          const patrolsBySite = new Map<string, Patrol[]>();
          visits.forEach(([i, d], n) =>
            patrolsBySite.set(`s${i}`, [
              ...(patrolsBySite.get(`s${i}`) ?? []),
              patrol(`p${n}`, now + d * 24 * hour, true, `s${i}`),
            ]),
          );
          const excusalsBySite = new Map<string, ScheduleExcusal[]>();
          for (const [i, d] of excuses) {
            const day = new Date(dayStart('2026-11-09') + d * 24 * hour + 8 * hour)
              .toISOString()
              .slice(0, 10);
            excusalsBySite.set(`s${i}`, [
              ...(excusalsBySite.get(`s${i}`) ?? []),
              { day, reason: '道路中断', at: now },
            ]);
          }
          const all = judgeSiteSchedules({ sites, policy, patrolsBySite, excusalsBySite, now });
          for (const s of sites) {
            expect(all.get(s.id)).toEqual(
              judgeSiteSchedule({
                site: s,
                policy,
                patrols: patrolsBySite.get(s.id) ?? [],
                excusals: excusalsBySite.get(s.id) ?? [],
                now,
              }),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
