import { useSyncExternalStore } from 'react';
import { useSyncController } from '../sync/runtime';

/**
 * The first launch's explicit choice: enrol this laptop, or explore the demo province. Kept in local
 * storage so it is asked once; an enrolled laptop is never asked (its work is the province's).
 */
export type LaunchChoice = 'enrol' | 'demo';
const choiceKey = 'wrm.launchChoice';
const listeners = new Set<() => void>();

/** The choice this laptop's crew made at first launch (null: not asked yet). */
export function storedChoice(): LaunchChoice | null {
  const value = window.localStorage.getItem(choiceKey);
  return value === 'enrol' || value === 'demo' ? value : null;
}

export function chooseLaunch(choice: LaunchChoice): void {
  window.localStorage.setItem(choiceKey, choice);
  listeners.forEach((l) => l());
}

/**
 * Where this laptop stands: `enrolled`, `demo` (not enrolled; the demo province, never synced),
 * `undecided` (first launch: ask), or `starting` while the sync runtime is not up yet (ask nothing).
 */
export function useLaunchMode(): 'enrolled' | 'demo' | 'undecided' | 'starting' {
  const controller = useSyncController();
  const choice = useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, storedChoice);
  const settings = useSyncExternalStore(
    (l) => controller?.store.subscribe(l) ?? (() => undefined),
    () => controller?.store.get().settings,
  );
  if (controller === null || settings === undefined) {
    return 'starting';
  }
  if (settings !== null) {
    return 'enrolled';
  }
  return choice === null ? 'undecided' : 'demo';
}
