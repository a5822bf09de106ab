import { isEventCollectionName, type CollectionName } from '#shared/domain/index';
import { retryAfterMs, updateRequiredOf, type ClientErrorCode, type PushResponse } from '#shared/sync/index';
import type { Backoff } from './backoff';
import type { SendingTracker } from './outbox-status';
import { refusalsOf, type LocalPushRow } from './push-rows';
import type { RefusalStore } from './refusal-store';
import type { SyncStore } from './sync-store';

/** A request the service did not answer as asked; RxDB retries the replication that threw it. */
export class SyncRequestError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the Sync centre makes of each answer (or non-answer) of the service, whoever asked — a
 * replication, a sweep or a resend: a revoked token stops everything, any other failure waits out the
 * shared backoff, an answer clears the error, and an answered push sorts its rows into accepted (sent
 * until the stamped copy is back), refused (kept for the crew) and sent to review.
 */
export function createPushOutcomes(options: {
  readonly store: SyncStore;
  readonly backoff: Backoff;
  readonly tracker: SendingTracker;
  readonly refusals: RefusalStore;
  readonly now: () => number;
  readonly isOnline: () => boolean;
  /** The enrolled account's region, or null before enrolment. */
  readonly scope: () => string | null;
  /** Recount the Sync centre's numbers (batched by the status keeper). */
  readonly recount: () => void;
  /** Pull this collection again now. */
  readonly resync: (name: CollectionName) => void;
  /** Stop every replication (the token no longer works). */
  readonly pauseAll: () => Promise<void>;
  /** Some edits went to a supervisor's review: read the open reviews again. */
  readonly reviewsChanged: () => void;
}) {
  const { store, backoff, tracker, refusals } = options;

  function problem(
    name: CollectionName | null,
    code: ClientErrorCode,
    message: string,
    details?: readonly unknown[],
  ): never {
    const update = updateRequiredOf(code, details);
    const error = { code, message, at: options.now(), ...(update === null ? {} : { update }) };
    if (code === 'revoked' || code === 'unauthorized') {
      store.set((s) => ({ ...s, phase: 'revoked', lastError: error }));
      void options.pauseAll();
    } else {
      const nextRetryAt = backoff.failed(retryAfterMs(details));
      store.set((s) => ({
        ...s,
        phase: options.isOnline() ? 'error' : 'offline',
        lastError: error,
        nextRetryAt,
      }));
    }
    if (name !== null) {
      store.updateCollection(name, { lastError: error });
    }
    store.log(`${name ?? 'sync'}: ${code}: ${message}`);
    throw new SyncRequestError(code, message);
  }

  function answered(name: CollectionName): void {
    backoff.succeeded();
    store.updateCollection(name, { lastSyncAt: options.now(), lastError: null });
    store.set((s) => ({ ...s, phase: 'idle', lastError: null, nextRetryAt: null }));
  }

  /** Bookkeeping of one answered push, whoever sent it (a replication, a sweep, a resend). */
  function pushed(name: CollectionName, sent: readonly LocalPushRow[], response: PushResponse): void {
    const region = options.scope() ?? '';
    const { refused, localOnly } = refusalsOf(name, sent, response.rejected, region);
    // Accepted field events stay "sent" until their stamped copy is here; reference records are done.
    tracker.answered(
      name,
      isEventCollectionName(name)
        ? response.rejected.map((r) => r.id)
        : sent.map((r) => String(r.newDocumentState['id'])),
    );
    refusals.applyPushOutcome(name, response.accepted, refused);
    store.set((s) => ({ ...s, clockSkewMs: response.receivedAt - options.now() }));
    for (const r of refused) {
      store.log(`${name}/${r.id} refused: ${r.code}: ${r.message}`);
    }
    if (localOnly > 0) {
      store.log(`${name}: ${localOnly} local-only record(s) the service does not hold were not sent`);
    }
    if (response.accepted.length > 0) {
      // Pull at once: the acknowledged records come back with the service's receipt time.
      setTimeout(() => options.resync(name), 0);
    }
    if (response.review.length > 0) {
      store.log(`${name}: ${response.review.length} overlapping edit(s) sent to review`);
      options.reviewsChanged();
    }
    options.recount();
  }

  return { problem, answered, pushed };
}
