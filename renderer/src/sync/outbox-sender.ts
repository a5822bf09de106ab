import {
  collectionNames,
  eventCollectionNames,
  isEventCollectionName,
  type CollectionName,
} from '#shared/domain/index';
import type { PushResponse, SyncClient } from '#shared/sync/index';
import type { AppDatabase } from '../db/database';
import { readOutbox, readUnstamped } from './outbox-census';
import { reviewEntries, type SendingTracker } from './outbox-status';
import { wireRows, type LocalPushRow } from './push-rows';
import type { RefusalStore } from './refusal-store';
import type { SyncStore } from './sync-store';

/** Rows per direct push: the service's limit per request. */
const pushBatch = 500;

/**
 * Talks to the service outside RxDB's replication, which pushes a record once per change: sends
 * records straight away (a resend, a sweep after reconnecting) and reads this device's edits waiting
 * in review. Every answer goes through the same `pushed` bookkeeping as a replication's.
 */
export function createOutboxSender(options: {
  readonly db: AppDatabase;
  /** The enrolled device's client, or null while not enrolled (nothing is sent then). */
  readonly client: () => SyncClient | null;
  readonly store: SyncStore;
  readonly tracker: SendingTracker;
  readonly refusals: RefusalStore;
  /** Work made while the laptop was not enrolled: never sent (see enrolment-work). */
  readonly isDemoWork: (name: CollectionName, id: string) => boolean;
  readonly pushed: (name: CollectionName, sent: readonly LocalPushRow[], response: PushResponse) => void;
  readonly recount: () => void;
  readonly resync: (name: CollectionName) => void;
}) {
  const { store, tracker } = options;

  /** Sends records straight to the service; false when a push went unanswered (the rest waits). */
  async function pushDirect(
    name: CollectionName,
    docs: readonly Record<string, unknown>[],
  ): Promise<boolean> {
    const client = options.client();
    if (client === null) {
      return false;
    }
    for (let i = 0; i < docs.length; i += pushBatch) {
      const rows: LocalPushRow[] = docs.slice(i, i + pushBatch).map((d) => ({ newDocumentState: d }));
      const ids = rows.map((r) => String(r.newDocumentState['id']));
      tracker.sent(name, ids);
      const result = await client.push(name, { rows: wireRows(rows) });
      if (!result.ok) {
        tracker.unanswered(name, ids);
        store.log(`${name}: push: ${result.error.code}: ${result.error.message}`);
        options.recount();
        return false;
      }
      options.pushed(name, rows, result.value);
    }
    return true;
  }

  /**
   * Sends every field record still without a receipt stamp, not refused and not demo work straight to the service
   * (pushing an event twice is a no-op there), then pulls: a reconnect never depends on a replication's
   * retry timer. Refused records are left alone: they wait for the crew.
   */
  async function sweepUnacknowledged(): Promise<void> {
    for (const name of eventCollectionNames) {
      const census = await readOutbox(options.db, name);
      const ids = census.unstamped.filter(
        (id) => !options.refusals.has(name, id) && !options.isDemoWork(name, id),
      );
      const docs = await readUnstamped(options.db, name, ids);
      if (docs.length === 0) {
        continue;
      }
      if (!(await pushDirect(name, docs))) {
        return;
      }
      options.resync(name);
    }
  }

  /** Reads this device's open reviews and shows them per collection. */
  async function refreshReviews(): Promise<void> {
    const client = options.client();
    if (client === null) {
      return;
    }
    const result = await client.reviews({ mine: true, status: 'open' });
    if (!result.ok) {
      return;
    }
    for (const name of collectionNames) {
      const ids = result.value.reviews.filter((r) => r.collection === name).map((r) => r.recordId);
      const current = store.get().collections[name];
      if (ids.length !== current.inReview) {
        // Base data has no outbox of its own: its per-record list is its unanswered edits (kept
        // by the status keeper) and then its edits in review.
        store.updateCollection(
          name,
          isEventCollectionName(name)
            ? { inReview: ids.length }
            : {
                inReview: ids.length,
                entries: [...current.entries.filter((e) => e.status !== 'in-review'), ...reviewEntries(ids)],
              },
        );
      }
    }
  }

  return { pushDirect, sweepUnacknowledged, refreshReviews };
}
