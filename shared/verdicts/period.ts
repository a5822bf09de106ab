import { addDays, dayOf, dayStart, daysBetween, type IsoDay } from '../health/days';
import type { ProvincePolicy } from './policy';

/**
 * The period a verdict is judged over. Every surface shows it beside its figures: a status without its
 * period is half an answer. Days are Asia/Shanghai calendar days, both ends inclusive.
 *
 * - `window`: the screens' default — the policy's `statusWindowDays` whole days ending with the last
 *   complete day (yesterday). Today is never judged: its slots are still arriving.
 * - `month`: a calendar month (the 月报). The running month is cut at the last complete day and marked
 *   `partial`, so a month-to-date figure always says so.
 */
export type JudgedPeriod = {
  readonly kind: 'window' | 'month';
  readonly from: IsoDay;
  readonly to: IsoDay;
  /** `YYYY-MM` for a month period. */
  readonly month: string | null;
  /** A month period cut short because the month is still running (or has not begun). */
  readonly partial: boolean;
  /** Days covered (0 when a month has no complete day yet). */
  readonly days: number;
  /** Whether the period reaches the last complete day, so current states (silence, open faults now) apply. */
  readonly current: boolean;
  /**
   * "As it stood then" for folds, epoch ms (exclusive): the end of a whole month, or — for a running
   * month — the moment the report is made, so a fault opened today is in this month's report while
   * the rates still cover complete days only.
   */
  readonly endMs: number;
};

/** The last complete Shanghai day at `now`. */
export function lastCompleteDay(now: number): IsoDay {
  return addDays(dayOf(now), -1);
}

/** The screens' status period at `now`. */
export function statusPeriod(policy: Pick<ProvincePolicy, 'statusWindowDays'>, now: number): JudgedPeriod {
  const to = lastCompleteDay(now);
  const from = addDays(to, -(policy.statusWindowDays - 1));
  return {
    kind: 'window',
    from,
    to,
    month: null,
    partial: false,
    days: policy.statusWindowDays,
    current: true,
    endMs: dayStart(addDays(to, 1)),
  };
}

export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** A calendar month as a period at `now`: a running month is cut at the last complete day. */
export function monthPeriod(month: string, now: number): JudgedPeriod {
  if (!isMonth(month)) {
    throw new Error(`not a month: ${month}`);
  }
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = `${month}-01`;
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const yesterday = lastCompleteDay(now);
  const to = last <= yesterday ? last : yesterday;
  const days = Math.max(0, daysBetween(first, to) + 1);
  return {
    kind: 'month',
    from: first,
    // A month with no complete day yet covers nothing: `to` one day before `from`.
    to: days === 0 ? addDays(first, -1) : to,
    month,
    partial: to < last,
    days,
    current: to >= yesterday,
    endMs: Math.min(dayStart(addDays(last, 1)), now + 1),
  };
}

/** A period from its name: `window` (the status window) or a `YYYY-MM` month. */
export function periodOf(name: string, policy: ProvincePolicy, now: number): JudgedPeriod {
  return isMonth(name) ? monthPeriod(name, now) : statusPeriod(policy, now);
}
