import type { DecodeResult } from './decode-result';

/**
 * Reassembles frames from a byte stream that arrives in arbitrary chunks (serial reads split frames
 * anywhere): keeps what is not finished, drops what a decoder calls invalid by its `skip`, and hands
 * over every whole frame. Works with any of the codecs' `DecodeResult` decoders.
 */
export type FrameReaderEvent<T> =
  | { readonly kind: 'frame'; readonly value: T; readonly bytes: Uint8Array }
  | { readonly kind: 'dropped'; readonly reason: string; readonly bytes: Uint8Array };

export type FrameReader<T> = {
  push(chunk: Uint8Array): FrameReaderEvent<T>[];
  /** Bytes held while waiting for the rest of a frame. */
  readonly pending: () => number;
  /** Forgets a half frame (after a silence: the rest is not coming). */
  reset(): Uint8Array;
};

export function createFrameReader<T>(
  decode: (bytes: Uint8Array) => DecodeResult<T>,
  maxPending = 8192,
): FrameReader<T> {
  let buffer = new Uint8Array(0);
  return {
    pending: () => buffer.length,
    reset() {
      const held = buffer;
      buffer = new Uint8Array(0);
      return held;
    },
    push(chunk) {
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer, 0);
      joined.set(chunk, buffer.length);
      buffer = joined;
      const events: FrameReaderEvent<T>[] = [];
      while (buffer.length > 0) {
        const result = decode(buffer);
        if (result.status === 'incomplete') {
          if (buffer.length > maxPending) {
            events.push({
              kind: 'dropped',
              reason: `no whole frame in ${buffer.length} bytes`,
              bytes: buffer,
            });
            buffer = new Uint8Array(0);
          }
          break;
        }
        const take = result.status === 'ok' ? result.consumed : Math.min(result.skip, buffer.length);
        const bytes = buffer.slice(0, take);
        buffer = buffer.slice(take);
        events.push(
          result.status === 'ok'
            ? { kind: 'frame', value: result.value, bytes }
            : { kind: 'dropped', reason: result.reason, bytes },
        );
      }
      return events;
    },
  };
}
