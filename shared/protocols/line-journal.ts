import { toHex } from './common/hex';
import type { LineOverhead, LineRecord } from './line-session-types';

/**
 * What a line session keeps of the traffic: every chunk sent and received, and every byte it dropped
 * with the reason, newest last. Kept to about `maxRecords` (trimmed in batches of a quarter, so a long
 * session does not copy the whole record on every chunk).
 */
export function createLineJournal(options: {
  readonly now: () => number;
  readonly maxRecords: number;
  readonly onRecord?: ((record: LineRecord) => void) | undefined;
}) {
  const { maxRecords } = options;
  let records: LineRecord[] = [];
  const record = (entry: LineRecord): void => {
    records.push(entry);
    if (records.length > maxRecords + Math.ceil(maxRecords / 4)) {
      records = records.slice(records.length - maxRecords);
    }
    options.onRecord?.(entry);
  };
  return {
    record,
    sent: (bytes: Uint8Array): void => record({ at: options.now(), direction: 'tx', hex: toHex(bytes) }),
    received: (bytes: Uint8Array, at: number): void => record({ at, direction: 'rx', hex: toHex(bytes) }),
    /** Received bytes no transaction or listener took, and why (nothing is recorded for none). */
    dropped: (bytes: Uint8Array, why: string): void => {
      if (bytes.length > 0) {
        record({ at: options.now(), direction: 'rx', hex: toHex(bytes), dropped: why });
      }
    },
    list: (): readonly LineRecord[] => records,
    clear: (): void => {
      records = [];
    },
  };
}

/**
 * The session's own cost per transaction, for the benchmark: busy (time spent in the session's code,
 * writing and handling chunks), wait (request sent until the reply decoded) and wall (queued job
 * started until finished), as means over the transactions since the last reset.
 */
export function createOverheadMeter(clock: () => number) {
  const stats = { transactions: 0, busy: 0, wait: 0, wall: 0 };
  let busy = 0;
  let startedAt = 0;
  let sentAt = 0;
  // Set while a received chunk is being handled, so the chunk that completes a reply counts as busy.
  let chunkStartedAt: number | null = null;
  return {
    /** A job leaves the queue; returns the time it started. */
    started: (): number => {
      startedAt = clock();
      busy = 0;
      return startedAt;
    },
    /** The request is about to be written. */
    sending: (): void => {
      sentAt = clock();
    },
    /** Time spent since `from` counts as the session's own work for the current job. */
    busySince: (from: number): void => {
      busy += clock() - from;
    },
    chunkStarted: (): number => {
      chunkStartedAt = clock();
      return chunkStartedAt;
    },
    chunkEnded: (): void => {
      chunkStartedAt = null;
    },
    /** The job finished; `decodedAt` is when its reply was decoded (null: when it ended). */
    finished: (decodedAt: number | null): void => {
      const end = clock();
      if (chunkStartedAt !== null) {
        busy += end - chunkStartedAt;
      }
      stats.transactions += 1;
      stats.busy += busy;
      stats.wall += end - startedAt;
      stats.wait += (decodedAt ?? end) - sentAt;
    },
    overhead: (): LineOverhead => {
      const n = stats.transactions;
      return {
        transactions: n,
        meanBusyMs: n === 0 ? 0 : stats.busy / n,
        meanWaitMs: n === 0 ? 0 : stats.wait / n,
        meanWallMs: n === 0 ? 0 : stats.wall / n,
      };
    },
    reset: (): void => {
      stats.transactions = 0;
      stats.busy = 0;
      stats.wait = 0;
      stats.wall = 0;
    },
  };
}
