import type { RecordedFrame } from '#shared/diagnostics/session-record';
import type { ByteLink, Timers } from '#shared/protocols/common/byte-link';
import type { DecodeResult } from '#shared/protocols/common/decode-result';
import { fromHex, toHex } from '#shared/protocols/common/hex';
import { labelledString, type LabelledText } from '#shared/protocols/common/label';
import { createLineSession, type LineSession } from '#shared/protocols/line-session';
import { CodedError, type Result } from '#shared/result';

/**
 * The diagnostics line: the shared line session (one transaction in flight, per-request timeout,
 * noise resync, named failures) plus the frame log the page, the saved session and the exported
 * log show. Requests are logged with what they ask, replies as the decoder delimited them with what
 * they say, and every byte the session threw away with its reason (bad CRC, noise, stale reply).
 * Bytes that arrive with no request in flight go to `onBurst` (raw terminal replies, self-reports).
 */
export type LineOptions = {
  readonly link: ByteLink;
  readonly timers: Timers;
  readonly onFrame: (frame: RecordedFrame) => void;
  readonly onBurst?: (bytes: Uint8Array, at: number) => void;
  readonly onClose?: (error: Error | null) => void;
};

export type TransactOptions<T> = {
  readonly timeoutMs: number;
  readonly describeTx: string;
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
  /** Plain text, or text whose protocol names are labels (shown in the reader's language). */
  readonly describeRx: (value: T) => string | LabelledText;
};

/** How a protocol's frames read in the log: a request by its bytes, a reply by its decoded value. */
export type FrameDescriber = {
  readonly describeTx: (bytes: Uint8Array) => string | LabelledText;
  readonly describeRx: (value: unknown) => string | LabelledText;
};

export type DiagnosticsLine = {
  transact<T>(tx: Uint8Array, options: TransactOptions<T>): Promise<T>;
  /**
   * The line as a session for a shared protocol master (`createModbusMaster`): the same transactions,
   * each request and reply logged with what `describer` says of it. Results, never throws.
   */
  channel(describer: FrameDescriber): Pick<LineSession, 'transact' | 'send'>;
  send(tx: Uint8Array, describe: string | LabelledText | null): Promise<void>;
  readonly closed: () => boolean;
  close(): Promise<void>;
};

const noRequest = 'no request in flight';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) {
    throw CodedError.from(result.error);
  }
  return result.value;
}

export function createDiagnosticsLine(options: LineOptions): DiagnosticsLine {
  const { timers } = options;
  const log = (direction: 'tx' | 'rx', hex: string, summary: string | LabelledText | null) => {
    if (hex === '') {
      return;
    }
    const at = timers.now();
    options.onFrame(
      summary === null || typeof summary === 'string'
        ? { at, direction, hex, summary }
        : { at, direction, hex, summary: labelledString(summary), summaryParts: summary },
    );
  };
  const session = createLineSession({
    link: options.link,
    timers,
    onRecord: (r) => {
      // Plain chunks are logged once they are understood (reply) or dropped (with the reason).
      if (r.dropped === undefined) {
        return;
      }
      if (r.dropped === noRequest && options.onBurst) {
        options.onBurst(fromHex(r.hex), r.at);
        return;
      }
      log('rx', r.hex, r.dropped);
    },
  });
  const removeClose = options.link.onClose((error) => options.onClose?.(error));
  const transactLogged = async <T>(
    tx: Uint8Array,
    o: {
      readonly timeoutMs?: number | undefined;
      readonly describeTx: string | LabelledText;
      readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
      readonly describeRx: (value: T) => string | LabelledText;
    },
  ): Promise<Result<T>> => {
    log('tx', toHex(tx), o.describeTx);
    let raw: Uint8Array | null = null;
    const result = await session.transact(tx, {
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      decode: (bytes) => {
        const r = o.decode(bytes);
        if (r.status === 'ok') {
          raw = bytes.slice(0, r.consumed);
        }
        return r;
      },
    });
    if (result.ok && raw !== null) {
      log('rx', toHex(raw), o.describeRx(result.value));
    }
    return result;
  };
  return {
    transact: async (tx, o) => unwrap(await transactLogged(tx, o)),
    channel: (describer) => ({
      transact: (tx, o) =>
        transactLogged(tx, {
          timeoutMs: o.timeoutMs,
          decode: o.decode,
          describeTx: describer.describeTx(tx),
          describeRx: describer.describeRx,
        }),
      send: async (tx) => {
        log('tx', toHex(tx), describer.describeTx(tx));
        return session.send(tx);
      },
    }),
    send: async (tx, describe) => {
      log('tx', toHex(tx), describe);
      unwrap(await session.send(tx));
    },
    closed: () => session.closed(),
    close: async () => {
      removeClose();
      await session.close();
    },
  };
}
