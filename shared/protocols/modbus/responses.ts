import { type DecodeResult, decoded, incomplete, invalid } from '../common/decode-result';
import { hex2 } from '../common/hex';
import { fail, ok, type Result } from '../../result';
import {
  describeModbusException,
  isSupportedFunctionCode,
  type ReadBitsFunctionCode,
  type ReadRegistersFunctionCode,
} from './function-codes';
import { type ModbusRequest, packBits, unpackBits } from './requests';
import { describeCrcMismatch, encodeRtuFrame, rtuCrcCheck } from './rtu-frame';

/** A slave's normal answers; read-bit replies carry whole bytes of bits unless trimmed by the request. */
export type ModbusReadBitsResponse = {
  readonly kind: 'normal';
  readonly unitId: number;
  readonly functionCode: ReadBitsFunctionCode;
  readonly values: readonly boolean[];
};
export type ModbusReadRegistersResponse = {
  readonly kind: 'normal';
  readonly unitId: number;
  readonly functionCode: ReadRegistersFunctionCode;
  readonly values: readonly number[];
};
export type ModbusWriteSingleCoilResponse = {
  readonly kind: 'normal';
  readonly unitId: number;
  readonly functionCode: 0x05;
  readonly address: number;
  readonly value: boolean;
};
export type ModbusWriteSingleRegisterResponse = {
  readonly kind: 'normal';
  readonly unitId: number;
  readonly functionCode: 0x06;
  readonly address: number;
  readonly value: number;
};
export type ModbusWriteMultipleResponse = {
  readonly kind: 'normal';
  readonly unitId: number;
  readonly functionCode: 0x0f | 0x10;
  readonly address: number;
  readonly quantity: number;
};
/** The slave refused: `functionCode` is the one asked (without the 0x80 flag). */
export type ModbusExceptionResponse = {
  readonly kind: 'exception';
  readonly unitId: number;
  readonly functionCode: number;
  readonly exceptionCode: number;
};
export type ModbusNormalResponse =
  | ModbusReadBitsResponse
  | ModbusReadRegistersResponse
  | ModbusWriteSingleCoilResponse
  | ModbusWriteSingleRegisterResponse
  | ModbusWriteMultipleResponse;
export type ModbusResponse = ModbusNormalResponse | ModbusExceptionResponse;

function responsePdu(response: ModbusResponse): Uint8Array {
  if (response.kind === 'exception') {
    return Uint8Array.from([(response.functionCode | 0x80) & 0xff, response.exceptionCode & 0xff]);
  }
  switch (response.functionCode) {
    case 0x01:
    case 0x02: {
      const packed = packBits(response.values);
      return Uint8Array.from([response.functionCode, packed.length, ...packed]);
    }
    case 0x03:
    case 0x04:
      return Uint8Array.from([
        response.functionCode,
        response.values.length * 2,
        ...response.values.flatMap((v) => [(v >> 8) & 0xff, v & 0xff]),
      ]);
    case 0x05:
    case 0x06: {
      const word = response.functionCode === 0x05 ? (response.value ? 0xff00 : 0) : response.value;
      return Uint8Array.from([
        response.functionCode,
        response.address >> 8,
        response.address & 0xff,
        word >> 8,
        word & 0xff,
      ]);
    }
    case 0x0f:
    case 0x10:
      return Uint8Array.from([
        response.functionCode,
        response.address >> 8,
        response.address & 0xff,
        response.quantity >> 8,
        response.quantity & 0xff,
      ]);
  }
}

