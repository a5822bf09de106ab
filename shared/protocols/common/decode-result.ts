import type { LineCause } from './line-cause';

/**
 * What every frame decoder returns. A decoder never throws and never returns a bare null:
 * - `ok`: a whole frame was decoded; `consumed` bytes (or characters) from the start of the input
 *   belong to it, so a stream reader can drop them and go on;
 * - `incomplete`: the input is the start of a frame that is not finished yet; wait for more bytes;
 * - `invalid`: the input cannot be (the start of) a frame; `reason` names what is wrong in words a
 *   crew can act on, and `skip` says how many leading bytes a stream reader should discard to resync;
 *   `cause`, when the decoder knows it, is the coded reason (bad checksum, another unit's reply) that
 *   a transaction failing on this frame reports.
 */
export type DecodeResult<T> =
  | { readonly status: 'ok'; readonly value: T; readonly consumed: number }
  | { readonly status: 'incomplete'; readonly needed: number | null }
  | {
      readonly status: 'invalid';
      readonly reason: string;
      readonly skip: number;
      readonly cause?: LineCause;
    };

export function decoded<T>(value: T, consumed: number): DecodeResult<T> {
  return { status: 'ok', value, consumed };
}

export function incomplete<T>(needed: number | null = null): DecodeResult<T> {
  return { status: 'incomplete', needed };
}

export function invalid<T>(reason: string, skip = 1, cause?: LineCause): DecodeResult<T> {
  return cause === undefined
    ? { status: 'invalid', reason, skip: Math.max(1, skip) }
    : { status: 'invalid', reason, skip: Math.max(1, skip), cause };
}
