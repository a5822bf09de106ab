import { SyncError } from '#shared/sync/index';

/**
 * How many pushes the service works on at once, and how many may wait for a turn.
 *
 * When a province's laptops come back online together, each push would otherwise have its body
 * parsed and validated on arrival: hundreds at once hold the event loop while the database
 * connections sit idle with their answers unread, and every body is held in memory at the same time.
 * With a gate, a push's body is read only when its turn comes, in arrival order, and the database is
 * kept busy throughout. A queue longer than `queued` is answered `unavailable` with Retry-After,
 * which the app's backoff honours.
 */
export type WriteGateLimits = {
  /** Pushes being worked on at once (a few per database connection keeps both busy). */
  readonly inFlight: number;
  /** Pushes waiting for a turn; past this, new ones are asked to come back later. */
  readonly queued: number;
  /** The wait a refused push is asked for, in seconds. */
  readonly retryAfterSeconds: number;
};

export const defaultWriteGate: WriteGateLimits = { inFlight: 20, queued: 5_000, retryAfterSeconds: 5 };

export type WriteGate = {
  /** Waits for a turn; the returned function ends it (calling it again does nothing). */
  enter(): Promise<() => void>;
  readonly working: () => number;
  readonly waiting: () => number;
};

export function createWriteGate(limits: WriteGateLimits = defaultWriteGate): WriteGate {
  if (!(limits.inFlight >= 1 && limits.queued >= 0)) {
    throw new Error(`a write gate needs at least one push in flight (got ${limits.inFlight})`);
  }
  let working = 0;
  const queue: (() => void)[] = [];

  const turn = (): (() => void) => {
    let ended = false;
    return () => {
      if (ended) {
        return;
      }
      ended = true;
      const next = queue.shift();
      if (next === undefined) {
        working -= 1;
      } else {
        // The turn passes straight to the longest waiting push; `working` stays the same.
        next();
      }
    };
  };

  return {
    enter() {
      if (working < limits.inFlight) {
        working += 1;
        return Promise.resolve(turn());
      }
      if (queue.length >= limits.queued) {
        return Promise.reject(
          new SyncError(
            'unavailable',
            `the sync service is busy with ${queue.length} pushes; try again in ${limits.retryAfterSeconds} s`,
            [{ retryAfterSeconds: limits.retryAfterSeconds }],
          ),
        );
      }
      return new Promise((resolve) => queue.push(() => resolve(turn())));
    },
    working: () => working,
    waiting: () => queue.length,
  };
}
