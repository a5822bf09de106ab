import type { Database } from '../db/database';
import { auditDirtySites, markDueSites, newAuditRunReport, type AuditRunReport } from './audit-runner';

/**
 * The audit in the background, so storing a burst of frames never waits for it: storing marks sites
 * (in the same transaction), `trigger` asks for a run `debounceMs` later — however many batches
 * arrive meanwhile, one run takes every mark made by then — and a trigger during a run asks for one
 * more after it. Every `pollEveryMs` it looks for marks made elsewhere (another node, a crew's pushed
 * correction, the CLI), and every `dueEveryMs` the sites not audited for that long are marked, so
 * empty slots are judged missing although nothing arrives. Clock and timers are injected (tests drive
 * them).
 */
export type AuditLoop = {
  /** Values were stored: audit their sites soon. */
  readonly trigger: () => void;
  /** Runs now (after a run in progress), returning what it did. */
  readonly runOnce: () => Promise<AuditRunReport>;
  readonly close: () => Promise<void>;
};

export type LoopTimers = {
  readonly set: (fn: () => void, ms: number) => unknown;
  readonly clear: (handle: unknown) => void;
};

const systemTimers: LoopTimers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function startAuditLoop(options: {
  readonly db: Database;
  readonly clock?: () => number;
  readonly debounceMs?: number;
  readonly dueEveryMs?: number;
  readonly pollEveryMs?: number;
  readonly timers?: LoopTimers;
  readonly onReport?: (report: AuditRunReport) => void;
  readonly onError?: (error: unknown) => void;
}): AuditLoop {
  const clock = options.clock ?? Date.now;
  const timers = options.timers ?? systemTimers;
  const debounceMs = options.debounceMs ?? 5_000;
  const dueEveryMs = options.dueEveryMs ?? 3_600_000;
  const pollEveryMs = options.pollEveryMs ?? 60_000;
  let pending: unknown = null;
  let running: Promise<AuditRunReport> | null = null;
  let again = false;
  let closed = false;

  const run = (): Promise<AuditRunReport> => {
    const previous = running ?? Promise.resolve(newAuditRunReport());
    const next = previous
      .catch(() => newAuditRunReport())
      .then(() => auditDirtySites(options.db, clock()))
      .then((report) => {
        options.onReport?.(report);
        return report;
      });
    running = next;
    void next
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        if (running === next) {
          running = null;
          if (again) {
            again = false;
            schedule();
          }
        }
      });
    return next;
  };

  function schedule(): void {
    if (closed || pending !== null) {
      return;
    }
    if (running !== null) {
      again = true;
      return;
    }
    pending = timers.set(() => {
      pending = null;
      void run().catch(() => undefined);
    }, debounceMs);
  }

  let dueTimer: unknown = null;
  const due = () => {
    dueTimer = timers.set(() => {
      void markDueSites(options.db, clock())
        .then(() => schedule())
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          if (!closed) {
            due();
          }
        });
    }, dueEveryMs);
  };
  due();
  let pollTimer: unknown = null;
  const poll = () => {
    pollTimer = timers.set(() => {
      schedule();
      poll();
    }, pollEveryMs);
  };
  poll();

  return {
    trigger: schedule,
    runOnce: run,
    close: async () => {
      closed = true;
      if (pending !== null) {
        timers.clear(pending);
      }
      if (dueTimer !== null) {
        timers.clear(dueTimer);
      }
      if (pollTimer !== null) {
        timers.clear(pollTimer);
      }
      await running?.catch(() => undefined);
    },
  };
}
