import { decoded, incomplete, invalid, type DecodeResult } from '../common/decode-result';
import { hex2 } from '../common/hex';
import { CodedError } from '../../result';
import { bcdDigitsMsbFirst, digitsToBcdMsbFirst } from './bcd';
import { crc8Szy206 } from './crc8';

/**
 * Framing layer of SZY206-2016 and SL/T 427-2021: `68 L 68 C [DIVS] A AFN data [PW][Tp] CS 16`.
 * L counts C … last byte before CS; CS is CRC-8/0xE5 over the same bytes. Both editions share the frame;
 * they differ in the time label (5 vs 7 bytes) and SL/T 427's second address mode.
 */
export const szy206Editions = ['szy206-2016', 'sl427-2021'] as const;
export type Szy206Edition = (typeof szy206Editions)[number];

export const szy206Start = 0x68;
export const szy206End = 0x16;
/** C + A (5) + AFN: the least a user-data area holds. */
const minUserData = 7;

export type Szy206Direction = 'up' | 'down';

export type Szy206Control = {
  /** up = terminal → centre (DIR bit 1), down = centre → terminal. */
  readonly direction: Szy206Direction;
  /** DIV: the message is split and a DIVS count-down byte follows C. */
  readonly split: boolean;
  /** FCB, 0–3: implementations send new frames with 3 and count retransmissions down. */
  readonly frameCount: number;
  /** D3–D0: the kind of data the data field carries (table `szy206DataKinds`). */
  readonly functionCode: number;
};

/**
 * A1 = 6-digit administrative division (county) code in BCD, A2 = station number (BIN, low byte
 * first): 1–60000 terminals, 60001–65534 relays, 65535 broadcast. SL/T 427 mode 2 starts with 00H and
 * carries an 8-hex-digit station code instead.
 */
export type Szy206Address =
  | { readonly mode: 'division'; readonly division: string; readonly station: number }
  | { readonly mode: 'station-code'; readonly stationCode: string };

export type Szy206Frame = {
  readonly control: Szy206Control;
  /** DIVS split-frame count-down (1 = last), only when control.split. */
  readonly splitCounter: number | null;
  readonly address: Szy206Address;
  readonly afn: number;
  /** Everything after AFN up to CS: data field and AUX (PW, Tp). */
  readonly payload: Uint8Array;
  readonly checksum: number;
};

export function decodeControl(byte: number): Szy206Control {
  return {
    direction: byte & 0x80 ? 'up' : 'down',
    split: (byte & 0x40) !== 0,
    frameCount: (byte >>> 4) & 0x03,
    functionCode: byte & 0x0f,
  };
}

export function encodeControl(control: Szy206Control): number {
  return (
    (control.direction === 'up' ? 0x80 : 0) |
    (control.split ? 0x40 : 0) |
    ((control.frameCount & 0x03) << 4) |
    (control.functionCode & 0x0f)
  );
}

/** Null when the address is usable; otherwise what is wrong with it. */
export function validateSzy206Address(address: Szy206Address): string | null {
  if (address.mode === 'station-code') {
    return /^[0-9A-Fa-f]{8}$/.test(address.stationCode)
      ? null
      : `station code "${address.stationCode}" is not 8 hex digits`;
  }
  if (!/^\d{6}$/.test(address.division)) {
    return `division code "${address.division}" is not 6 digits`;
  }
  if (!Number.isInteger(address.station) || address.station < 0 || address.station > 0xffff) {
    return `station number ${address.station} is not an integer 0–65535`;
  }
  return null;
}

export function encodeAddress(address: Szy206Address): Uint8Array {
  const problem = validateSzy206Address(address);
  if (problem !== null) {
    throw new CodedError('invalid-argument', problem);
  }
  const out = new Uint8Array(5);
  if (address.mode === 'station-code') {
    for (let i = 0; i < 4; i += 1) {
      out[i + 1] = Number.parseInt(address.stationCode.slice(i * 2, i * 2 + 2), 16);
    }
    return out;
  }
  out.set(digitsToBcdMsbFirst(address.division, 3), 0);
  out[3] = address.station & 0xff;
  out[4] = address.station >>> 8;
  return out;
}

