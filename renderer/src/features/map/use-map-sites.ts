import { useMemo } from 'react';
import { asyncScheduler, combineLatest, NEVER, throttleTime } from 'rxjs';
import type { FaultEvent, Site, SiteHealth, Task } from '#shared/domain/index';
import type { JudgedPeriod } from '#shared/verdicts/index';
import { useDemoSeedStatus } from '../../db/demo-seed';
import { records$, useLive } from '../../db/index';
import { usePolicy } from '../../policy/index';
import { useJudgedPeriod, useMinuteClock } from '../common/site-status';
import { mapSitesOf, type MapSite } from '../common/map-sites';

export type MapSitesState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly period: JudgedPeriod; readonly sites: readonly MapSite[] };

type Inputs = readonly [Site[], SiteHealth[], FaultEvent[], Task[]];

/**
 * Every site in the device database (the crew's region), with its state, live. The first reading
 * shows at once; bursts of writes after it (a sync pull, the demo province loading in chunks) are
 * folded into one update at most every 0.5 s, the last one always delivered;
 * while the demo province is still loading the map waits for it rather than re-reading every chunk.
 */
export function useMapSites(): MapSitesState {
  const seed = useDemoSeedStatus();
  const seeding = seed.phase === 'loading';
  const inputs = useLive<Inputs>(`map-sites:${seeding ? 'wait' : 'live'}`, (db) =>
    seeding
      ? NEVER
      : combineLatest([
          records$(db, 'sites'),
          records$(db, 'site_health'),
          records$(db, 'fault_events'),
          records$(db, 'tasks'),
        ]).pipe(throttleTime(500, asyncScheduler, { leading: true, trailing: true })),
  );
  // Silence is measured against the clock: re-judge every minute.
  const now = useMinuteClock();
  const period = useJudgedPeriod(now);
  const policy = usePolicy();
  return useMemo((): MapSitesState => {
    if (inputs.status !== 'ready') {
      return inputs;
    }
    const [sites, health, faults, tasks] = inputs.value;
    return {
      status: 'ready',
      period,
      sites: mapSitesOf(sites, health, faults, tasks, { now, period, policy }),
    };
  }, [inputs, now, period, policy]);
}
