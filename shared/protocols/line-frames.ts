import type { DecodeResult } from './common/decode-result';

type Decode = (bytes: Uint8Array) => DecodeResult<unknown>;

/** A listener for frames nobody asked for (an RTU's own reports, a second master's traffic). */
type Listener = {
  readonly decode: Decode;
  readonly onFrame: (value: unknown, raw: Uint8Array, at: number) => void;
};

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) {
    return b;
  }
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Where a whole frame starts further into `buffer` (offset ≥ 1), or null. Noise can look like the start
 * of a long frame and swallow the real reply; this finds the reply behind it.
 */
export function laterFrameOffset(decode: Decode, buffer: Uint8Array): number | null {
  for (let offset = 1; offset < buffer.length; offset += 1) {
    if (decode(buffer.subarray(offset)).status === 'ok') {
      return offset;
    }
  }
  return null;
}

/** The listeners of one line, asked in the order they came. */
export function createFrameListeners() {
  const listeners = new Set<Listener>();
  return {
    get size(): number {
      return listeners.size;
    },
    add: (decode: Decode, onFrame: Listener['onFrame']): (() => void) => {
      const listener: Listener = { decode, onFrame };
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * Hands a frame at the start of `buffer` to the first listener that decodes one; returns how many
     * bytes it took (0: none took any).
     */
    offer: (buffer: Uint8Array, at: number): number => {
      for (const listener of listeners) {
        const result = listener.decode(buffer);
        if (result.status === 'ok') {
          listener.onFrame(result.value, buffer.slice(0, result.consumed), at);
          return result.consumed;
        }
      }
      return 0;
    },
    /** Whether some listener sees the start of a frame in `buffer` and waits for the rest. */
    needMore: (buffer: Uint8Array): boolean => {
      return [...listeners].some((l) => l.decode(buffer).status === 'incomplete');
    },
  };
}