function decodeAddress(
  bytes: Uint8Array,
  at: number,
  edition: Szy206Edition,
): { address: Szy206Address } | { problem: string } {
  if (edition === 'sl427-2021' && bytes[at] === 0x00) {
    let code = '';
    for (let i = 1; i < 5; i += 1) {
      code += hex2(bytes[at + i] ?? 0);
    }
    return { address: { mode: 'station-code', stationCode: code } };
  }
  const division = bcdDigitsMsbFirst(bytes, at, 3);
  if (division === null) {
    const shown = [0, 1, 2].map((i) => hex2(bytes[at + i] ?? 0)).join(' ');
    return { problem: `address A1 ${shown} is not a BCD division code` };
  }
  return {
    address: { mode: 'division', division, station: (bytes[at + 3] ?? 0) | ((bytes[at + 4] ?? 0) << 8) },
  };
}

export type Szy206FrameInput = {
  readonly control: Szy206Control;
  readonly splitCounter?: number | null;
  readonly address: Szy206Address;
  readonly afn: number;
  readonly payload?: Uint8Array;
};

/** Builds the whole frame with L and CS. Throws `invalid-argument` for a bad address or an oversize frame. */
export function encodeSzy206Frame(input: Szy206FrameInput): Uint8Array {
  const payload = input.payload ?? new Uint8Array(0);
  const split = input.control.split;
  const userLength = minUserData + (split ? 1 : 0) + payload.length;
  if (userLength > 255) {
    throw new CodedError('invalid-argument', `user data of ${userLength} bytes does not fit L (max 255)`);
  }
  const frame = new Uint8Array(userLength + 5);
  frame[0] = szy206Start;
  frame[1] = userLength;
  frame[2] = szy206Start;
  let at = 3;
  frame[at++] = encodeControl(input.control);
  if (split) {
    frame[at++] = (input.splitCounter ?? 1) & 0xff;
  }
  frame.set(encodeAddress(input.address), at);
  at += 5;
  frame[at++] = input.afn & 0xff;
  frame.set(payload, at);
  at += payload.length;
  frame[at++] = crc8Szy206(frame, 3, 3 + userLength);
  frame[at] = szy206End;
  return frame;
}

function nextStart(bytes: Uint8Array, from: number): number {
  const i = bytes.indexOf(szy206Start, from);
  return i < 0 ? bytes.length : i;
}

/**
 * Decodes the frame at the start of `bytes`. `incomplete` until L+5 bytes are there; `invalid` names the
 * first thing wrong (start byte, L, second start byte, end byte, CS, address) and how far to skip.
 */
export function decodeSzy206Frame(
  bytes: Uint8Array,
  edition: Szy206Edition = 'szy206-2016',
): DecodeResult<Szy206Frame> {
  if (bytes.length === 0) {
    return incomplete(5 + minUserData);
  }
  if (bytes[0] !== szy206Start) {
    return invalid(`start byte expected 0x68, found 0x${hex2(bytes[0] ?? 0)}`, nextStart(bytes, 1));
  }
  if (bytes.length < 3) {
    return incomplete(3 - bytes.length);
  }
  const userLength = bytes[1] ?? 0;
  if (userLength < minUserData) {
    return invalid(`length L=${userLength} is shorter than control + address + AFN (7 bytes)`, 1);
  }
  if (bytes[2] !== szy206Start) {
    return invalid(`second start byte expected 0x68, found 0x${hex2(bytes[2] ?? 0)}`, 1);
  }
  const total = userLength + 5;
  if (bytes.length < total) {
    return incomplete(total - bytes.length);
  }
  const end = bytes[total - 1] ?? 0;
  if (end !== szy206End) {
    return invalid(`end byte expected 0x16, found 0x${hex2(end)} (L=${userLength})`, 1);
  }
  const expected = crc8Szy206(bytes, 3, 3 + userLength);
  const found = bytes[3 + userLength] ?? 0;
  if (expected !== found) {
    return invalid(`CS expected 0x${hex2(expected)}, found 0x${hex2(found)}`, 1, { kind: 'crc-mismatch' });
  }
  const control = decodeControl(bytes[3] ?? 0);
  let at = 4;
  let splitCounter: number | null = null;
  if (control.split) {
    if (userLength < minUserData + 1) {
      return invalid(`split frame (DIV=1) of L=${userLength} has no room for DIVS`, 1);
    }
    splitCounter = bytes[at++] ?? 0;
  }
  const address = decodeAddress(bytes, at, edition);
  if ('problem' in address) {
    return invalid(address.problem, 1);
  }
  at += 5;
  const afn = bytes[at++] ?? 0;
  return decoded(
    {
      control,
      splitCounter,
      address: address.address,
      afn,
      payload: bytes.slice(at, 3 + userLength),
      checksum: found,
    },
    total,
  );
}
