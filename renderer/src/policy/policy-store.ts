import { useSyncExternalStore } from 'react';
import { demoPolicy, type ProvincePolicy } from '#shared/verdicts/index';

let current: ProvincePolicy = demoPolicy;
const listeners = new Set<() => void>();

/** The laptop's current policy (replaced when the service hands out a newer version). */
export const policyStore = {
  get: (): ProvincePolicy => current,
  set(next: ProvincePolicy): void {
    current = next;
    listeners.forEach((l) => l());
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function usePolicy(): ProvincePolicy {
  return useSyncExternalStore(policyStore.subscribe, policyStore.get, policyStore.get);
}
