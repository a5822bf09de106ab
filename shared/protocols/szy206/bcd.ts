/**
 * Packed BCD helpers. SZY206 writes multi-byte values least-significant byte first; SL651 writes them
 * most-significant byte first. Digits come back as a string so leading zeros and the digit count
 * survive (a county code is "530381", not 530381).
 */

/** One BCD byte as 0–99, or null when a nibble is not a decimal digit. */
export function bcdByteValue(byte: number): number | null {
  const high = (byte >>> 4) & 0x0f;
  const low = byte & 0x0f;
  return high > 9 || low > 9 ? null : high * 10 + low;
}

export function toBcdByte(value: number): number {
  const v = Math.trunc(Math.abs(value)) % 100;
  return (Math.trunc(v / 10) << 4) | (v % 10);
}

/** Digits of `length` bytes read most-significant byte first; null when any nibble is not 0–9. */
export function bcdDigitsMsbFirst(bytes: Uint8Array, start: number, length: number): string | null {
  let out = '';
  for (let i = start; i < start + length; i += 1) {
    const v = bcdByteValue(bytes[i] ?? 0xff);
    if (v === null) {
      return null;
    }
    out += v.toString().padStart(2, '0');
  }
  return out;
}

/** Digits of `length` bytes stored least-significant byte first, returned most-significant first. */
export function bcdDigitsLsbFirst(bytes: Uint8Array, start: number, length: number): string | null {
  const reversed = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    reversed[i] = bytes[start + length - 1 - i] ?? 0xff;
  }
  return bcdDigitsMsbFirst(reversed, 0, length);
}

/** Writes a digit string (≤ 2·length digits, left-padded with zeros) most-significant byte first. */
export function digitsToBcdMsbFirst(digits: string, length: number): Uint8Array {
  const padded = digits.padStart(length * 2, '0').slice(-length * 2);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    out[i] = (Number(padded[i * 2]) << 4) | Number(padded[i * 2 + 1]);
  }
  return out;
}

export function digitsToBcdLsbFirst(digits: string, length: number): Uint8Array {
  return digitsToBcdMsbFirst(digits, length).reverse();
}
