import { useEffect, useMemo, useState } from 'react';
import { useRecords } from '../../db/index';
import { mapSitesOf, type MapSite } from './site-status';

export type MapSitesState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly sites: readonly MapSite[] };

/** Every site in the device database (the crew's region), with its state, live. */
export function useMapSites(): MapSitesState {
  const sites = useRecords('sites');
  const health = useRecords('site_health');
  const faults = useRecords('fault_events');
  const tasks = useRecords('tasks');
  // Silence is measured against the clock: re-judge every minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return useMemo((): MapSitesState => {
    for (const q of [sites, health, faults, tasks]) {
      if (q.status === 'error') {
        return { status: 'error', message: q.message };
      }
    }
    if (
      sites.status !== 'ready' ||
      health.status !== 'ready' ||
      faults.status !== 'ready' ||
      tasks.status !== 'ready'
    ) {
      return { status: 'loading' };
    }
    return {
      status: 'ready',
      sites: mapSitesOf(sites.value, health.value, faults.value, tasks.value, { now }),
    };
  }, [sites, health, faults, tasks, now]);
}
