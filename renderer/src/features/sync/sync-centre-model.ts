import { collectionNames, isEventCollectionName, type CollectionName } from '#shared/domain/index';
import type { UpdateRequiredDetails } from '#shared/sync/index';
import type { OutboxEntry } from '../../sync/outbox-status';
import type { SyncState } from '../../sync/sync-store';
import { shownLastSync } from '../../sync/sync-verdict';

/** One row of the Sync centre's table: a collection, or the photo files. */
export type SyncRow = {
  readonly key: CollectionName | 'photo-files';
  /**
   * Whether pending / sent / stored are counted for the row: field events and photo files are; base
   * data the laptop pulled is the service's own, so those columns say nothing there.
   */
  readonly counted: boolean;
  readonly pending: number;
  readonly sent: number;
  readonly stored: number;
  readonly refused: number;
  /** Photo files held back because their record was refused (photo row only). */
  readonly blocked: number;
  /** Uploads the queue gave up on for now (photo row only). */
  readonly failed: number;
  readonly inReview: number;
  /** "Last successful sync" as it may be shown: null when withheld or never. */
  readonly lastSyncAt: number | null;
  /** The row has refused, blocked or failed items: no time is shown, "not complete" instead. */
  readonly lastSyncWithheld: boolean;
  /** The code of the row's last failed request (rendered from the catalogs). */
  readonly errorCode: string | null;
  readonly entries: readonly OutboxEntry[];
};

/** Reads the code of the upload queue's `code: message` failure text. */
function uploadErrorCode(text: string | null): string | null {
  if (text === null) {
    return null;
  }
  const match = /^([a-z-]+):/.exec(text);
  return match?.[1] ?? 'internal';
}

/**
 * The table's rows: every collection with something to say (records of its own, a refusal, a review,
 * an error, or base data it pulled), then the photo files. A row with anything refused, blocked or
 * failed shows no "last successful sync".
 */
export function syncRows(state: SyncState): SyncRow[] {
  const rows: SyncRow[] = collectionNames.map((name) => {
    const c = state.collections[name];
    const refused = Math.max(c.refused, state.refusals.filter((r) => r.collection === name).length);
    const shown = shownLastSync({
      lastSyncAt: c.lastSyncAt,
      refused,
      failed: 0,
      hasError: c.lastError !== null,
    });
    return {
      key: name,
      counted: isEventCollectionName(name),
      pending: c.pending,
      sent: c.sent,
      stored: c.stored,
      refused,
      blocked: 0,
      failed: 0,
      inReview: c.inReview,
      lastSyncAt: shown,
      lastSyncWithheld: refused > 0 || c.lastError !== null,
      errorCode: c.lastError?.code ?? null,
      entries: c.entries,
    };
  });
  const p = state.photoFiles;
  rows.push({
    key: 'photo-files',
    counted: true,
    pending: p.pending,
    sent: 0,
    stored: p.stored,
    refused: 0,
    blocked: p.blocked,
    failed: p.failed,
    inReview: 0,
    lastSyncAt: p.lastSuccessAt,
    lastSyncWithheld: p.blocked > 0 || p.failed > 0,
    errorCode: uploadErrorCode(p.lastError),
    entries: [],
  });
  return rows;
}

/**
 * The update the service asked for, when the last answer or any collection's last answer was
 * `update-required` (a collection's stays until that collection syncs again, so one collection that
 * cannot sync is not hidden by the others that can).
 */
export function updateRequiredBanner(state: SyncState): UpdateRequiredDetails | null {
  for (const error of [
    state.lastError,
    ...collectionNames.map((name) => state.collections[name].lastError),
  ]) {
    if (error?.update !== undefined) {
      return error.update;
    }
  }
  return null;
}
