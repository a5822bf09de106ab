import { z } from 'zod';
import { countDays, type CountOptions } from '../health/counting';
import { addDays, dayStart, msPerDay, type IsoDay } from '../health/days';
import { elementCodes, type ElementCode, type MonitoredValue } from './values';

/**
 * Day summaries of one element of one site, the compact form laptops hold for their whole region
 * (issue 16 item 5): per Shanghai day the report slots expected and filled, and the minimum, maximum
 * and mean of the day's values.
 *
 * Rules, in words:
 * - The value of a device time is the one the audit judges: the latest 补报 (`backfill`, by receipt)
 *   if there is one, else the first original (receiver or file) received. Other values of that time
 *   stay stored beside it (the series route shows them) but count once here.
 * - `expected` and `count` are the reporting counts of the health core (`countDays`) applied to this
 *   element alone: slots starting that day (none before registration), and of those the slots with a
 *   value that arrived within the interval plus the allowed delay. A platform export carries no receipt
 *   time: the platform had the value when it was measured. So `count / expected` here is the element's
 *   share of the same rule site health applies to the whole site — no second counting rule.
 * - `values`, `min`, `max`, `mean` are over every device time of the day with a value, late or 补报
 *   ones included (they describe the data, not the reporting); null when the day has none.
 */
export type DaySummary = {
  readonly day: IsoDay;
  readonly expected: number;
  readonly count: number;
  readonly values: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
};

/** Days a laptop keeps per element: a rolling month. */
export const daySummaryWindowDays = 31;

/** The value a device time stands for (see the rules above); null for an empty list. */
export function effectiveValue<V extends Pick<MonitoredValue, 'source' | 'receivedAt'>>(
  sameTime: readonly V[],
): V | null {
  let correction: V | null = null;
  let original: V | null = null;
  for (const v of sameTime) {
    if (v.source === 'backfill') {
      if (correction === null || v.receivedAt >= correction.receivedAt) {
        correction = v;
      }
    } else if (original === null || v.receivedAt < original.receivedAt) {
      original = v;
    }
  }
  return correction ?? original;
}

export type SummaryOptions = Omit<CountOptions, 'elementsConfigured'>;

/**
 * The day summaries of one element's values (any order, any sources) over `options.days` days from
 * `options.firstDay`. Values outside those days are ignored.
 */
export function summariseDays(
  values: readonly Pick<MonitoredValue, 'time' | 'value' | 'source' | 'receivedAt'>[],
  options: SummaryOptions,
): DaySummary[] {
  const byTime = new Map<number, (typeof values)[number][]>();
  for (const v of values) {
    const list = byTime.get(v.time);
    if (list === undefined) {
      byTime.set(v.time, [v]);
    } else {
      list.push(v);
    }
  }
  const counted = countDays(
    values.map((v) => ({
      observedAt: v.time,
      receivedAt: v.source === 'file' ? v.time : v.receivedAt,
      frameValid: true,
      validValues: 1,
    })),
    { ...options, elementsConfigured: 1 },
  );
  const start = dayStart(options.firstDay);
  const stats = counted.map(() => ({ n: 0, min: Infinity, max: -Infinity, sum: 0 }));
  for (const [time, sameTime] of byTime) {
    const chosen = effectiveValue(sameTime);
    const s = stats[Math.floor((time - start) / msPerDay)];
    if (chosen === null || s === undefined || !Number.isFinite(chosen.value)) {
      continue;
    }
    s.n += 1;
    s.min = Math.min(s.min, chosen.value);
    s.max = Math.max(s.max, chosen.value);
    s.sum += chosen.value;
  }
  return counted.map((d, i) => {
    const s = stats[i] ?? { n: 0, min: 0, max: 0, sum: 0 };
    return {
      day: d.day,
      expected: d.expected,
      count: d.receivedSlots,
      values: s.n,
      min: s.n > 0 ? s.min : null,
      max: s.n > 0 ? s.max : null,
      mean: s.n > 0 ? s.sum / s.n : null,
    };
  });
}

/** The stored form: one element's days as parallel arrays, index 0 = the document's `firstDay`. */
export type ElementDays = z.infer<typeof elementDaysSchema>;

export function toElementDays(element: ElementCode, days: readonly DaySummary[]): ElementDays {
  return {
    element,
    expected: days.map((d) => d.expected),
    count: days.map((d) => d.count),
    values: days.map((d) => d.values),
    min: days.map((d) => d.min),
    max: days.map((d) => d.max),
    mean: days.map((d) => d.mean),
  };
}

/** The stored arrays read back as day summaries, only those from `fromDay` to `toDay` (inclusive). */
export function fromElementDays(
  firstDay: IsoDay,
  stored: ElementDays,
  fromDay: IsoDay = firstDay,
  toDay: IsoDay = addDays(firstDay, stored.expected.length - 1),
): DaySummary[] {
  const out: DaySummary[] = [];
  for (let i = 0; i < stored.expected.length; i += 1) {
    const day = addDays(firstDay, i);
    if (day < fromDay || day > toDay) {
      continue;
    }
    out.push({
      day,
      expected: stored.expected[i] ?? 0,
      count: stored.count[i] ?? 0,
      values: stored.values[i] ?? 0,
      min: stored.min[i] ?? null,
      max: stored.max[i] ?? null,
      mean: stored.mean[i] ?? null,
    });
  }
  return out;
}

const counts = z.array(z.number().int().min(0).max(1_000_000)).max(daySummaryWindowDays);
const figures = z.array(z.number().nullable()).max(daySummaryWindowDays);
const elementDaysSchema = z
  .object({
    element: z.enum(elementCodes),
    expected: counts,
    count: counts,
    values: counts,
    min: figures,
    max: figures,
    mean: figures,
  })
  .strict();

/**
 * 要素日统计 of one site, as the service stores it and laptops keep it: every monitored element's days
 * over a rolling 31 days, one document per site (a province of 20,000 sites is 20,000 documents, however
 * many days and elements), each element's days as parallel arrays, index 0 = `firstDay`.
 */
export const siteDaySummariesSchema = z
  .object({
    siteCode: z.string().min(1).max(40),
    divisionCode: z.string().regex(/^\d{6}$/),
    firstDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    elements: z.array(elementDaysSchema).max(elementCodes.length),
    /** ms since epoch, when the service last derived it. */
    updatedAt: z.number().int().min(0),
  })
  .strict();
export type SiteDaySummaries = z.infer<typeof siteDaySummariesSchema>;
