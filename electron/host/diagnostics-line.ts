import type { RecordedFrame } from '../../shared/diagnostics/session-record';
import type { ByteLink, Timers } from '../../shared/protocols/common/byte-link';
import type { DecodeResult } from '../../shared/protocols/common/decode-result';
import { fromHex, toHex } from '../../shared/protocols/common/hex';
import { labelledString, type LabelledText } from '../../shared/protocols/common/label';
import { createLineSession } from '../../shared/protocols/line-session';
import { CodedError, type Result } from '../../shared/result';

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

export type DiagnosticsLine = {
  transact<T>(tx: Uint8Array, options: TransactOptions<T>): Promise<T>;
  send(tx: Uint8Array, describe: string | LabelledText | null): Promise<void>;
  readonly closed: () => boolean;
  close(): Promise<void>;
};

const noRequest = 'no request in flight';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) {
    throw new CodedError(result.error.code, result.error.message);
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
  return {
    transact: async (tx, o) => {
      log('tx', toHex(tx), o.describeTx);
      let raw: Uint8Array | null = null;
      const result = await session.transact(tx, {
        timeoutMs: o.timeoutMs,
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
      return unwrap(result);
    },
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
