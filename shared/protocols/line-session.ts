import { systemTimers } from './common/byte-link';
import type { DecodeResult } from './common/decode-result';
import { toHex } from './common/hex';
import type { LineCause } from './common/line-cause';
import { CodedError, fail, ok, type Failure, type Result } from '../result';
import type {
  LineRecord,
  LineSession,
  LineSessionOptions,
  PendingTransaction,
  TransactionOptions,
} from './line-session-types';

export type { LineRecord, LineSession, LineSessionOptions } from './line-session-types';

type Job = {
  readonly request: Uint8Array;
  readonly decode: ((bytes: Uint8Array) => DecodeResult<unknown>) | null;
  readonly timeoutMs: number;
  readonly finish: (result: Result<unknown>) => void;
  done: boolean;
};

type Listener = {
  readonly decode: (bytes: Uint8Array) => DecodeResult<unknown>;
  readonly onFrame: (value: unknown, raw: Uint8Array, at: number) => void;
};

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) {
    return b;
  }
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The transaction layer of a half-duplex line (RS-485, RS-232 to one device): exactly one request in
 * flight, the others queued; the reply reassembled from arbitrary chunks by the caller's decoder;
 * noise and rejected frames dropped and recorded; a named failure for every way it can go wrong
 * ('timeout', 'protocol', 'cancelled', 'io') so no caller ever hangs.
 */
