// Calendar days in Asia/Shanghai (UTC+8 all year, no daylight saving), as `YYYY-MM-DD`.
const dayMs = 86_400_000;
const shanghaiOffsetMs = 8 * 3_600_000;

export type IsoDay = string;

/** The Shanghai day a moment falls on. */
export function dayOf(epochMs: number): IsoDay {
  return new Date(epochMs + shanghaiOffsetMs).toISOString().slice(0, 10);
}

/**
 * Starts of the days seen so far: judging a province parses the same few dozen days hundreds of
 * thousands of times (every site's history), and `Date.parse` was a tenth of the map's start-up.
 */
const starts = new Map<IsoDay, number>();

/** 00:00 Shanghai of a day, as epoch ms. */
export function dayStart(day: IsoDay): number {
  const known = starts.get(day);
  if (known !== undefined) {
    return known;
  }
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) {
    throw new Error(`not a day: ${day}`);
  }
  if (starts.size >= 10_000) {
    starts.clear();
  }
  starts.set(day, ms - shanghaiOffsetMs);
  return ms - shanghaiOffsetMs;
}

export function addDays(day: IsoDay, n: number): IsoDay {
  return dayOf(dayStart(day) + n * dayMs);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: IsoDay, b: IsoDay): number {
  return Math.round((dayStart(b) - dayStart(a)) / dayMs);
}

export const msPerDay = dayMs;
