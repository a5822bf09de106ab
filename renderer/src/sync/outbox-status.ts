import type { CollectionName } from '#shared/domain/index';

/**
 * Where one record made on this laptop stands:
 * - `pending`: saved here, not yet sent (or sent without an answer: offline, cut);
 * - `sent`: in a push the service has not answered yet, or accepted by id while its stamped copy
 *   is still on its way back;
 * - `stored`: the service's copy, stamped with its receipt time, is on the laptop;
 * - `refused`: the service refused it; it waits for the crew (see refusal-store);
 * - `in-review`: an overlapping edit waiting for a supervisor.
 */
export type RecordSyncStatus = 'pending' | 'sent' | 'stored' | 'refused' | 'in-review';

export type RecordMarks = {
  /** Carries the service's receipt stamp (`receivedAt` is a number). */
  readonly stamped: boolean;
  readonly refused: boolean;
  readonly sending: boolean;
  readonly inReview: boolean;
};

/** The status of one record; a refusal outranks everything but a stamp the service sent back since. */
export function recordSyncStatus(marks: RecordMarks): RecordSyncStatus {
  if (marks.stamped) {
    return 'stored';
  }
  if (marks.refused) {
    return 'refused';
  }
  if (marks.inReview) {
    return 'in-review';
  }
  return marks.sending ? 'sent' : 'pending';
}

export type OutboxCounts = {
  readonly pending: number;
  readonly sent: number;
  readonly stored: number;
  readonly refused: number;
};

/** One not-yet-stored record, for the per-record list of the Sync centre. */
export type OutboxEntry = { readonly id: string; readonly status: Exclude<RecordSyncStatus, 'stored'> };

/** How many not-stored records the Sync centre lists per collection (the counts are always whole). */
export const outboxListLimit = 200;

/**
 * Counts a collection's own field records by status. `unstamped` are the ids of this laptop's records
 * without a receipt stamp, `stored` how many carry one.
 */
export function countOutbox(
  unstamped: readonly string[],
  stored: number,
  marks: { readonly isRefused: (id: string) => boolean; readonly isSending: (id: string) => boolean },
): OutboxCounts & { readonly entries: readonly OutboxEntry[] } {
  let pending = 0;
  let sent = 0;
  let refused = 0;
  const entries: OutboxEntry[] = [];
  for (const id of unstamped) {
    const status = recordSyncStatus({
      stamped: false,
      refused: marks.isRefused(id),
      sending: marks.isSending(id),
      inReview: false,
    });
    if (status === 'refused') {
      refused += 1;
    } else if (status === 'sent') {
      sent += 1;
    } else {
      pending += 1;
    }
    if (entries.length < outboxListLimit && status !== 'stored') {
      entries.push({ id, status });
    }
  }
  return { pending, sent, stored, refused, entries };
}

/** The per-record list of base data: this laptop's edits waiting for a supervisor. */
export function reviewEntries(recordIds: readonly string[]): OutboxEntry[] {
  return [...new Set(recordIds)].slice(0, outboxListLimit).map((id) => ({ id, status: 'in-review' }));
}

/**
 * Which records of each collection are in a push right now or were accepted by id and wait for their
 * stamped copy. A push that failed without an answer puts its rows back to pending.
 */
export function createSendingTracker() {
  const sending = new Map<CollectionName, Set<string>>();
  const of = (name: CollectionName) => {
    let set = sending.get(name);
    if (set === undefined) {
      set = new Set();
      sending.set(name, set);
    }
    return set;
  };
  return {
    isSending: (name: CollectionName, id: string): boolean => sending.get(name)?.has(id) ?? false,
    /** Rows going out in a push. */
    sent(name: CollectionName, ids: readonly string[]): void {
      const set = of(name);
      ids.forEach((id) => set.add(id));
    },
    /** The push was answered: refused rows leave; accepted ones stay until their stamp is back. */
    answered(name: CollectionName, refused: readonly string[]): void {
      const set = of(name);
      refused.forEach((id) => set.delete(id));
    },
    /** The push got no answer: its rows are pending again. */
    unanswered(name: CollectionName, ids: readonly string[]): void {
      const set = of(name);
      ids.forEach((id) => set.delete(id));
    },
    /** Keeps only ids still without a stamp (the rest came back stored). */
    retain(name: CollectionName, unstamped: ReadonlySet<string>): void {
      const set = of(name);
      for (const id of set) {
        if (!unstamped.has(id)) {
          set.delete(id);
        }
      }
    },
    clear(): void {
      sending.clear();
    },
  };
}
export type SendingTracker = ReturnType<typeof createSendingTracker>;
