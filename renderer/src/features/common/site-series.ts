import { useEffect, useState, useSyncExternalStore } from 'react';
import { demoDaySummaries, demoSeries } from '#shared/demo/demo-series';
import type { DaySummary } from '#shared/monitoring/day-summary';
import type { SeriesPoint } from '#shared/monitoring/series-wire';
import type { ElementCode, MonitoredValue } from '#shared/monitoring/values';
import type { AppDatabase } from '../../db/database';
import { useDatabase } from '../../db/index';
import { findRecords } from '../../db/queries';
import { useSyncController } from '../../sync/runtime';
import { seriesRuntime } from '../../sync/series-cache-runtime';
import { loadSiteSeries, type SiteSeriesAnswer } from '../../sync/series-cache';

/**
 * One element's series of a site for the site page's chart (issue 16 item 5), with the day summaries
 * the laptop holds:
 * - enrolled and online: from the service, any span;
 * - offline (or the service does not answer): from the laptop's cache of the route's sites — `partial`
 *   when it covers only part of the span, `offline-uncached` when it holds nothing of it;
 * - the demo province (not enrolled, no service): generated on the device (`source: 'demo'`), with the
 *   planted backwards cumulative volume at `demoBackwardsVolumeSiteCode` (shared/demo/demo-series.ts).
 * `points` are the values as stored: `value` what first came, `revised` the 补报 beside it.
 */
export type SiteSeries = {
  readonly state: 'ready' | 'loading' | 'offline-uncached' | 'error';
  readonly points: readonly SeriesPoint[];
  readonly summaries: readonly DaySummary[];
  readonly source: 'cache' | 'service' | 'demo';
  readonly partial: boolean;
  readonly error: string | null;
};

const loading: SiteSeries = {
  state: 'loading',
  points: [],
  summaries: [],
  source: 'cache',
  partial: false,
  error: null,
};

const demoMarkerId = 'demo-province';

const asPoint = (v: MonitoredValue): SeriesPoint => ({
  time: v.time,
  value: v.value,
  source: v.source,
  flag: v.flag,
  receivedAt: v.receivedAt,
  revised: null,
  revisedAt: null,
  duplicates: 0,
});

/** The demo province's series of a site, or null when this database does not hold the demo province. */
export async function demoSeriesAnswer(
  db: AppDatabase,
  siteCode: string,
  element: ElementCode,
  from: number,
  to: number,
  now: number,
): Promise<SiteSeriesAnswer | null> {
  if ((await db.getLocal(demoMarkerId)) === null) {
    return null;
  }
  const [site] = await findRecords(db, 'sites', { selector: { code: siteCode }, limit: 1 });
  if (site === undefined) {
    return {
      state: 'error',
      points: [],
      summaries: [],
      source: 'demo',
      partial: false,
      error: `no site ${siteCode}`,
    };
  }
  const points = site.elements.includes(element) ? demoSeries(site, element, from, to, now).map(asPoint) : [];
  const summaries = site.elements.includes(element) ? demoDaySummaries(site, element, now) : [];
  return { state: 'ready', points, summaries, source: 'demo', partial: false, error: null };
}

/** Whether the browser says it is online, live. */
function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      window.addEventListener('online', l);
      window.addEventListener('offline', l);
      return () => {
        window.removeEventListener('online', l);
        window.removeEventListener('offline', l);
      };
    },
    () => navigator.onLine,
    () => true,
  );
}

/**
 * The site page's chart reads a series through this hook (the sites feature imports it).
 * @public
 */
export function useSiteSeries(
  siteCode: string,
  element: ElementCode,
  fromMs: number,
  toMs: number,
): SiteSeries {
  const db = useDatabase();
  const controller = useSyncController();
  const enrolled = useSyncExternalStore(
    (l) => controller?.store.subscribe(l) ?? (() => undefined),
    () => (controller === null ? false : controller.store.get().settings !== null),
    () => false,
  );
  const online = useOnline();
  const key = `${siteCode}/${element}/${fromMs}/${toMs}/${enrolled}/${online}`;
  const [answer, setAnswer] = useState<{ key: string; value: SiteSeries }>({ key, value: loading });
  useEffect(() => {
    let live = true;
    const now = Date.now();
    const work = async (): Promise<SiteSeriesAnswer> => {
      const runtime = seriesRuntime();
      if (!enrolled || runtime === null) {
        const demo = await demoSeriesAnswer(db, siteCode, element, fromMs, toMs, now);
        if (demo !== null) {
          return demo;
        }
      }
      if (runtime === null) {
        return {
          state: 'offline-uncached',
          points: [],
          summaries: [],
          source: 'cache',
          partial: false,
          error: null,
        };
      }
      return loadSiteSeries(
        { cache: runtime.cache, client: enrolled ? runtime.client() : null, online, now },
        { siteCode, element },
        fromMs,
        toMs,
      );
    };
    work().then(
      (value) => live && setAnswer({ key, value }),
      (error: unknown) =>
        live &&
        setAnswer({
          key,
          value: {
            ...loading,
            state: 'error',
            error: error instanceof Error ? error.message : String(error),
          },
        }),
    );
    return () => {
      live = false;
    };
  }, [db, key, siteCode, element, fromMs, toMs, enrolled, online]);
  return answer.key === key ? answer.value : loading;
}
