import { useSyncExternalStore } from 'react';
import type { Role } from '#shared/sync/policy';
import { useSyncController } from '../../sync/runtime';

const noStore = { subscribe: () => () => undefined, get: () => null };

/**
 * The signed-in account's role (from the enrolment the sync controller holds). The demo laptop, never
 * enrolled, plays every part — crew and supervisor — so the whole dispatch and sign-off can be tried;
 * an enrolled laptop gets what its account may do (the service refuses the rest by name anyway).
 */
export function useSignedInRole(): Role {
  const controller = useSyncController();
  const store = controller?.store ?? noStore;
  const state = useSyncExternalStore(
    (l) => store.subscribe(l),
    () => store.get(),
    () => store.get(),
  );
  return state?.settings?.account.role ?? 'supervisor';
}
