import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { asyncScheduler, combineLatest, from, NEVER, throttleTime } from 'rxjs';
import type { JudgedPeriod } from '#shared/verdicts/index';
import { useDemoSeedStatus } from '../../db/demo-seed';
import { records$, useDatabase, useLive } from '../../db/index';
import { usePolicy } from '../../policy/index';
import type { FirstPullReader } from '../../sync/first-pull-readers';
import { useSyncController } from '../../sync/runtime';
import { useJudgedPeriod, useMinuteClock } from '../common/site-status';
import { mapSitesOf, type MapSite } from '../common/map-sites';
import {
  firstPullHoldsMap,
  loadMapSummary,
  mapInputCollections,
  mapRegionKey,
  saveMapSummary,
  type MapInputs,
} from './map-summary';

export type MapSitesState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | {
      readonly status: 'ready';
      readonly period: JudgedPeriod;
      readonly sites: readonly MapSite[];
      /** When the stored start-up summary shown was written; null once the live reading is shown. */
      readonly snapshotAt: number | null;
    };

/** A live reading is written as the next start-up summary once the data has been quiet this long. */
const summaryDebounceMs = 2000;

const noStore = { subscribe: () => () => undefined, get: () => null };

/**
 * The sync side as the map needs it: the region the laptop is enrolled with (which summary is its
 * own; null before the sync runtime is up) and whether a first sync is still pulling a map input.
 */
function useSyncSide(): { region: string | null; pulling: boolean } {
  const controller = useSyncController();
  const store = controller?.store ?? noStore;
  const region = useSyncExternalStore(
    (l) => store.subscribe(l),
    () => {
      const s = store.get();
      return s === null ? null : mapRegionKey(s.settings);
    },
  );
  const pulling = useSyncExternalStore(
    (l) => store.subscribe(l),
    () => firstPullHoldsMap(store.get()?.firstPull ?? null),
  );
  return { region, pulling };
}

/** Whether the map holds still: the demo province is loading, or a first sync pulls the map's inputs. */
export function useMapHold(): boolean {
  const seed = useDemoSeedStatus();
  const { pulling } = useSyncSide();
  return seed.phase === 'loading' || pulling;
}

/**
 * Every site in the device database (the crew's region), with its state, live. The first reading
 * shows at once; bursts of writes after it (a sync pull, the demo province loading in chunks) are
 * folded into one update at most every 0.5 s, the last one always delivered. While the demo province
 * loads, or a new laptop's first sync pulls the map's inputs, the map waits and reads once after.
 *
 * With `snapshot`, until the live reading arrives the sites come from the start-up summary (the
 * inputs stored after an earlier reading, judged by the same core with today's clock) and
 * `snapshotAt` says so; the live reading replaces it, and is stored as the next summary.
 */
export function useMapSites({ snapshot = false }: { readonly snapshot?: boolean } = {}): MapSitesState {
  const db = useDatabase();
  const { region } = useSyncSide();
  const hold = useMapHold();
  // Keyed to the region too: a reading is stored as the summary of the region it was taken under.
  const inputs = useLive<MapInputs>(`map-sites:${hold ? 'wait' : 'live'}:${region ?? ''}`, (d) =>
    hold
      ? NEVER
      : combineLatest([
          records$(d, 'sites'),
          records$(d, 'site_health'),
          records$(d, 'fault_events'),
          records$(d, 'tasks'),
        ]).pipe(throttleTime(500, asyncScheduler, { leading: true, trailing: true })),
  );
  const live = inputs.status === 'ready';
  // A new laptop's first pull waits between waves for the map to read what came in (the next wave's
  // writes would starve the reading): the map says when it has.
  const controller = useSyncController();
  const reader = useRef<FirstPullReader | null>(null);
  useEffect(() => {
    const registered = controller?.firstPullReaders.register(mapInputCollections) ?? null;
    reader.current = registered;
    return () => {
      registered?.release();
      reader.current = null;
    };
  }, [controller]);
  useEffect(() => {
    if (live && !hold) {
      reader.current?.ready();
    }
  }, [controller, live, hold, inputs]);
  const stored = useLive(`map-summary:${snapshot && region !== null && !live ? region : 'none'}`, (d) =>
    from(snapshot && region !== null && !live ? loadMapSummary(d, region) : Promise.resolve(null)),
  );
  // A reading of the database as it settled is the next start's summary (not every burst of writes).
  useEffect(() => {
    // An empty reading is no head start (a new laptop before its first sync): nothing to store.
    if (inputs.status !== 'ready' || region === null || inputs.value[0].length === 0) {
      return;
    }
    const timer = setTimeout(() => {
      // A summary not written costs the next start its head start, nothing more: that start reads live.
      void saveMapSummary(db, region, inputs.value, Date.now()).then(
        (written) => written && performance.mark('wrm:map-summary-saved'),
        () => undefined,
      );
    }, summaryDebounceMs);
    return () => clearTimeout(timer);
  }, [db, inputs, region]);

  // Silence is measured against the clock: re-judge every minute.
  const now = useMinuteClock();
  const period = useJudgedPeriod(now);
  const policy = usePolicy();
  return useMemo((): MapSitesState => {
    const summary = stored.status === 'ready' ? stored.value : null;
    if (inputs.status !== 'ready') {
      if (inputs.status === 'loading' && summary !== null) {
        const [sites, health, faults, tasks] = summary.inputs;
        return {
          status: 'ready',
          period,
          sites: mapSitesOf(sites, health, faults, tasks, { now, period, policy }),
          snapshotAt: summary.savedAt,
        };
      }
      return inputs;
    }
    const [sites, health, faults, tasks] = inputs.value;
    return {
      status: 'ready',
      period,
      sites: mapSitesOf(sites, health, faults, tasks, { now, period, policy }),
      snapshotAt: null,
    };
  }, [inputs, stored, now, period, policy]);
}