export function createLineSession(options: LineSessionOptions): LineSession {
  const { link } = options;
  const timers = options.timers ?? systemTimers;
  const clock = options.clock ?? timers.now;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 1000;
  const settleMs = options.settleMs ?? 30;
  const frameGapMs = options.frameGapMs ?? 0;
  const maxRecords = options.maxRecords ?? 10_000;
  const queue: Job[] = [];
  const listeners = new Set<Listener>();
  let records: LineRecord[] = [];
  let buffer: Uint8Array = new Uint8Array(0);
  let current: Job | null = null;
  let lastRejection: string | null = null;
  let lastRejectionCause: LineCause | null = null;
  let timeoutTimer: unknown = null;
  let settleTimer: unknown = null;
  let gapPending = false;
  let closed = false;
  let closeFailure: Failure | null = null;
  const stats = { transactions: 0, busy: 0, wait: 0, wall: 0 };
  let jobBusy = 0;
  let jobStartedAt = 0;
  let jobSentAt = 0;
  // Set while a received chunk is being handled, so the chunk that completes a reply counts as busy.
  let chunkStartedAt: number | null = null;

  const record = (entry: LineRecord) => {
    records.push(entry);
    // Trimmed in batches so a long session does not copy the whole record on every chunk.
    if (records.length > maxRecords + Math.ceil(maxRecords / 4)) {
      records = records.slice(records.length - maxRecords);
    }
    options.onRecord?.(entry);
  };
  const drop = (bytes: Uint8Array, why: string) => {
    if (bytes.length > 0) {
      record({ at: timers.now(), direction: 'rx', hex: toHex(bytes), dropped: why });
    }
  };
  const clearTimer = (handle: unknown): null => {
    if (handle !== null) {
      timers.clearTimeout(handle);
    }
    return null;
  };

  function finishCurrent(result: Result<unknown>, decodedAt: number | null): void {
    const job = current;
    if (job === null || job.done) {
      return;
    }
    job.done = true;
    current = null;
    timeoutTimer = clearTimer(timeoutTimer);
    settleTimer = clearTimer(settleTimer);
    const end = clock();
    if (chunkStartedAt !== null) {
      jobBusy += end - chunkStartedAt;
    }
    stats.transactions += 1;
    stats.busy += jobBusy;
    stats.wall += end - jobStartedAt;
    stats.wait += (decodedAt ?? end) - jobSentAt;
    job.finish(result);
    if (frameGapMs > 0 && !closed) {
      gapPending = true;
      timers.setTimeout(() => {
        gapPending = false;
        pump();
      }, frameGapMs);
    } else {
      pump();
    }
  }

  function pump(): void {
    if (current !== null || gapPending || closed) {
      return;
    }
    const job = queue.shift();
    if (job === undefined) {
      return;
    }
    const t0 = clock();
    current = job;
    jobStartedAt = t0;
    jobBusy = 0;
    lastRejection = null;
    lastRejectionCause = null;
    if (buffer.length > 0) {
      drop(buffer, 'stale bytes before the request (a late reply or noise)');
      buffer = new Uint8Array(0);
    }
    settleTimer = clearTimer(settleTimer);
    record({ at: timers.now(), direction: 'tx', hex: toHex(job.request) });
    if (job.decode !== null) {
      timeoutTimer = timers.setTimeout(onTimeout, job.timeoutMs);
    }
    jobSentAt = clock();
    const written = link.write(job.request);
    jobBusy += clock() - t0;
    written.then(
      () => {
        if (job.decode === null && current === job) {
          finishCurrent(ok(undefined), null);
        }
      },
      (error: unknown) => {
        if (current === job) {
          const message = error instanceof Error ? error.message : String(error);
          const cause =
            error instanceof CodedError && error.lineCause !== undefined
              ? error.lineCause
              : ({ kind: 'write-failed' } as const);
          finishCurrent(fail('io', `could not write to the line: ${message}`, cause), null);
        }
      },
    );
  }

  function onTimeout(): void {
    timeoutTimer = null;
    const job = current;
    if (job === null) {
      return;
    }
    const ms = job.timeoutMs;
    if (lastRejection !== null) {
      finishCurrent(
        fail('protocol', `no valid reply within ${ms} ms: ${lastRejection}`, rejectionCause()),
        null,
      );
    } else if (buffer.length > 0) {
      finishCurrent(
        fail(
          'timeout',
          `reply incomplete after ${ms} ms: got ${buffer.length} bytes (${toHex(buffer.subarray(0, 32))})`,
          { kind: 'incomplete-reply', timeoutMs: ms, bytes: buffer.length },
        ),
        null,
      );
    } else {
      finishCurrent(fail('timeout', `no reply within ${ms} ms`, { kind: 'timeout', timeoutMs: ms }), null);
    }
  }

  function rejectionCause(): LineCause {
    return lastRejectionCause ?? { kind: 'malformed-reply' };
  }

  function onSettled(): void {
    settleTimer = null;
    if (current !== null && lastRejection !== null) {
      drop(buffer, `incomplete after a rejected frame`);
      buffer = new Uint8Array(0);
      finishCurrent(fail('protocol', lastRejection, rejectionCause()), null);
    } else if (current === null && buffer.length > 0) {
      drop(buffer, `incomplete frame, then ${settleMs} ms quiet`);
      buffer = new Uint8Array(0);
    }
  }

  /** Hands a frame at the start of the buffer to a listener; true when one took it. */
  function offerToListeners(at: number): boolean {
    for (const listener of listeners) {
      const result = listener.decode(buffer);
      if (result.status === 'ok') {
        const raw = buffer.slice(0, result.consumed);
        buffer = buffer.slice(result.consumed);
        listener.onFrame(result.value, raw, at);
        return true;
      }
    }
    return false;
  }

  function listenersNeedMore(): boolean {
    return [...listeners].some((l) => l.decode(buffer).status === 'incomplete');
  }

  function laterFrameOffset(decode: (bytes: Uint8Array) => DecodeResult<unknown>): number | null {
    for (let offset = 1; offset < buffer.length; offset += 1) {
      if (decode(buffer.subarray(offset)).status === 'ok') {
        return offset;
      }
    }
    return null;
  }

  function processBuffer(at: number): void {
    while (buffer.length > 0) {
      const job = current;
      if (job !== null && job.decode !== null) {
        const result = job.decode(buffer);
        if (result.status === 'ok') {
          buffer = buffer.slice(result.consumed);
          finishCurrent(ok(result.value), clock());
          continue;
        }
        if (result.status === 'incomplete') {
          // Noise can look like the start of a long frame and swallow the real reply: look for a whole
          // reply further in before waiting for bytes that may never come.
          const offset = laterFrameOffset(job.decode);
          if (offset === null) {
            return;
          }
          drop(buffer.subarray(0, offset), 'noise before the reply');
          buffer = buffer.slice(offset);
          continue;
        }
        if (offerToListeners(at)) {
          continue;
        }
        if (lastRejection === null) {
          lastRejection = result.reason;
          lastRejectionCause = result.cause ?? null;
        }
        drop(buffer.subarray(0, result.skip), result.reason);
        buffer = buffer.slice(result.skip);
        continue;
      }
      if (listeners.size === 0) {
        drop(
          buffer,
          current === null ? 'no request in flight' : 'sent while a request without reply went out',
        );
        buffer = new Uint8Array(0);
        return;
      }
      if (offerToListeners(at)) {
        continue;
      }
      if (listenersNeedMore()) {
        return;
      }
      drop(buffer.subarray(0, 1), 'no listener recognises this byte');
      buffer = buffer.slice(1);
    }
  }

  const removeData = link.onData((chunk) => {
    const t0 = clock();
    chunkStartedAt = t0;
    const at = timers.now();
    record({ at, direction: 'rx', hex: toHex(chunk) });
    buffer = concat(buffer, chunk);
    settleTimer = clearTimer(settleTimer);
    const job = current;
    processBuffer(at);
    const stillWaiting = current !== null && current === job;
    if ((buffer.length > 0 && current === null) || (stillWaiting && lastRejection !== null)) {
      settleTimer = timers.setTimeout(onSettled, settleMs);
    }
    if (stillWaiting) {
      jobBusy += clock() - t0;
    }
    chunkStartedAt = null;
  });

  const removeClose = link.onClose((error) => {
    shutDown(
      error === null
        ? {
            code: 'io',
            message: 'the line closed while a request was pending',
            cause: { kind: 'port-closed' },
          }
        : {
            code: 'io',
            message: `the line vanished (${error.message}); check the cable and adapter`,
            cause:
              error instanceof CodedError && error.lineCause !== undefined
                ? error.lineCause
                : { kind: 'port-vanished' },
          },
    );
  });

  function shutDown(failure: Failure): void {
    if (closed) {
      return;
    }
    closed = true;
    closeFailure = failure;
    removeData();
    removeClose();
    timeoutTimer = clearTimer(timeoutTimer);
    settleTimer = clearTimer(settleTimer);
    if (current !== null) {
      finishCurrent(fail(failure.code, failure.message, failure.cause), null);
    }
    for (const job of queue.splice(0)) {
      job.done = true;
      job.finish(fail(failure.code, failure.message, failure.cause));
    }
  }

  function enqueue(
    request: Uint8Array,
    decode: Job['decode'],
    timeoutMs: number,
  ): PendingTransaction<unknown> {
    let finish: (result: Result<unknown>) => void = () => {};
    const result = new Promise<Result<unknown>>((resolve) => {
      finish = resolve;
    });
    const job: Job = { request: request.slice(), decode, timeoutMs, finish, done: false };
    if (closed) {
      const failure: Failure = closeFailure ?? {
        code: 'io',
        message: 'the line is closed',
        cause: { kind: 'port-closed' },
      };
      job.done = true;
      finish(fail(failure.code, `the line is closed: ${failure.message}`, failure.cause));
    } else {
      queue.push(job);
      pump();
    }
    return {
      result,
      cancel: (reason = 'cancelled by the user') => {
        if (job.done) {
          return;
        }
        if (current === job) {
          finishCurrent(fail('cancelled', reason, { kind: 'cancelled' }), null);
          return;
        }
        const index = queue.indexOf(job);
        if (index >= 0) {
          queue.splice(index, 1);
        }
        job.done = true;
        finish(fail('cancelled', reason, { kind: 'cancelled' }));
      },
    };
  }

  function start<T>(request: Uint8Array, transaction: TransactionOptions<T>): PendingTransaction<T> {
    return enqueue(
      request,
      transaction.decode,
      transaction.timeoutMs ?? defaultTimeoutMs,
    ) as PendingTransaction<T>;
  }

  return {
    start,
    transact: (request, transaction) => start(request, transaction).result,
    send: (bytes) => enqueue(bytes, null, 0).result as Promise<Result<void>>,
    listen: (decode, onFrame) => {
      const listener: Listener = {
        decode,
        onFrame: onFrame as Listener['onFrame'],
      };
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    records: () => records,
    clearRecords: () => {
      records = [];
    },
    overhead: () => {
      const n = stats.transactions;
      return {
        transactions: n,
        meanBusyMs: n === 0 ? 0 : stats.busy / n,
        meanWaitMs: n === 0 ? 0 : stats.wait / n,
        meanWallMs: n === 0 ? 0 : stats.wall / n,
      };
    },
    resetOverhead: () => {
      stats.transactions = 0;
      stats.busy = 0;
      stats.wait = 0;
      stats.wall = 0;
    },
    closed: () => closed,
    close: async () => {
      shutDown({ code: 'cancelled', message: 'the session was closed', cause: { kind: 'port-closed' } });
      await link.close();
    },
  };
}
