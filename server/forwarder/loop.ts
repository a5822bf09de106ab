import type { Database } from '../db/database';
import { ingestBackfillSessions, pendingBackfillSessions } from '../monitoring/backfill';
import { forwardPending, type ForwardTarget } from './forwarder';

/**
 * The service's 补报 loop: every `everyMs` it ingests any batch part a push stored but did not ingest
 * (the service stopped between the two), then forwards the parts not forwarded yet when a receiver
 * address is set. One round at a time; `close` waits for the round in progress.
 */
export function startBackfillForwarder(options: {
  readonly db: Database;
  readonly target: ForwardTarget | null;
  readonly everyMs?: number;
  readonly now?: () => number;
  readonly onIngested?: () => void;
  readonly onError: (error: unknown) => void;
}): { readonly close: () => Promise<void> } {
  const now = options.now ?? Date.now;
  let running: Promise<void> | null = null;
  const round = async () => {
    const pending = await pendingBackfillSessions(options.db);
    if (pending.length > 0) {
      const report = await ingestBackfillSessions(options.db, pending, 'all', now());
      if (report.parts > 0) {
        options.onIngested?.();
      }
    }
    if (options.target !== null) {
      const report = await forwardPending(options.db, options.target, now);
      report.errors.forEach((e) => options.onError(new Error(e)));
    }
  };
  const timer = setInterval(() => {
    if (running === null) {
      running = round()
        .catch(options.onError)
        .finally(() => {
          running = null;
        });
    }
  }, options.everyMs ?? 15_000);
  return {
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
