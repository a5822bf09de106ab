import { addDays, dayOf, dayStart, msPerDay, type IsoDay } from '../health/days';
import { daySummaryWindowDays, summariseDays, type DaySummary } from '../monitoring/day-summary';
import { simulateCleanSeries } from '../monitoring/simulate-series';
import { isElementCode, type ElementCode, type MonitoredValue } from '../monitoring/values';
import { createRandom } from './random';

/**
 * Monitoring series of the demo province, which has no service to ask: generated on the device,
 * deterministic per site and day, clean (shared/monitoring/simulate-series.ts) — except one planted
 * fault, so the data-audit screens have something to show without a service: the cumulative volume of
 * `demoBackwardsVolumeSiteCode` runs backwards at 10:00 (Beijing) yesterday.
 */
export const demoBackwardsVolumeSiteCode = '53018110001';

/** How far back a demo series reaches (a series request covers at most this much, too). */
export const demoSeriesDays = 93;

/** The planted fault: the hour (Beijing) and how far the volume falls below its previous reading. */
const backwardsHour = 10;
const backwardsDaysAgo = 1;
const backwardsDropM3 = 800;

export type DemoSeriesSite = {
  readonly code: string;
  readonly elements: readonly string[];
  readonly reportIntervalMinutes: number;
  readonly registeredOn: IsoDay;
};

/** The moment the planted backwards reading is stamped, for a given today (Beijing). */
export function demoBackwardsAt(today: IsoDay): number {
  return dayStart(addDays(today, -backwardsDaysAgo)) + backwardsHour * 3_600_000;
}

const seriesSeed = 20_161_101;
const cache = new Map<string, MonitoredValue[]>();

/**
 * Every value of one element of a demo site from `demoSeriesDays` before `today` to the end of
 * today (Beijing), as the receiver would have stored it. The same site, element and today give the
 * same series on every machine.
 */
export function demoElementSeries(
  site: DemoSeriesSite,
  element: ElementCode,
  today: IsoDay,
): MonitoredValue[] {
  const key = `${site.code}/${site.reportIntervalMinutes}/${site.elements.join(',')}/${today}`;
  let all = cache.get(key);
  if (all === undefined) {
    const from = dayStart(addDays(today, -(demoSeriesDays - 1)));
    const intervalMs = site.reportIntervalMinutes * 60_000;
    const first = Math.ceil(from / intervalMs) * intervalMs;
    all = simulateCleanSeries({
      siteCode: site.code,
      elements: site.elements.filter(isElementCode),
      from: first,
      slots: Math.floor((dayStart(today) + msPerDay - first) / intervalMs),
      intervalMinutes: site.reportIntervalMinutes,
      seed: createRandom(seriesSeed)
        .fork(`series:${site.code}`)
        .int(0, 2 ** 31),
    });
    if (site.code === demoBackwardsVolumeSiteCode) {
      const at = demoBackwardsAt(today);
      all = all.map((v) =>
        v.element === 'volume' && v.time === at ? { ...v, value: v.value - backwardsDropM3 } : v,
      );
    }
    if (cache.size > 200) {
      cache.clear();
    }
    cache.set(key, all);
  }
  return all.filter((v) => v.element === element);
}

/** The demo values of `[fromMs, toMs)`; none before the site's registration. */
export function demoSeries(
  site: DemoSeriesSite,
  element: ElementCode,
  fromMs: number,
  toMs: number,
  now: number,
): MonitoredValue[] {
  const registered = dayStart(site.registeredOn);
  return demoElementSeries(site, element, dayOf(now)).filter(
    (v) => v.time >= fromMs && v.time < toMs && v.time >= registered && v.receivedAt <= now,
  );
}

/** The day summaries of a demo site's element over the last 31 days, by the same core as the service's. */
export function demoDaySummaries(site: DemoSeriesSite, element: ElementCode, now: number): DaySummary[] {
  const today = dayOf(now);
  const firstDay = addDays(today, -(daySummaryWindowDays - 1));
  return summariseDays(demoSeries(site, element, dayStart(firstDay), now + 1, now), {
    firstDay,
    days: daySummaryWindowDays,
    intervalMinutes: site.reportIntervalMinutes,
    allowedDelayMinutes: 30,
    registeredOn: site.registeredOn,
    clockSkewToleranceMinutes: 10,
  });
}
