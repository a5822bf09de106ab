import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './common/decode-result';
import { concatBytes, createFrameListeners, laterFrameOffset } from './line-frames';

/** A toy protocol: 0xAA, a length byte, that many bytes. */
function decodeToy(bytes: Uint8Array): DecodeResult<number[]> {
  if (bytes.length === 0) {
    return { status: 'incomplete', needed: null };
  }
  if (bytes[0] !== 0xaa) {
    return { status: 'invalid', reason: 'no start byte', skip: 1 };
  }
  if (bytes.length < 2 || bytes.length < 2 + bytes[1]!) {
    return { status: 'incomplete', needed: null };
  }
  return { status: 'ok', value: [...bytes.subarray(2, 2 + bytes[1]!)], consumed: 2 + bytes[1]! };
}

describe('line frames', () => {
  it('joins chunks', () => {
    expect([...concatBytes(new Uint8Array(0), Uint8Array.of(1))]).toEqual([1]);
    expect([...concatBytes(Uint8Array.of(1, 2), Uint8Array.of(3))]).toEqual([1, 2, 3]);
  });

  it('finds a whole frame behind noise that looks like the start of a long one', () => {
    expect(laterFrameOffset(decodeToy, Uint8Array.of(0xaa, 0x20, 0xaa, 0x01, 0x07))).toBe(2);
    expect(laterFrameOffset(decodeToy, Uint8Array.of(0xaa, 0x20, 0x00))).toBeNull();
  });

  it('hands a frame to the listener that decodes it and says when one waits for more', () => {
    const listeners = createFrameListeners();
    const frames: { value: unknown; raw: number[]; at: number }[] = [];
    const remove = listeners.add(decodeToy, (value, raw, at) => frames.push({ value, raw: [...raw], at }));
    expect(listeners.size).toBe(1);
    expect(listeners.offer(Uint8Array.of(0xaa, 0x01, 0x05, 0x99), 7)).toBe(3);
    expect(frames).toEqual([{ value: [5], raw: [0xaa, 0x01, 0x05], at: 7 }]);
    expect(listeners.offer(Uint8Array.of(0x00), 8)).toBe(0);
    expect(listeners.needMore(Uint8Array.of(0xaa, 0x03))).toBe(true);
    expect(listeners.needMore(Uint8Array.of(0x00))).toBe(false);
    remove();
    expect(listeners.size).toBe(0);
    expect(listeners.offer(Uint8Array.of(0xaa, 0x00), 9)).toBe(0);
  });
});
