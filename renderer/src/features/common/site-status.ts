import { useEffect, useState, useSyncExternalStore } from 'react';
import { isMonth, periodOf, siteStatuses, type JudgedPeriod, type SiteStatus } from '#shared/verdicts/index';
import { usePolicy } from '../../policy/index';

/**
 * One vocabulary for a site's status on every screen: the verdict core's five statuses, one colour
 * each, one catalog entry each (`common:siteStatus.*`). The map, its legend and clusters, the Sites
 * table and detail page and Tasks all take them from here.
 */
export { siteStatuses, type SiteStatus };

export const statusColours: Readonly<Record<SiteStatus, string>> = {
  fault: '#cf1322',
  silent: '#262626',
  below: '#fa8c16',
  meets: '#389e0d',
  not_judged: '#8c8c8c',
};

/** The catalog key of a status's name. */
export const statusKey = (status: SiteStatus) => `common:siteStatus.${status}` as const;

// The period every status screen judges over: the status window, or a month the user picked. Kept for
// the session so the map, the Sites table and the detail page always show the same period.
const storageKey = 'wrm.period';
const listeners = new Set<() => void>();
let chosen: string = readStored();

function readStored(): string {
  try {
    const v = window.sessionStorage.getItem(storageKey);
    return v !== null && (v === 'window' || isMonth(v)) ? v : 'window';
  } catch {
    return 'window';
  }
}

export const periodChoice = {
  get: (): string => chosen,
  set: (next: string): void => {
    chosen = next === 'window' || isMonth(next) ? next : 'window';
    try {
      window.sessionStorage.setItem(storageKey, chosen);
    } catch {
      // Storage refused (private mode): the choice lasts until reload.
    }
    listeners.forEach((l) => l());
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The clock the status screens judge silence against: re-read every minute. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The period the screens judge over now, from the user's choice and the province policy. */
export function useJudgedPeriod(now: number): JudgedPeriod {
  const name = useSyncExternalStore(periodChoice.subscribe, periodChoice.get, periodChoice.get);
  const policy = usePolicy();
  return periodOf(name, policy, now);
}
