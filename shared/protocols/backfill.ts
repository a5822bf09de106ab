import {
  backfillFrameLimit,
  backfillMissingLimit,
  backfillValueLimit,
  type BackfillPart,
} from '../domain/schemas/diagnostic-session';
import type { ProtocolId } from '../domain/primitives';
import type { ElementCode } from '../monitoring/values';
import type { DecodeResult } from './common/decode-result';
import type { HistoryRecord, HistoryStatus } from './history-run';

/**
 * 补报 (backfill) on the laptop, pure: the slots of a gap window compared with what the RTU returned
 * from its memory, the RTU's reply bytes cut into whole frames (what the platform receives, byte for
 * byte), and the batch that goes into one or more diagnostic sessions, each part within the record's
 * bounds.
 */

/** One reporting slot of the window: what the RTU had for it, or that it had nothing either. */
export type BackfillSlot = {
  readonly time: number;
  readonly state: 'recovered' | 'missing';
  readonly values: readonly { readonly element: ElementCode; readonly value: number }[];
};

const minuteMs = 60_000;

/**
 * The slots of [from, to) every `intervalMinutes`, aligned to the interval (a slot starting before
 * `from` is not the window's), each with the RTU's values at that time. A slot is recovered when the
 * RTU returned at least one element value for it, missing otherwise — also when the RTU returned a
 * record at another time than the site's slots (a different storage interval).
 */
export function compareBackfillSlots(
  window: { readonly from: number; readonly to: number },
  intervalMinutes: number,
  records: readonly HistoryRecord[],
): BackfillSlot[] {
  if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1 || intervalMinutes > 1440) {
    throw new RangeError(`interval ${intervalMinutes} min must be a whole number of minutes, 1–1440`);
  }
  if (!(window.to > window.from)) {
    throw new RangeError('the window must end after it starts');
  }
  const step = intervalMinutes * minuteMs;
  const byTime = new Map<number, { element: ElementCode; value: number }[]>();
  for (const r of records) {
    if (r.element === null || r.value === null || !Number.isFinite(r.value)) {
      continue;
    }
    const list = byTime.get(r.time) ?? [];
    if (!list.some((v) => v.element === r.element)) {
      list.push({ element: r.element, value: r.value });
    }
    byTime.set(r.time, list);
  }
  const slots: BackfillSlot[] = [];
  for (let t = Math.ceil(window.from / step) * step; t < window.to; t += step) {
    const values = byTime.get(t) ?? [];
    slots.push({ time: t, state: values.length > 0 ? 'recovered' : 'missing', values });
  }
  return slots;
}

const toLowerHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function bytesOfHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i += 1) {
    out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

/**
 * The whole reply frames in the received bytes (one recorded burst may hold several frames back to
 * back, with noise between): each as lower-case hex, exactly the bytes the RTU sent for it. Bytes
 * that are no frame are left out, never patched.
 */
export function replyFrames(
  received: readonly string[],
  decodeFrame: (bytes: Uint8Array) => DecodeResult<unknown>,
): string[] {
  const out: string[] = [];
  for (const hex of received) {
    const bytes = bytesOfHex(hex);
    let at = 0;
    while (at < bytes.length) {
      const r = decodeFrame(bytes.subarray(at));
      if (r.status === 'incomplete') {
        break;
      }
      if (r.status === 'invalid') {
        at += Math.max(1, r.skip);
        continue;
      }
      out.push(toLowerHex(bytes.subarray(at, at + r.consumed)));
      at += r.consumed;
    }
  }
  return out;
}

export type BackfillBatchInput = {
  /** The first part's session id: every part carries it as `batchId`. */
  readonly batchId: string;
  readonly protocol: ProtocolId;
  readonly window: { readonly from: number; readonly to: number };
  readonly intervalMinutes: number;
  readonly status: HistoryStatus;
  readonly frames: readonly string[];
  readonly slots: readonly BackfillSlot[];
  readonly findingKeys: readonly string[];
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/**
 * The batch as the parts of one or more diagnostic sessions: frames, values and missing slots each cut
 * at the record's bounds, part k taking the k-th piece of each (so every frame, value and missing
 * slot is in exactly one part). Every part names the whole window, the batch and the findings.
 */
export function buildBackfillParts(input: BackfillBatchInput): BackfillPart[] {
  if (input.findingKeys.length > 50) {
    throw new RangeError(`${input.findingKeys.length} findings: a batch answers at most 50`);
  }
  const values = input.slots.flatMap((s) => s.values.map((v) => ({ time: s.time, ...v })));
  const missing = input.slots.filter((s) => s.state === 'missing').map((s) => s.time);
  const frameChunks = chunks(input.frames, backfillFrameLimit);
  const valueChunks = chunks(values, backfillValueLimit);
  const missingChunks = chunks(missing, backfillMissingLimit);
  const parts = Math.max(1, frameChunks.length, valueChunks.length, missingChunks.length);
  if (parts > 100) {
    throw new RangeError(`the batch needs ${parts} parts: recover a shorter window (at most 100 parts)`);
  }
  return Array.from({ length: parts }, (_, k) => ({
    batchId: input.batchId,
    part: k + 1,
    parts,
    from: input.window.from,
    to: input.window.to,
    protocol: input.protocol,
    intervalMinutes: input.intervalMinutes,
    status: input.status,
    frames: frameChunks[k] ?? [],
    values: valueChunks[k] ?? [],
    missing: missingChunks[k] ?? [],
    findingKeys: [...input.findingKeys],
  }));
}

/** Counts shown beside the slot list and in the saved session's summary. */
export function backfillCounts(slots: readonly BackfillSlot[]): {
  readonly slots: number;
  readonly recovered: number;
  readonly missing: number;
} {
  const recovered = slots.filter((s) => s.state === 'recovered').length;
  return { slots: slots.length, recovered, missing: slots.length - recovered };
}