function validateResponse(response: ModbusResponse): string | null {
  if (!Number.isInteger(response.unitId) || response.unitId < 0 || response.unitId > 255) {
    return `unit id ${response.unitId} is outside 0–255`;
  }
  if (response.kind === 'exception') {
    return isSupportedFunctionCode(response.functionCode) &&
      response.exceptionCode >= 1 &&
      response.exceptionCode <= 0xff
      ? null
      : `exception reply needs a supported function code and an exception code 1–255`;
  }
  switch (response.functionCode) {
    case 0x01:
    case 0x02:
      return response.values.length >= 1 && response.values.length <= 2000
        ? null
        : `${response.values.length} bits: a reply carries 1–2000`;
    case 0x03:
    case 0x04: {
      const bad = response.values.find((v) => !Number.isInteger(v) || v < 0 || v > 0xffff);
      if (bad !== undefined) {
        return `register value ${bad} is outside 0–65535`;
      }
      return response.values.length >= 1 && response.values.length <= 125
        ? null
        : `${response.values.length} registers: a reply carries 1–125`;
    }
    case 0x05:
    case 0x06:
    case 0x0f:
    case 0x10: {
      const inRange = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffff;
      const second =
        response.functionCode === 0x05
          ? 0
          : response.functionCode === 0x06
            ? response.value
            : response.quantity;
      return inRange(response.address) && inRange(second)
        ? null
        : 'address, value or quantity is outside 0–65535';
    }
  }
}

/** The RTU frame a slave sends for `response` (simulators), or an `invalid-argument` failure. */
export function encodeModbusResponse(response: ModbusResponse): Result<Uint8Array> {
  const problem = validateResponse(response);
  return problem === null
    ? ok(encodeRtuFrame(response.unitId, responsePdu(response)))
    : fail('invalid-argument', problem);
}

function responseLength(bytes: Uint8Array): number | null | { readonly reason: string } {
  const fc = bytes[1];
  if (fc === undefined) {
    return null;
  }
  if (!isSupportedFunctionCode(fc & 0x7f)) {
    return { reason: `unsupported function code 0x${hex2(fc)}` };
  }
  if ((fc & 0x80) !== 0) {
    return 5;
  }
  if (fc <= 0x04) {
    const byteCount = bytes[2];
    if (byteCount === undefined) {
      return null;
    }
    // Rejected at once rather than waited for: noise often looks like a read reply with a huge count.
    if (byteCount === 0 || byteCount > 250) {
      return { reason: `byte count ${byteCount} is outside 1–250 for FC ${hex2(fc)}` };
    }
    return 5 + byteCount;
  }
  return 8;
}

const u16 = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);

function parseResponse(bytes: Uint8Array, length: number): ModbusResponse | string {
  const unitId = bytes[0] ?? 0;
  const fc = bytes[1] ?? 0;
  if ((fc & 0x80) !== 0) {
    return { kind: 'exception', unitId, functionCode: fc & 0x7f, exceptionCode: bytes[2] ?? 0 };
  }
  switch (fc) {
    case 0x01:
    case 0x02:
      return {
        kind: 'normal',
        unitId,
        functionCode: fc,
        values: unpackBits(bytes.subarray(3, length - 2), (length - 5) * 8),
      };
    case 0x03:
    case 0x04: {
      if ((length - 5) % 2 !== 0) {
        return `byte count ${length - 5} is odd: registers are 2 bytes each`;
      }
      const values: number[] = [];
      for (let i = 3; i < length - 2; i += 2) {
        values.push(u16(bytes, i));
      }
      return { kind: 'normal', unitId, functionCode: fc, values };
    }
    case 0x05: {
      const word = u16(bytes, 4);
      if (word !== 0xff00 && word !== 0) {
        return `coil value 0x${word.toString(16).toUpperCase()} is neither FF00 (on) nor 0000 (off)`;
      }
      return { kind: 'normal', unitId, functionCode: fc, address: u16(bytes, 2), value: word === 0xff00 };
    }
    case 0x06:
      return { kind: 'normal', unitId, functionCode: fc, address: u16(bytes, 2), value: u16(bytes, 4) };
    default:
      return {
        kind: 'normal',
        unitId,
        functionCode: fc === 0x0f ? 0x0f : 0x10,
        address: u16(bytes, 2),
        quantity: u16(bytes, 4),
      };
  }
}

