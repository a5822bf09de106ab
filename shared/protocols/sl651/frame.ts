import { crc16Modbus } from '../common/crc16-modbus';
import { decoded, incomplete, invalid, type DecodeResult } from '../common/decode-result';
import { hex2, hex4, toHex } from '../common/hex';
import { CodedError } from '../../result';
import { sl651EndChars, type Sl651EndChar } from './elements';

/**
 * SL651-2014 HEX/BCD frame: 7E 7E, addresses (uplink: centre 1 B then station 5 B; downlink swapped),
 * password 2 B, function code, direction nibble + 12-bit body length, STX (02) or SYN (16), body, end
 * character, CRC-16/MODBUS over 7E … end character sent HIGH byte first. Length of a frame = body + 17.
 */
export type Sl651Direction = 'up' | 'down';

export type Sl651Frame = {
  readonly direction: Sl651Direction;
  readonly centerAddress: number;
  /** 5 bytes shown as 10 hex digits (county BCD + station, or 00 + 8-digit hydrological code). */
  readonly stationAddress: string;
  readonly password: string;
  readonly functionCode: number;
  /** STX 02 single packet, SYN 16 multi-packet (the body then starts with 3 bytes total/sequence). */
  readonly multiPacket: boolean;
  readonly body: Uint8Array;
  readonly endChar: Sl651EndChar;
  readonly crc: number;
};

const headerBytes = 14;
export const sl651Overhead = 17;
const upEnds = [0x03, 0x17];
const downEnds = [0x05, 0x06, 0x15, 0x04, 0x1b];

function endCode(name: Sl651EndChar): number {
  const entry = Object.entries(sl651EndChars).find(([, n]) => n === name);
  return Number(entry?.[0] ?? 0x03);
}

export type Sl651FrameInput = {
  readonly direction: Sl651Direction;
  readonly centerAddress: number;
  readonly stationAddress: string;
  readonly password: string;
  readonly functionCode: number;
  readonly body: Uint8Array;
  readonly endChar: Sl651EndChar;
  readonly multiPacket?: boolean;
};

function hexBytes(text: string, length: number, what: string): Uint8Array {
  if (!new RegExp(`^[0-9A-Fa-f]{${length * 2}}$`).test(text)) {
    throw new CodedError('invalid-argument', `${what} "${text}" is not ${length * 2} hex digits`);
  }
  return Uint8Array.from({ length }, (_, i) => Number.parseInt(text.slice(i * 2, i * 2 + 2), 16));
}

export function encodeSl651Frame(input: Sl651FrameInput): Uint8Array {
  if (input.body.length > 0xfff) {
    throw new CodedError(
      'invalid-argument',
      `body of ${input.body.length} bytes exceeds the 12-bit length (4095)`,
    );
  }
  const station = hexBytes(input.stationAddress, 5, 'station address');
  const frame = new Uint8Array(input.body.length + sl651Overhead);
  frame[0] = 0x7e;
  frame[1] = 0x7e;
  if (input.direction === 'up') {
    frame[2] = input.centerAddress & 0xff;
    frame.set(station, 3);
  } else {
    frame.set(station, 2);
    frame[7] = input.centerAddress & 0xff;
  }
  frame.set(hexBytes(input.password, 2, 'password'), 8);
  frame[10] = input.functionCode & 0xff;
  frame[11] = (input.direction === 'down' ? 0x80 : 0) | ((input.body.length >>> 8) & 0x0f);
  frame[12] = input.body.length & 0xff;
  frame[13] = input.multiPacket ? 0x16 : 0x02;
  frame.set(input.body, headerBytes);
  const end = headerBytes + input.body.length;
  frame[end] = endCode(input.endChar);
  const crc = crc16Modbus(frame, 0, end + 1);
  frame[end + 1] = crc >>> 8;
  frame[end + 2] = crc & 0xff;
  return frame;
}

/** Decodes the frame at the start of `bytes`; names the first thing wrong. */
export function decodeSl651Frame(bytes: Uint8Array): DecodeResult<Sl651Frame> {
  if (bytes.length === 0) {
    return incomplete(sl651Overhead);
  }
  if (bytes[0] !== 0x7e || (bytes.length > 1 && bytes[1] !== 0x7e)) {
    const next = bytes.indexOf(0x7e, 1);
    const found = bytes[0] !== 0x7e ? `0x${hex2(bytes[0] ?? 0)}` : `7E 0x${hex2(bytes[1] ?? 0)}`;
    return invalid(`start expected 7E 7E, found ${found}`, next < 0 ? bytes.length : next);
  }
  if (bytes.length < headerBytes) {
    return incomplete(headerBytes - bytes.length);
  }
  const flag = (bytes[11] ?? 0) >>> 4;
  if (flag !== 0 && flag !== 8) {
    return invalid(`up/down flag expected 0 (up) or 8 (down), found ${flag.toString(16).toUpperCase()}`, 1);
  }
  const direction: Sl651Direction = flag === 8 ? 'down' : 'up';
  const bodyLength = (((bytes[11] ?? 0) & 0x0f) << 8) | (bytes[12] ?? 0);
  const stx = bytes[13] ?? 0;
  if (stx !== 0x02 && stx !== 0x16) {
    return invalid(`STX expected 0x02 (or SYN 0x16), found 0x${hex2(stx)}`, 1);
  }
  const total = bodyLength + sl651Overhead;
  if (bytes.length < total) {
    return incomplete(total - bytes.length);
  }
  const endAt = headerBytes + bodyLength;
  const end = bytes[endAt] ?? 0;
  const allowed = direction === 'up' ? upEnds : downEnds;
  if (!allowed.includes(end)) {
    return invalid(
      `end character 0x${hex2(end)} after a ${bodyLength}-byte body is not one of ${allowed.map((e) => hex2(e)).join('/')} for ${direction}link`,
      1,
    );
  }
  const expected = crc16Modbus(bytes, 0, endAt + 1);
  const found = ((bytes[endAt + 1] ?? 0) << 8) | (bytes[endAt + 2] ?? 0);
  if (expected !== found) {
    return invalid(`CRC expected 0x${hex4(expected)}, found 0x${hex4(found)}`, 1, { kind: 'crc-mismatch' });
  }
  const stationAt = direction === 'up' ? 3 : 2;
  return decoded(
    {
      direction,
      centerAddress: bytes[direction === 'up' ? 2 : 7] ?? 0,
      stationAddress: toHex(bytes.slice(stationAt, stationAt + 5), ''),
      password: toHex(bytes.slice(8, 10), ''),
      functionCode: bytes[10] ?? 0,
      multiPacket: stx === 0x16,
      body: bytes.slice(headerBytes, endAt),
      endChar: sl651EndChars[end as keyof typeof sl651EndChars],
      crc: found,
    },
    total,
  );
}
