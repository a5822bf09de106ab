import type { FaultEvent, Patrol, PatrolEvent, PhotoMeta, Reading } from '../domain/index';
import { checklistItems, checklistResults, type ChecklistConfig } from './checklist';
import { currentReadings } from './readings';

export type VisitSummary = {
  readonly itemsDone: number;
  readonly itemsTotal: number;
  readonly itemsFailed: number;
  /** Readings of the visit in force (a corrected one counts once), and how many were corrections. */
  readonly readings: number;
  readonly readingsCorrected: number;
  readonly photos: number;
  readonly faultsOpened: number;
  /** The visit's records the service has not acknowledged yet (no receipt stamp), by kind. */
  readonly unsynced: {
    readonly total: number;
    readonly patrol: number;
    readonly events: number;
    readonly readings: number;
    readonly photos: number;
    readonly faultEvents: number;
  };
};

/**
 * What a visit did, for its check-out: checklist items answered of all, readings, photos and faults
 * opened, and what is still only on this laptop. A record counts as synced only once it carries the
 * service's receipt time — never because a push was attempted.
 */
export function summarizeVisit(input: {
  readonly patrol: Patrol;
  readonly checklist: ChecklistConfig | null;
  readonly events: readonly PatrolEvent[];
  readonly readings: readonly Reading[];
  readonly photos: readonly PhotoMeta[];
  readonly faultEvents: readonly FaultEvent[];
}): VisitSummary {
  const own = <T extends { readonly patrolId: string | null }>(list: readonly T[]) =>
    list.filter((r) => r.patrolId === input.patrol.id);
  const events = own(input.events);
  const readings = own(input.readings);
  const photos = own(input.photos);
  const faultIds = new Set(
    own(input.faultEvents)
      .filter((e) => e.type === 'opened')
      .map((e) => e.faultId),
  );
  const faultEvents = input.faultEvents.filter((e) => faultIds.has(e.faultId));
  const results = checklistResults(input.checklist, events);
  const itemsTotal = input.checklist === null ? 0 : checklistItems(input.checklist).length;
  const unstamped = (list: readonly { readonly receivedAt?: number | null | undefined }[]) =>
    list.filter((r) => (r.receivedAt ?? null) === null).length;
  const unsynced = {
    patrol: unstamped([input.patrol]),
    events: unstamped(events),
    readings: unstamped(readings),
    photos: unstamped(photos),
    faultEvents: unstamped(faultEvents),
  };
  return {
    itemsDone: itemsTotal - results.missing.length,
    itemsTotal,
    itemsFailed: [...results.byItem.values()].filter((r) => r.outcome === 'fail').length,
    readings: currentReadings(readings).length,
    readingsCorrected: readings.filter((r) => r.supersedesId !== null).length,
    photos: photos.length,
    faultsOpened: faultIds.size,
    unsynced: {
      ...unsynced,
      total: unsynced.patrol + unsynced.events + unsynced.readings + unsynced.photos + unsynced.faultEvents,
    },
  };
}
