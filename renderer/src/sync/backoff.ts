/**
 * Backoff shared by every replication of one service: after n failures in a row the next request
 * waits min(60 s, 2^(n-1) s) with ±20 % jitter; a success resets it; "retry now" releases waiters.
 */
export function createBackoff(options: { now: () => number; random?: () => number; maxMs?: number }) {
  const random = options.random ?? Math.random;
  const maxMs = options.maxMs ?? 60_000;
  let failures = 0;
  let nextAt = 0;
  let release: (() => void)[] = [];

  return {
    get failures() {
      return failures;
    },
    /** When the next request may go, or null when it may go now. */
    nextRetryAt(): number | null {
      return nextAt > options.now() ? nextAt : null;
    },
    /** Counts a failure; `atLeastMs` is the wait the service asked for (a 429's Retry-After). */
    failed(atLeastMs = 0): number {
      failures += 1;
      const base = Math.min(maxMs, 1000 * 2 ** (failures - 1));
      nextAt = options.now() + Math.max(atLeastMs, Math.round(base * (0.8 + 0.4 * random())));
      return nextAt;
    },
    succeeded(): void {
      failures = 0;
      nextAt = 0;
    },
    /** Releases everyone waiting, now. */
    reset(): void {
      failures = 0;
      nextAt = 0;
      const waiting = release;
      release = [];
      waiting.forEach((r) => r());
    },
    /** Resolves when a request may go. */
    wait(): Promise<void> {
      const delay = nextAt - options.now();
      if (delay <= 0) {
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          release = release.filter((r) => r !== done);
          resolve();
        }, delay);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        release.push(done);
      });
    },
  };
}
export type Backoff = ReturnType<typeof createBackoff>;
