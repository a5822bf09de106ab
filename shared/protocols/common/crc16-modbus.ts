/**
 * CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF). Modbus RTU sends it low byte first; SL651-2014
 * uses the same checksum over 7E…end character but sends it high byte first.
 */
const table = buildTable();

function buildTable(): Uint16Array {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    }
    t[n] = c;
  }
  return t;
}

export function crc16Modbus(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i += 1) {
    crc = (crc >>> 8) ^ (table[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}
