/**
 * SZY206 / SL/T 427 check code CS: CRC-8 with generator x⁷+x⁶+x⁵+x²+1 (0xE5), init 0, MSB first, no
 * reflection, no final XOR. It covers the user-data area only (C … last byte before CS); the 68/L/68
 * header and the 16H end byte are outside it.
 */
const table = buildTable();

function buildTable(): Uint8Array {
  const t = new Uint8Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 0x80 ? ((c << 1) ^ 0xe5) & 0xff : (c << 1) & 0xff;
    }
    t[n] = c;
  }
  return t;
}

export function crc8Szy206(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i += 1) {
    crc = table[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0;
  }
  return crc;
}
