import type { ByteLink, Timers } from '../../shared/protocols/common/byte-link';
import type { DecodeResult } from '../../shared/protocols/common/decode-result';
import { toHex } from '../../shared/protocols/common/hex';
import type { RecordedFrame } from '../../shared/diagnostics/session-record';
import { CodedError } from '../../shared/result';

/**
 * The diagnostics line over one open ByteLink: one transaction in flight at a time, a timeout per
 * request, every byte recorded as a frame (tx as written; rx as the decoder delimited it, or as a
 * burst separated by a quiet gap when nothing is being waited for). Failures are CodedErrors a crew
 * can act on: timeout (nothing or too little came back), protocol (bad CRC, wrong answer), io (the
 * port vanished).
 */
export type LineOptions = {
  readonly link: ByteLink;
  readonly timers: Timers;
  readonly onFrame: (frame: RecordedFrame) => void;
  /** Unsolicited bytes (listen mode, raw terminal), grouped by a quiet gap. */
  readonly onBurst?: (bytes: Uint8Array, at: number) => void;
  readonly onClose?: (error: Error | null) => void;
  /** Quiet time that ends an unsolicited burst (ms). */
  readonly gapMs?: number;
};

export type TransactOptions<T> = {
  readonly timeoutMs: number;
  readonly describeTx: string;
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
  readonly describeRx: (value: T) => string;
};

export type DiagnosticsLine = {
  transact<T>(tx: Uint8Array, options: TransactOptions<T>): Promise<T>;
  send(tx: Uint8Array, describe: string | null): Promise<void>;
  readonly closed: () => boolean;
  close(): Promise<void>;
};

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function createDiagnosticsLine(options: LineOptions): DiagnosticsLine {
  const { link, timers } = options;
  const gapMs = options.gapMs ?? 50;
  let buffer: Uint8Array = new Uint8Array(0);
  let burstTimer: unknown = null;
  let waiter: ((error: CodedError | null) => void) | null = null;
  let onBytes: (() => void) | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  let closeError: Error | null = null;

  const record = (direction: 'tx' | 'rx', bytes: Uint8Array, summary: string | null) => {
    if (bytes.length > 0) {
      options.onFrame({ at: timers.now(), direction, hex: toHex(bytes), summary });
    }
  };

  const flushBurst = () => {
    burstTimer = null;
    if (onBytes !== null || buffer.length === 0) {
      return;
    }
    const bytes = buffer;
    buffer = new Uint8Array(0);
    if (options.onBurst) {
      options.onBurst(bytes, timers.now());
    } else {
      record('rx', bytes, null);
    }
  };

  const removeData = link.onData((chunk) => {
    buffer = concat(buffer, chunk);
    if (onBytes !== null) {
      onBytes();
      return;
    }
    if (burstTimer !== null) {
      timers.clearTimeout(burstTimer);
    }
    burstTimer = timers.setTimeout(flushBurst, gapMs);
  });
  const removeClose = link.onClose((error) => {
    closed = true;
    closeError = error;
    waiter?.(
      new CodedError('io', `the port closed${error ? `: ${error.message}` : ''} — adapter unplugged?`),
    );
    options.onClose?.(error);
  });

  const ensureOpen = () => {
    if (closed) {
      throw new CodedError(
        'io',
        `the port is closed${closeError ? ` (${closeError.message})` : ''}; connect again`,
      );
    }
  };

  const write = async (tx: Uint8Array, describe: string | null) => {
    ensureOpen();
    record('tx', tx, describe);
    try {
      await link.write(tx);
    } catch (error) {
      throw new CodedError('io', `write failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const run = async <T>(tx: Uint8Array, o: TransactOptions<T>): Promise<T> => {
    if (burstTimer !== null) {
      timers.clearTimeout(burstTimer);
      flushBurst();
    }
    buffer = new Uint8Array(0);
    return new Promise<T>((resolve, reject) => {
      let timer: unknown = null;
      const finish = (error: CodedError | null, value?: T) => {
        if (timer !== null) {
          timers.clearTimeout(timer);
        }
        waiter = null;
        onBytes = null;
        if (error !== null) {
          reject(error);
        } else {
          resolve(value as T);
        }
      };
      waiter = (error) => finish(error);
      onBytes = () => {
        const result = o.decode(buffer);
        if (result.status === 'incomplete') {
          return;
        }
        if (result.status === 'ok') {
          const frame = buffer.slice(0, result.consumed);
          buffer = buffer.slice(result.consumed);
          record('rx', frame, o.describeRx(result.value));
          finish(null, result.value);
          return;
        }
        const bytes = buffer;
        buffer = new Uint8Array(0);
        record('rx', bytes, result.reason);
        finish(new CodedError('protocol', result.reason));
      };
      timer = timers.setTimeout(() => {
        const got = buffer;
        buffer = new Uint8Array(0);
        record('rx', got, got.length > 0 ? 'incomplete reply' : null);
        finish(
          new CodedError(
            'timeout',
            got.length > 0
              ? `only ${got.length} bytes of a reply within ${o.timeoutMs} ms (${toHex(got)})`
              : `no reply within ${o.timeoutMs} ms`,
          ),
        );
      }, o.timeoutMs);
      write(tx, o.describeTx).catch((error: unknown) =>
        finish(error instanceof CodedError ? error : new CodedError('io', String(error))),
      );
    });
  };

  // One transaction in flight: later calls wait for earlier ones, whatever their outcome.
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    transact: (tx, o) => serial(() => run(tx, o)),
    send: (tx, describe) => serial(() => write(tx, describe)),
    closed: () => closed,
    close: async () => {
      if (burstTimer !== null) {
        timers.clearTimeout(burstTimer);
        flushBurst();
      }
      removeData();
      removeClose();
      waiter?.(new CodedError('cancelled', 'the line was closed'));
      closed = true;
      await link.close().catch(() => undefined);
    },
  };
}
