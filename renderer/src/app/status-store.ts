import { useSyncExternalStore } from 'react';
import type { SerialConnection } from '#shared/host/contract/index';

/** What the status bar shows; features publish into it (sync: pending counts; diagnostics: port). */
export type AppStatus = {
  readonly online: boolean;
  readonly hostConnected: boolean;
  /** Records and photo files waiting for the network. */
  readonly pendingUploads: number;
  /** Records the service refused: they wait for the crew, so they are never counted as pending. */
  readonly refusedRecords: number;
  readonly serial: SerialConnection;
};

export type StatusStore = {
  readonly get: () => AppStatus;
  readonly update: (patch: Partial<AppStatus>) => void;
  readonly subscribe: (listener: () => void) => () => void;
};

export function createStatusStore(initial: AppStatus): StatusStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    update: (patch) => {
      state = { ...state, ...patch };
      for (const listener of listeners) {
        listener();
      }
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const statusStore = createStatusStore({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  hostConnected: true,
  pendingUploads: 0,
  refusedRecords: 0,
  serial: null,
});

export function useAppStatus(): AppStatus {
  return useSyncExternalStore(statusStore.subscribe, statusStore.get, statusStore.get);
}
