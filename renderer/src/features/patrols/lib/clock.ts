import { useSyncExternalStore } from 'react';

/**
 * Wall-clock time for display (open durations, default month), ticking every 30 s while any component
 * listens — render stays pure, the clock is an external store.
 */
let current = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useClock(): number {
  return useSyncExternalStore(subscribe, () => current);
}
