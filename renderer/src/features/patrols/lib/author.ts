import { useMemo, useSyncExternalStore } from 'react';
import { newId } from '#shared/domain/index';
import type { Author } from '#shared/patrol/author';
import { useSyncController } from '../../../sync/runtime';

/**
 * Who is making field records on this laptop. Until device enrolment provides them, the device id is
 * made once and kept in local storage, and the operator is the name the crew entered at check-in.
 */
const deviceKey = 'wrm.deviceId';
const operatorKey = 'wrm.operatorId';
const listeners = new Set<() => void>();

export function storedOperator(): string {
  return window.localStorage.getItem(operatorKey) ?? '';
}

export function rememberOperator(operatorId: string): void {
  window.localStorage.setItem(operatorKey, operatorId.trim());
  listeners.forEach((l) => l());
}

function deviceId(): string {
  let id = window.localStorage.getItem(deviceKey);
  if (id === null) {
    id = newId();
    window.localStorage.setItem(deviceKey, id);
  }
  return id;
}

export function useOperator(): string {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, storedOperator);
}

export function useAuthor(): Author {
  const operator = useOperator();
  return useMemo(
    () => ({
      deviceId: deviceId(),
      operatorId: operator || 'crew',
      now: () => Date.now(),
      newId: () => newId(),
    }),
    [operator],
  );
}

const noStore = { subscribe: () => () => undefined, get: () => null };

/**
 * The account this laptop is enrolled with (its display name is the default 巡查人), or null before
 * enrolment.
 */
export function useEnrolledAccount(): {
  readonly username: string;
  readonly displayName: string;
  /** The account's region: a division-code prefix. */
  readonly scope: string;
} | null {
  const controller = useSyncController();
  const store = controller?.store ?? noStore;
  const state = useSyncExternalStore(
    (l) => store.subscribe(l),
    () => store.get(),
    () => store.get(),
  );
  return state?.settings?.account ?? null;
}
