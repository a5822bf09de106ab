import { useEffect, useSyncExternalStore } from 'react';
import type { HostClient } from '#shared/host/client';
import type { Wgs84 } from '#shared/geo/coords';
import { wgs84 } from '#shared/geo/coords';

/**
 * Where the crew is: the browser's geolocation where the machine has it, or a GNSS receiver on a
 * serial port (through the host). The newest fix wins; each source keeps its own error so the UI can
 * say which one is failing and why.
 */
export type PositionSource = 'gnss' | 'browser' | 'manual';

export type CrewFix = {
  readonly position: Wgs84;
  readonly accuracyM: number | null;
  readonly source: PositionSource;
  readonly at: number;
};

export type PositionState = {
  readonly fix: CrewFix | null;
  readonly browser: 'off' | 'waiting' | 'on' | 'denied' | 'unavailable' | 'unsupported';
  readonly browserError: string | null;
};

export type PositionStore = {
  readonly get: () => PositionState;
  readonly subscribe: (listener: () => void) => () => void;
  readonly setFix: (fix: CrewFix) => void;
  readonly update: (patch: Partial<Omit<PositionState, 'fix'>>) => void;
};

export function createPositionStore(): PositionStore {
  let state: PositionState = { fix: null, browser: 'off', browserError: null };
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) {
      l();
    }
  };
  return {
    get: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setFix: (fix) => {
      state = { ...state, fix };
      notify();
    },
    update: (patch) => {
      state = { ...state, ...patch };
      notify();
    },
  };
}

export const positionStore = createPositionStore();

export function useCrewPosition(store: PositionStore = positionStore): PositionState {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** Starts browser geolocation; returns the stop function. */
export function watchBrowserPosition(
  geolocation: Geolocation | undefined,
  store: PositionStore = positionStore,
  now: () => number = Date.now,
): () => void {
  if (geolocation === undefined) {
    store.update({ browser: 'unsupported', browserError: null });
    return () => undefined;
  }
  store.update({ browser: 'waiting', browserError: null });
  const id = geolocation.watchPosition(
    (p) => {
      try {
        store.setFix({
          position: wgs84(p.coords.latitude, p.coords.longitude),
          accuracyM: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null,
          source: 'browser',
          at: now(),
        });
        store.update({ browser: 'on', browserError: null });
      } catch (error) {
        store.update({
          browser: 'unavailable',
          browserError: error instanceof Error ? error.message : String(error),
        });
      }
    },
    (error) => {
      store.update({
        browser: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable',
        browserError: error.message,
      });
    },
    { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
  );
  return () => {
    geolocation.clearWatch(id);
    store.update({ browser: 'off' });
  };
}

/** Feeds the host's GNSS fixes into the store; returns the unsubscribe. */
export function connectGnss(
  host: Pick<HostClient, 'subscribe'>,
  store: PositionStore = positionStore,
): () => void {
  return host.subscribe('gnss.fix', (f) => {
    try {
      store.setFix({ position: wgs84(f.lat, f.lng), accuracyM: f.accuracyM, source: 'gnss', at: f.at });
    } catch {
      // A fix outside the world's coordinates cannot come from a working receiver: ignore it.
    }
  });
}

/** Keeps the crew position fed from a GNSS receiver while the component is mounted. */
export function useGnssFeed(host: Pick<HostClient, 'subscribe'>): void {
  useEffect(() => connectGnss(host), [host]);
}
