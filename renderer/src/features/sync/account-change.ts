import { eventCollectionNames } from '#shared/domain/index';
import type { SyncState } from '../../sync/sync-store';

/** A line of the sign-out confirmation: a catalog key under `sync.` and its parameters. */
export type AccountChangeLine = { readonly key: string; readonly count: number };

/**
 * What signing out (to enrol another account) does to this laptop's work, as the controller does it:
 * unsent records stay and go up under the next account enrolled, which refuses (and lists, with the
 * reason) what lies outside its region; refused records stay listed and wait for the crew; work made
 * before the next enrolment is demo work and is never sent. Nothing is deleted.
 */
export function accountChangeNotice(state: SyncState): AccountChangeLine[] {
  const unsent = eventCollectionNames.reduce(
    (n, name) => n + state.collections[name].pending + state.collections[name].sent,
    0,
  );
  return [
    unsent > 0
      ? { key: 'accountChange.unsent', count: unsent }
      : { key: 'accountChange.nothingUnsent', count: 0 },
    ...(state.refusals.length > 0 ? [{ key: 'accountChange.refused', count: state.refusals.length }] : []),
    { key: 'accountChange.meanwhile', count: 0 },
  ];
}
