import { CodedError } from '../../result';

/** Bytes as upper-case hex pairs separated by spaces (how crews read captures). */
export function toHex(bytes: Uint8Array, separator = ' '): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    if (i > 0) {
      out += separator;
    }
    out += (bytes[i] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * Parses hex as crews type it: spaces, colons, dashes and an optional `0x` per byte are allowed.
 * Anything else is a `validation` error naming the offending character and its position.
 */
export function fromHex(text: string): Uint8Array {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(cleaned);
  if (bad !== null) {
    throw new CodedError('invalid-argument', `not a hex digit: "${bad[0]}" at position ${bad.index + 1}`);
  }
  if (cleaned.length % 2 !== 0) {
    throw new CodedError(
      'invalid-argument',
      `odd number of hex digits (${cleaned.length}): a byte is cut in half`,
    );
  }
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i += 1) {
    out[i] = Number.parseInt(cleaned.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

export function hex2(value: number): string {
  return (value & 0xff).toString(16).toUpperCase().padStart(2, '0');
}

export function hex4(value: number): string {
  return (value & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}
