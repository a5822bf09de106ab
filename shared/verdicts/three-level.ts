import { z } from 'zod';
import { isoDay } from '../domain/index';
import { addDays, daysBetween, type IsoDay } from '../health/days';
import { fail, ok, type Result } from '../result';

/**
 * 三级贯通 (three-level check): what the ministry's platform says it received from the province, per
 * site and day, against what the province holds. Every site and day in the compared range where the two
 * counts differ is one difference of a closed kind:
 *
 * - 漏发 (`lou_fa`, the province holds reports the ministry lacks):
 *   - `not_sent`: the province holds reports, the ministry has none (no row, or a row of 0);
 *   - `fewer_sent`: the ministry has fewer than the province holds.
 * - 错发 (`cuo_fa`, the ministry has reports the province cannot account for):
 *   - `not_held`: the ministry has reports of a day on which the province holds none;
 *   - `more_sent`: the ministry has more than the province holds;
 *   - `unknown_site`: the ministry has reports of a site the province does not know.
 *
 * A known site's day with no province row counts as 0 held; a day with no ministry row as 0 sent (the
 * difference says `ministry: null`, so "no row" and "a row of 0" stay apart). Equal counts are no
 * difference, 0 against no row included. Days outside [from, to] are not compared.
 */
export const threeLevelKinds = ['not_sent', 'fewer_sent', 'not_held', 'more_sent', 'unknown_site'] as const;
export type ThreeLevelKind = (typeof threeLevelKinds)[number];

export const threeLevelClasses = ['lou_fa', 'cuo_fa'] as const;
export type ThreeLevelClass = (typeof threeLevelClasses)[number];

/** The class each kind belongs to (漏发 or 错发). */
export const threeLevelClassOf: Readonly<Record<ThreeLevelKind, ThreeLevelClass>> = {
  not_sent: 'lou_fa',
  fewer_sent: 'lou_fa',
  not_held: 'cuo_fa',
  more_sent: 'cuo_fa',
  unknown_site: 'cuo_fa',
};

/** Reports of one site on one day (a row of either side). */
export type DayCount = { readonly siteCode: string; readonly day: IsoDay; readonly count: number };

export const threeLevelDifferenceSchema = z
  .object({
    siteCode: z.string(),
    day: isoDay,
    kind: z.enum(threeLevelKinds),
    class: z.enum(threeLevelClasses),
    /** Reports the province holds (null: a site it does not know). */
    province: z.number().int().min(0).nullable(),
    /** Reports the ministry has (null: no row of this site and day). */
    ministry: z.number().int().min(0).nullable(),
  })
  .strict();
export type ThreeLevelDifference = z.infer<typeof threeLevelDifferenceSchema>;

export type ThreeLevelInput = {
  /** The province's counts; a known site's day without a row holds 0. */
  readonly province: readonly DayCount[];
  /** Codes of the sites the province knows (and compares). */
  readonly knownSites: readonly string[];
  /** The ministry's counts, one row per site and day. */
  readonly ministry: readonly DayCount[];
  /** The compared days, inclusive. */
  readonly from: IsoDay;
  readonly to: IsoDay;
};

export const threeLevelRefusals = ['bad-range', 'duplicate-row', 'bad-count'] as const;
export type ThreeLevelRefusal = (typeof threeLevelRefusals)[number];

/** The longest range one check compares (a year; the days are walked one by one per site). */
export const threeLevelMaxDays = 366;

/** A calendar day written `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return false;
  }
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

const keyOf = (siteCode: string, day: IsoDay) => `${siteCode}\u0000${day}`;

function indexRows(
  side: string,
  rows: readonly DayCount[],
  inRange: (day: IsoDay) => boolean,
): Result<Map<string, number>, ThreeLevelRefusal> {
  const map = new Map<string, number>();
  for (const r of rows) {
    if (!Number.isInteger(r.count) || r.count < 0) {
      return fail('bad-count', `${side}: ${r.siteCode} on ${r.day} has count ${r.count}`);
    }
    const key = keyOf(r.siteCode, r.day);
    if (map.has(key)) {
      return fail('duplicate-row', `${side}: ${r.siteCode} on ${r.day} appears twice`);
    }
    if (inRange(r.day)) {
      map.set(key, r.count);
    }
  }
  return ok(map);
}

function kindOf(known: boolean, province: number, ministry: number): ThreeLevelKind | null {
  if (!known) {
    return ministry > 0 ? 'unknown_site' : null;
  }
  if (province === ministry) {
    return null;
  }
  if (ministry === 0) {
    return 'not_sent';
  }
  if (province === 0) {
    return 'not_held';
  }
  return ministry < province ? 'fewer_sent' : 'more_sent';
}

/** The differences between the two sides over [from, to], by site code then day. */
export function threeLevelDifferences(
  input: ThreeLevelInput,
): Result<ThreeLevelDifference[], ThreeLevelRefusal> {
  const { from, to } = input;
  if (!isCalendarDay(from) || !isCalendarDay(to) || daysBetween(from, to) < 0) {
    return fail('bad-range', `the compared days must run from a day to a day not before it (${from}…${to})`);
  }
  if (daysBetween(from, to) >= threeLevelMaxDays) {
    return fail('bad-range', `one check compares at most ${threeLevelMaxDays} days (${from}…${to})`);
  }
  const inRange = (day: IsoDay) => day >= from && day <= to;
  const province = indexRows('province', input.province, inRange);
  if (!province.ok) {
    return province;
  }
  const ministry = indexRows('ministry', input.ministry, inRange);
  if (!ministry.ok) {
    return ministry;
  }
  const known = new Set(input.knownSites);
  const unknown = new Set(
    input.ministry.filter((r) => !known.has(r.siteCode) && inRange(r.day)).map((r) => r.siteCode),
  );
  const sites = [...new Set([...known, ...unknown])].sort();
  const days = Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
  const out: ThreeLevelDifference[] = [];
  for (const siteCode of sites) {
    const isKnown = known.has(siteCode);
    for (const day of days) {
      const key = keyOf(siteCode, day);
      const held = province.value.get(key) ?? 0;
      const sent = ministry.value.get(key);
      const kind = kindOf(isKnown, held, sent ?? 0);
      if (kind !== null) {
        out.push({
          siteCode,
          day,
          kind,
          class: threeLevelClassOf[kind],
          province: isKnown ? held : null,
          ministry: sent ?? null,
        });
      }
    }
  }
  return ok(out);
}

/** How many differences of each class (the check's headline). */
export function threeLevelSummary(
  differences: readonly ThreeLevelDifference[],
): Record<ThreeLevelClass, number> {
  return {
    lou_fa: differences.filter((d) => d.class === 'lou_fa').length,
    cuo_fa: differences.filter((d) => d.class === 'cuo_fa').length,
  };
}
