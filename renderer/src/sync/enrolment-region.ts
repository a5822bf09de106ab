import { useSyncExternalStore } from 'react';
import { inScope } from '#shared/sync/policy';
import { useSyncController } from './runtime';

/**
 * An enrolled laptop lists its own region first: the sites inside the account's region, then the
 * rest, each part in the order it came (by code). Not enrolled (`scope` null): the order is kept.
 */
export function regionFirst<T extends { readonly site: { readonly divisionCode: string } }>(
  rows: readonly T[],
  scope: string | null,
): T[] {
  if (scope === null) {
    return [...rows];
  }
  const inside = rows.filter((r) => inScope(r.site.divisionCode, scope));
  return inside.length === 0 || inside.length === rows.length
    ? [...rows]
    : [...inside, ...rows.filter((r) => !inScope(r.site.divisionCode, scope))];
}

/**
 * The sites an enrolled laptop's map opens on: those inside the account's region, or every site when
 * the laptop is not enrolled or its region holds none of them.
 */
export function sitesToFit<T extends { readonly divisionCode: string }>(
  sites: readonly T[],
  scope: string | null,
): readonly T[] {
  const inside = scope === null ? [] : sites.filter((s) => inScope(s.divisionCode, scope));
  return inside.length > 0 ? inside : sites;
}

/** The enrolled account's region (a division-code prefix), or null while the laptop is not enrolled. */
export function useEnrolledScope(): string | null {
  const controller = useSyncController();
  return useSyncExternalStore(
    (l) => controller?.store.subscribe(l) ?? (() => undefined),
    () => controller?.store.get().settings?.account.scope ?? null,
  );
}
