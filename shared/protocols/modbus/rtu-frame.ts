import { crc16Modbus } from '../common/crc16-modbus';
import { hex4 } from '../common/hex';

/**
 * Modbus RTU application data unit: unit id (1 byte) + PDU (function code + data) + CRC-16/MODBUS,
 * the CRC sent low byte first. These helpers are the framing layer; commands live above them.
 */
export const rtuOverheadBytes = 3;
export function encodeRtuFrame(unitId: number, pdu: Uint8Array): Uint8Array {
  const frame = new Uint8Array(pdu.length + rtuOverheadBytes);
  frame[0] = unitId & 0xff;
  frame.set(pdu, 1);
  const crc = crc16Modbus(frame, 0, frame.length - 2);
  frame[frame.length - 2] = crc & 0xff;
  frame[frame.length - 1] = crc >>> 8;
  return frame;
}

/** The CRC a frame of `length` bytes at the start of `bytes` carries and the one it should carry. */
export function rtuCrcCheck(
  bytes: Uint8Array,
  length: number,
): { readonly matches: boolean; readonly expected: number; readonly found: number } {
  const expected = crc16Modbus(bytes, 0, length - 2);
  const found = (bytes[length - 2] ?? 0) | ((bytes[length - 1] ?? 0) << 8);
  return { matches: expected === found, expected, found };
}

/** "CRC expected 0xD485, found 0x0000" — the CRC values as they read when written high byte first. */
export function describeCrcMismatch(expected: number, found: number): string {
  return `CRC expected 0x${hex4(expected)}, found 0x${hex4(found)}`;
}

/**
 * t3.5, the silence that ends an RTU frame, in ms: 3.5 characters of 11 bits below 19200 Bd, and the
 * fixed 1.75 ms the serial-line spec sets above it. A master keeps it between transactions.
 */
export function rtuFrameSilenceMs(baudRate: number): number {
  return baudRate > 19200 ? 1.75 : (3.5 * 11 * 1000) / baudRate;
}
