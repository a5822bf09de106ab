/**
 * HJ 212-2017 appendix A check code. Not textbook CRC-16/MODBUS: for each byte the register's high byte
 * is shifted down first and the data byte XORed into the low byte, then 8 shift/XOR-0xA001 rounds.
 * check("123456789") = 0x2F80; the standard's own example packet ends in 1C80.
 */
export function crcHj212(bytes: Uint8Array): number {
  let reg = 0xffff;
  for (const b of bytes) {
    reg = (reg >>> 8) ^ b;
    for (let k = 0; k < 8; k += 1) {
      const carry = reg & 1;
      reg >>>= 1;
      if (carry) {
        reg ^= 0xa001;
      }
    }
  }
  return reg & 0xffff;
}

/** Over a text segment as sent (UTF-8). */
export function crcHj212Text(segment: string): number {
  return crcHj212(new TextEncoder().encode(segment));
}
