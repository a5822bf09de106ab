import { systemTimers } from './common/byte-link';
import type { DecodeResult } from './common/decode-result';
import type { LineCause } from './common/line-cause';
import { fail, ok, type Failure, type Result } from '../result';
import { closedLineFailure, timeoutFailure, writeFailure } from './line-failures';
import { concatBytes, createFrameListeners, laterFrameOffset } from './line-frames';
import { createLineJournal, createOverheadMeter } from './line-journal';
import type {
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
  const journal = createLineJournal({
    now: timers.now,
    maxRecords: options.maxRecords ?? 10_000,
    onRecord: options.onRecord,
  });
  const meter = createOverheadMeter(clock);
  const listeners = createFrameListeners();
  const queue: Job[] = [];
  let buffer: Uint8Array = new Uint8Array(0);
  let current: Job | null = null;
  // The first frame the current job's decoder rejected: a bad CRC says more than "no reply".
  let rejection: { reason: string; cause: LineCause | null } | null = null;
  let timeoutTimer: unknown = null;
  let settleTimer: unknown = null;
  let gapPending = false;
  let closed = false;
  let closeFailure: Failure | null = null;

  const clearTimer = (handle: unknown): null => {
    if (handle !== null) {
      timers.clearTimeout(handle);
    }
    return null;
  };
  const dropAll = (why: string) => {
    journal.dropped(buffer, why);
    buffer = new Uint8Array(0);
  };
  const dropFirst = (count: number, why: string) => {
    journal.dropped(buffer.subarray(0, count), why);
    buffer = buffer.slice(count);
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
    meter.finished(decodedAt);
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
    current = job;
    const t0 = meter.started();
    rejection = null;
    if (buffer.length > 0) {
      dropAll('stale bytes before the request (a late reply or noise)');
    }
    settleTimer = clearTimer(settleTimer);
    journal.sent(job.request);
    if (job.decode !== null) {
      timeoutTimer = timers.setTimeout(onTimeout, job.timeoutMs);
    }
    meter.sending();
    const written = link.write(job.request);
    meter.busySince(t0);
    written.then(
      () => {
        if (job.decode === null && current === job) {
          finishCurrent(ok(undefined), null);
        }
      },
      (error: unknown) => {
        if (current === job) {
          finishCurrent(writeFailure(error), null);
        }
      },
    );
  }

  function onTimeout(): void {
    timeoutTimer = null;
    if (current !== null) {
      finishCurrent(timeoutFailure(current.timeoutMs, rejection, buffer), null);
    }
  }

  function onSettled(): void {
    settleTimer = null;
    if (current !== null && rejection !== null) {
      dropAll(`incomplete after a rejected frame`);
      finishCurrent(fail('protocol', rejection.reason, rejection.cause ?? { kind: 'malformed-reply' }), null);
    } else if (current === null && buffer.length > 0) {
      dropAll(`incomplete frame, then ${settleMs} ms quiet`);
    }
  }

  /** Hands a frame at the start of the buffer to a listener; true when one took it. */
  function offerToListeners(at: number): boolean {
    const consumed = listeners.offer(buffer, at);
    buffer = buffer.slice(consumed);
    return consumed > 0;
  }

  /** The current job's decoder reads the buffer: a reply, noise to skip, or a wait for more. */
  function readReply(decode: NonNullable<Job['decode']>, at: number): 'go-on' | 'wait' {
    const result = decode(buffer);
    if (result.status === 'ok') {
      buffer = buffer.slice(result.consumed);
      finishCurrent(ok(result.value), clock());
      return 'go-on';
    }
    if (result.status === 'incomplete') {
      // Noise can look like the start of a long frame and swallow the real reply: look for a whole
      // reply further in before waiting for bytes that may never come.
      const offset = laterFrameOffset(decode, buffer);
      if (offset === null) {
        return 'wait';
      }
      dropFirst(offset, 'noise before the reply');
      return 'go-on';
    }
    if (offerToListeners(at)) {
      return 'go-on';
    }
    rejection ??= { reason: result.reason, cause: result.cause ?? null };
    dropFirst(result.skip, result.reason);
    return 'go-on';
  }

  function processBuffer(at: number): void {
    while (buffer.length > 0) {
      const job = current;
      if (job !== null && job.decode !== null) {
        if (readReply(job.decode, at) === 'wait') {
          return;
        }
        continue;
      }
      if (listeners.size === 0) {
        dropAll(current === null ? 'no request in flight' : 'sent while a request without reply went out');
        return;
      }
      if (offerToListeners(at)) {
        continue;
      }
      if (listeners.needMore(buffer)) {
        return;
      }
      dropFirst(1, 'no listener recognises this byte');
    }
  }

  const removeData = link.onData((chunk) => {
    const t0 = meter.chunkStarted();
    const at = timers.now();
    journal.received(chunk, at);
    buffer = concatBytes(buffer, chunk);
    settleTimer = clearTimer(settleTimer);
    const job = current;
    processBuffer(at);
    const stillWaiting = current !== null && current === job;
    if ((buffer.length > 0 && current === null) || (stillWaiting && rejection !== null)) {
      settleTimer = timers.setTimeout(onSettled, settleMs);
    }
    if (stillWaiting) {
      meter.busySince(t0);
    }
    meter.chunkEnded();
  });

  const removeClose = link.onClose((error) => shutDown(closedLineFailure(error)));

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
    listen: (decode, onFrame) =>
      listeners.add(decode, onFrame as (value: unknown, raw: Uint8Array, at: number) => void),
    records: journal.list,
    clearRecords: journal.clear,
    overhead: meter.overhead,
    resetOverhead: meter.reset,
    closed: () => closed,
    close: async () => {
      shutDown({ code: 'cancelled', message: 'the session was closed', cause: { kind: 'port-closed' } });
      await link.close();
    },
  };
}
