import type { DecodeResult } from './common/decode-result';
import type { LineSession } from './line-session-types';
import type { ElementCode, MonitoredValue } from '../monitoring/values';
import type { Failure } from '../result';

/**
 * History pull (补报 source) as one pure state machine per protocol plus one runner for all three.
 * A protocol supplies a `HistoryPlan`: the request, a single-frame decoder, and `fold`, which takes
 * the state and one reply frame and says whether an acknowledgement must go out before the RTU sends
 * the next frame, and whether the exchange is over. The runner puts it on the same line session the
 * Diagnostics page uses: each transaction reads as many reply frames as arrive (an RTU that splits its
 * answer sends the frames back to back, so a frame-per-transaction reader would drop the later ones)
 * and stops at an acknowledgement or at the end.
 */

/** One stored slot as the RTU returned it; `value: null` is a slot it holds no data for (a gap). */
export type HistoryRecord = {
  /** The protocol's own name of the quantity (SZY206 `volume`, SL651 `Z`, HJ 212 `w21003`). */
  readonly key: string;
  /** The monitored element it fills, or null when the service stores no such element. */
  readonly element: ElementCode | null;
  /** ms since epoch, device time (start of the interval for statistics). */
  readonly time: number;
  readonly value: number | null;
  /** The protocol's data flag (HJ 212 N/F/M/S/D/C/T/B), null where the protocol has none. */
  readonly flag: string | null;
};

export type HistoryFold<S> = {
  readonly state: S;
  /** Bytes the centre must send before the next frame comes (HJ 212 9014), or null. */
  readonly ack: Uint8Array | null;
  readonly done: boolean;
};

export type HistoryPlan<S> = {
  readonly request: Uint8Array;
  readonly initial: S;
  /** Decodes one frame at the start of the bytes; frames of other traffic come back `invalid`. */
  readonly decodeFrame: (bytes: Uint8Array) => DecodeResult<unknown>;
  readonly fold: (state: S, frame: unknown) => HistoryFold<S>;
  /** What the state holds so far, whatever ended the exchange. */
  readonly records: (state: S) => readonly HistoryRecord[];
  /** Why the sequence is incomplete (a split frame or packet never came), or null. */
  readonly missing: (state: S) => string | null;
  /** A refusal by the RTU (HJ 212 QnRtn ≠ 1), or null. */
  readonly refusal?: (state: S) => string | null;
};

export type HistoryStatus =
  /** Every frame came and every slot has a value. */
  | 'complete'
  /** Every frame came, some slots hold no data (or a split frame is missing). */
  | 'gap'
  /** The RTU stopped sending before the end: what came is kept. */
  | 'timeout'
  /** A damaged frame (bad checksum) was dropped from the sequence: what came around it is kept. */
  | 'broken'
  /** The RTU refused the query, or the line failed before any reply. */
  | 'failed';

export type HistoryOutcome = {
  readonly status: HistoryStatus;
  readonly records: readonly HistoryRecord[];
  /** Times of slots without a value, ascending. */
  readonly gaps: readonly number[];
  /** Why the status is not `complete`, in English for logs. */
  readonly reason: string | null;
  readonly failure: Failure | null;
};

type Read<S> = {
  readonly state: S;
  readonly ack: Uint8Array | null;
  readonly done: boolean;
  /** Why the first damaged frame between good ones was dropped, or null (noise alone is skipped). */
  readonly broken: string | null;
};

/**
 * Folds every whole frame at the start of `bytes` into `start`. `ok` when the exchange is over, an
 * acknowledgement is due; bytes between frames that are not a frame are skipped, and a damaged frame
 * among them (bad checksum) is named in `broken`, since a record went with it; `incomplete`
 * while more frames are expected. `progress` gets the state after the whole frames read so far, which
 * is what a timeout keeps. Pure: the session hands over all bytes since the request each time.
 */
export function readHistoryFrames<S>(
  plan: HistoryPlan<S>,
  start: S,
  bytes: Uint8Array,
  progress: (state: S) => void = () => {},
): DecodeResult<Read<S>> {
  let state = start;
  let at = 0;
  let broken: string | null = null;
  while (at < bytes.length) {
    const result = plan.decodeFrame(bytes.subarray(at));
    if (result.status === 'incomplete') {
      break;
    }
    if (result.status === 'invalid') {
      if (at === 0) {
        return result;
      }
      if (result.cause?.kind === 'crc-mismatch') {
        broken ??= result.reason;
      }
      at += result.skip;
      continue;
    }
    at += result.consumed;
    const step = plan.fold(state, result.value);
    state = step.state;
    progress(state);
    if (step.done || step.ack !== null) {
      return { status: 'ok', value: { state, ack: step.ack, done: step.done, broken }, consumed: at };
    }
  }
  return { status: 'incomplete', needed: null };
}

