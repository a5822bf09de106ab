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
 * Counts a base-data collection: its edits not yet answered by the service (pending, or sent while a
 * push is out) ahead of its edits in review, which the service already holds. Base data carries no
 * receipt stamp, so an edit is done when its push is answered.
 */
export function countEdits(
  unanswered: readonly string[],
  inReview: readonly OutboxEntry[],
  marks: { readonly refused: number; readonly isSending: (id: string) => boolean },
): OutboxCounts & { readonly entries: readonly OutboxEntry[] } {
  const { isSending } = marks;
  const waiting = unanswered.map((id): OutboxEntry => ({ id, status: isSending(id) ? 'sent' : 'pending' }));
  const sent = waiting.filter((e) => e.status === 'sent').length;
  return {
    pending: waiting.length - sent,
    sent,
    stored: 0,
    refused: marks.refused,
    entries: [...waiting, ...inReview.filter((e) => !unanswered.includes(e.id))].slice(0, outboxListLimit),
  };
}

/**
 * Which records of each collection are in a push right now or were accepted by id and wait for their
 * stamped copy. A push that failed without an answer puts its rows back to pending.
 */
export function createSendingTracker() {
  const sending = new Map<CollectionName, Set<string>>();
  // Base-data edits handed to a push and not answered yet (offline, cut, or out now).
  const edits = new Map<CollectionName, Set<string>>();
  const setIn = (map: Map<CollectionName, Set<string>>, name: CollectionName) => {
    let set = map.get(name);
    if (set === undefined) {
      set = new Set();
      map.set(name, set);
    }
    return set;
  };
  const of = (name: CollectionName) => setIn(sending, name);
  return {
    isSending: (name: CollectionName, id: string): boolean => sending.get(name)?.has(id) ?? false,
    /** Base-data edits the replication wants to push: unanswered until a push of them is answered. */
    edited(name: CollectionName, ids: readonly string[]): void {
      const set = setIn(edits, name);
      ids.forEach((id) => set.add(id));
    },
    unansweredEdits: (name: CollectionName): readonly string[] => [...(edits.get(name) ?? [])],
    /** Rows going out in a push. */
    sent(name: CollectionName, ids: readonly string[]): void {
      const set = of(name);
      ids.forEach((id) => set.add(id));
    },
    /**
     * A push was answered: `done` leave — refused field events (accepted ones stay until their stamp
     * is back) or every base-data edit sent (accepted, merged, refused or sent to review alike).
     */
    answered(name: CollectionName, done: readonly string[]): void {
      const set = of(name);
      const waiting = setIn(edits, name);
      done.forEach((id) => {
        set.delete(id);
        waiting.delete(id);
      });
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
      edits.clear();
    },
  };
}
export type SendingTracker = ReturnType<typeof createSendingTracker>;