/** Why `response` is not the answer to `request`, or null when it is. */
export function mismatchWithRequest(response: ModbusResponse, request: ModbusRequest): string | null {
  if (response.unitId !== request.unitId) {
    return `reply from unit ${response.unitId}, expected unit ${request.unitId}`;
  }
  if (response.functionCode !== request.functionCode) {
    return `reply to FC ${hex2(response.functionCode)}, expected FC ${hex2(request.functionCode)}`;
  }
  if (response.kind === 'exception') {
    return null;
  }
  switch (request.functionCode) {
    case 0x01:
    case 0x02: {
      const bytes = Math.ceil(request.quantity / 8);
      const got = (response as ModbusReadBitsResponse).values.length / 8;
      return got === bytes ? null : `byte count ${got}, expected ${bytes} for ${request.quantity} bits`;
    }
    case 0x03:
    case 0x04: {
      const got = (response as ModbusReadRegistersResponse).values.length;
      return got === request.quantity ? null : `${got} registers in the reply, expected ${request.quantity}`;
    }
    case 0x05:
    case 0x06: {
      const echo = response as ModbusWriteSingleCoilResponse | ModbusWriteSingleRegisterResponse;
      return echo.address === request.address && echo.value === request.value
        ? null
        : `echo of address ${echo.address} value ${String(echo.value)}, expected address ${request.address} value ${String(request.value)}`;
    }
    case 0x0f:
    case 0x10: {
      const echo = response as ModbusWriteMultipleResponse;
      return echo.address === request.address && echo.quantity === request.values.length
        ? null
        : `echo of address ${echo.address} quantity ${echo.quantity}, expected address ${request.address} quantity ${request.values.length}`;
    }
  }
}

/**
 * Decodes one reply frame at the start of `bytes` (what a master receives). With `expected`, the reply
 * must answer that request (unit, function code, count, echo) and read-bit values are trimmed to the
 * quantity asked. An exception reply decodes `ok` with kind 'exception'; `describeModbusException`
 * names it. Never throws.
 */
export function decodeModbusResponse(
  bytes: Uint8Array,
  expected?: ModbusRequest,
): DecodeResult<ModbusResponse> {
  if (bytes.length < 2) {
    return incomplete(5 - bytes.length);
  }
  const length = responseLength(bytes);
  if (length !== null && typeof length === 'object') {
    return invalid(length.reason);
  }
  if (length === null || bytes.length < length) {
    return incomplete(length === null ? null : length - bytes.length);
  }
  const crc = rtuCrcCheck(bytes, length);
  if (!crc.matches) {
    return invalid(describeCrcMismatch(crc.expected, crc.found), 1, { kind: 'crc-mismatch' });
  }
  const parsed = parseResponse(bytes, length);
  if (typeof parsed === 'string') {
    return invalid(parsed, length);
  }
  if (expected === undefined) {
    return decoded(parsed, length);
  }
  const mismatch = mismatchWithRequest(parsed, expected);
  if (mismatch !== null) {
    return invalid(
      mismatch,
      length,
      parsed.unitId === expected.unitId
        ? { kind: 'mismatched-reply' }
        : { kind: 'wrong-unit', unitId: parsed.unitId, expectedUnitId: expected.unitId },
    );
  }
  if (
    parsed.kind === 'normal' &&
    (parsed.functionCode === 0x01 || parsed.functionCode === 0x02) &&
    expected.functionCode <= 0x02
  ) {
    return decoded(
      { ...parsed, values: parsed.values.slice(0, (expected as { quantity: number }).quantity) },
      length,
    );
  }
  return decoded(parsed, length);
}

/** One line for logs and errors: "exception 02 illegal data address" or "FC 03: 2 registers". */
export function summarizeModbusResponse(response: ModbusResponse): string {
  if (response.kind === 'exception') {
    return describeModbusException(response.exceptionCode);
  }
  switch (response.functionCode) {
    case 0x01:
    case 0x02:
      return `FC ${hex2(response.functionCode)}: ${response.values.length} bits`;
    case 0x03:
    case 0x04:
      return `FC ${hex2(response.functionCode)}: ${response.values.length} registers`;
    case 0x05:
    case 0x06:
    case 0x0f:
    case 0x10:
      return `FC ${hex2(response.functionCode)}: write acknowledged`;
  }
}