/** Sorted times of the slots that hold no value. */
function gapTimes(records: readonly HistoryRecord[]): number[] {
  return [...new Set(records.filter((r) => r.value === null).map((r) => r.time))].sort((a, b) => a - b);
}

/** The outcome of a state, given how the exchange ended. Pure. */
export function historyOutcome<S>(
  plan: HistoryPlan<S>,
  state: S,
  end:
    | { readonly kind: 'done' }
    | { readonly kind: 'broken'; readonly reason: string }
    | { readonly kind: 'failed'; readonly failure: Failure },
): HistoryOutcome {
  const records = plan.records(state);
  const gaps = gapTimes(records);
  const refusal = plan.refusal?.(state) ?? null;
  if (refusal !== null) {
    return {
      status: 'failed',
      records,
      gaps,
      reason: refusal,
      failure: { code: 'protocol', message: refusal },
    };
  }
  if (end.kind === 'failed') {
    const status: HistoryStatus = end.failure.code === 'timeout' ? 'timeout' : 'failed';
    return { status, records, gaps, reason: end.failure.message, failure: end.failure };
  }
  if (end.kind === 'broken') {
    return { status: 'broken', records, gaps, reason: end.reason, failure: null };
  }
  const missing = plan.missing(state);
  if (missing !== null || gaps.length > 0) {
    return {
      status: 'gap',
      records,
      gaps,
      reason: missing ?? `${gaps.length} slot(s) without data`,
      failure: null,
    };
  }
  return { status: 'complete', records, gaps, reason: null, failure: null };
}

function isTail(bytes: Uint8Array, of: Uint8Array): boolean {
  return (
    bytes.buffer === of.buffer &&
    bytes.byteOffset > of.byteOffset &&
    bytes.byteOffset + bytes.length === of.byteOffset + of.length
  );
}

/**
 * Runs a plan on a line: the request, then acknowledgements as the plan asks, each transaction reading
 * reply frames until the next acknowledgement or the end. A timeout keeps what came before it.
 */
export async function runHistory<S>(
  line: Pick<LineSession, 'transact'>,
  plan: HistoryPlan<S>,
  timeoutMs: number,
): Promise<HistoryOutcome> {
  let state = plan.initial;
  let tx = plan.request;
  let broken: string | null = null;
  for (;;) {
    const from = state;
    let latest = state;
    // The session also tries the decoder on every tail of its buffer, looking for a reply hidden
    // behind noise. A tail would fold a later frame as if it were the first, and re-reading a long
    // run of frames from every offset costs the square of the answer, so tails (views that end where
    // the last whole input ends, starting later in it) are refused: a reply swallowed by noise that
    // looks like a frame start ends in a timeout instead.
    let head: Uint8Array | null = null;
    const result = await line.transact(tx, {
      timeoutMs,
      decode: (bytes) => {
        if (head !== null && isTail(bytes, head)) {
          return { status: 'invalid', reason: 'not the start of the reply', skip: 1 };
        }
        head = bytes;
        return readHistoryFrames(plan, from, bytes, (next) => {
          latest = next;
        });
      },
    });
    if (!result.ok) {
      return historyOutcome(plan, latest, { kind: 'failed', failure: result.error });
    }
    state = result.value.state;
    broken ??= result.value.broken;
    if (result.value.done || result.value.ack === null) {
      return historyOutcome(
        plan,
        state,
        broken === null ? { kind: 'done' } : { kind: 'broken', reason: broken },
      );
    }
    tx = result.value.ack;
  }
}

/** Values that fill a 补报: records with an element and a value, marked as `backfill`. */
export function historyToMonitoredValues(
  records: readonly HistoryRecord[],
  siteCode: string,
  receivedAt: number,
): MonitoredValue[] {
  const out: MonitoredValue[] = [];
  for (const r of records) {
    if (r.element !== null && r.value !== null) {
      out.push({
        siteCode,
        element: r.element,
        time: r.time,
        value: r.value,
        flag: r.flag,
        source: 'backfill',
        receivedAt,
      });
    }
  }
  return out;
}
