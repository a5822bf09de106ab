import { type DecodeResult, decoded, incomplete, invalid } from '../common/decode-result';
import { hex2 } from '../common/hex';
import { fail, ok, type Result } from '../../result';
import {
  isSupportedFunctionCode,
  modbusLimits,
  type ReadBitsFunctionCode,
  type ReadRegistersFunctionCode,
} from './function-codes';
import { describeCrcMismatch, encodeRtuFrame, rtuCrcCheck } from './rtu-frame';

/** What a master asks; `unitId` 0 is broadcast (writes only, nobody answers). */
export type ModbusReadRequest = {
  readonly unitId: number;
  readonly functionCode: ReadBitsFunctionCode | ReadRegistersFunctionCode;
  readonly address: number;
  readonly quantity: number;
};
export type ModbusWriteSingleCoilRequest = {
  readonly unitId: number;
  readonly functionCode: 0x05;
  readonly address: number;
  readonly value: boolean;
};
export type ModbusWriteSingleRegisterRequest = {
  readonly unitId: number;
  readonly functionCode: 0x06;
  readonly address: number;
  readonly value: number;
};
export type ModbusWriteMultipleCoilsRequest = {
  readonly unitId: number;
  readonly functionCode: 0x0f;
  readonly address: number;
  readonly values: readonly boolean[];
};
export type ModbusWriteMultipleRegistersRequest = {
  readonly unitId: number;
  readonly functionCode: 0x10;
  readonly address: number;
  readonly values: readonly number[];
};
export type ModbusRequest =
  | ModbusReadRequest
  | ModbusWriteSingleCoilRequest
  | ModbusWriteSingleRegisterRequest
  | ModbusWriteMultipleCoilsRequest
  | ModbusWriteMultipleRegistersRequest;

function isUint16(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffff;
}

function checkSpan(address: number, quantity: number, max: number, what: string): string | null {
  if (!isUint16(address)) {
    return `address ${address} is outside 0–65535`;
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) {
    return `${what} quantity ${quantity} is outside 1–${max}`;
  }
  if (address + quantity > 0x10000) {
    return `address ${address} + quantity ${quantity} runs past register 65535`;
  }
  return null;
}

/** Range checks a request; the reason names the field that is wrong. */
export function validateModbusRequest(request: ModbusRequest): string | null {
  const { unitId } = request;
  if (!Number.isInteger(unitId) || unitId < 0 || unitId > 247) {
    return `unit id ${unitId} is outside 0–247`;
  }
  switch (request.functionCode) {
    case 0x01:
    case 0x02:
      return unitId === 0
        ? 'unit id 0 is broadcast: reads need a unit 1–247'
        : checkSpan(request.address, request.quantity, modbusLimits.maxReadBits, 'bit');
    case 0x03:
    case 0x04:
      return unitId === 0
        ? 'unit id 0 is broadcast: reads need a unit 1–247'
        : checkSpan(request.address, request.quantity, modbusLimits.maxReadRegisters, 'register');
    case 0x05:
      return isUint16(request.address) ? null : `address ${request.address} is outside 0–65535`;
    case 0x06:
      if (!isUint16(request.address)) {
        return `address ${request.address} is outside 0–65535`;
      }
      return isUint16(request.value) ? null : `register value ${request.value} is outside 0–65535`;
    case 0x0f:
      return checkSpan(request.address, request.values.length, modbusLimits.maxWriteCoils, 'coil');
    case 0x10: {
      const bad = request.values.find((v) => !isUint16(v));
      if (bad !== undefined) {
        return `register value ${bad} is outside 0–65535`;
      }
      return checkSpan(request.address, request.values.length, modbusLimits.maxWriteRegisters, 'register');
    }
  }
}

export function packBits(values: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v) {
      out[i >> 3] = (out[i >> 3] ?? 0) | (1 << (i & 7));
    }
  });
  return out;
}

export function unpackBits(bytes: Uint8Array, count: number): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < count; i += 1) {
    out.push((((bytes[i >> 3] ?? 0) >> (i & 7)) & 1) === 1);
  }
  return out;
}

function requestPdu(request: ModbusRequest): Uint8Array {
  const head = [request.functionCode, request.address >> 8, request.address & 0xff];
  switch (request.functionCode) {
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04:
      return Uint8Array.from([...head, request.quantity >> 8, request.quantity & 0xff]);
    case 0x05:
      return Uint8Array.from([...head, request.value ? 0xff : 0x00, 0x00]);
    case 0x06:
      return Uint8Array.from([...head, request.value >> 8, request.value & 0xff]);
    case 0x0f: {
      const packed = packBits(request.values);
      const n = request.values.length;
      return Uint8Array.from([...head, n >> 8, n & 0xff, packed.length, ...packed]);
    }
    case 0x10: {
      const n = request.values.length;
      const data = request.values.flatMap((v) => [v >> 8, v & 0xff]);
      return Uint8Array.from([...head, n >> 8, n & 0xff, n * 2, ...data]);
    }
  }
}

/** The RTU frame for a request, or an `invalid-argument` failure naming the out-of-range field. */
export function encodeModbusRequest(request: ModbusRequest): Result<Uint8Array> {
  const problem = validateModbusRequest(request);
  return problem === null
    ? ok(encodeRtuFrame(request.unitId, requestPdu(request)))
    : fail('invalid-argument', problem);
}

/** Frame length of a request from the bytes seen so far, or null when more bytes are needed to tell. */
function requestLength(bytes: Uint8Array): number | null | { readonly reason: string } {
  const fc = bytes[1];
  if (fc === undefined) {
    return null;
  }
  if (!isSupportedFunctionCode(fc)) {
    return { reason: `unsupported function code 0x${hex2(fc)}` };
  }
  if (fc === 0x0f || fc === 0x10) {
    const byteCount = bytes[6];
    if (byteCount === undefined) {
      return null;
    }
    // Rejected at once rather than waited for: noise often looks like a write with a huge count.
    if (byteCount === 0 || byteCount > 246) {
      return { reason: `byte count ${byteCount} is outside 1–246 for FC ${hex2(fc)}` };
    }
    return 9 + byteCount;
  }
  return 8;
}

const u16 = (b: Uint8Array, i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);

/**
 * Decodes one request frame at the start of `bytes` (what a slave receives). Never throws: an
 * unsupported function code, a bad CRC or an inconsistent byte count comes back `invalid` with why.
 */
export function decodeModbusRequest(bytes: Uint8Array): DecodeResult<ModbusRequest> {
  if (bytes.length < 2) {
    return incomplete(8 - bytes.length);
  }
  const length = requestLength(bytes);
  if (length !== null && typeof length === 'object') {
    return invalid(length.reason);
  }
  if (length === null || bytes.length < length) {
    return incomplete(length === null ? null : length - bytes.length);
  }
  const crc = rtuCrcCheck(bytes, length);
  if (!crc.matches) {
    return invalid(describeCrcMismatch(crc.expected, crc.found));
  }
  const unitId = bytes[0] ?? 0;
  const functionCode = bytes[1] ?? 0;
  const address = u16(bytes, 2);
  const word = u16(bytes, 4);
  let request: ModbusRequest;
  switch (functionCode) {
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04:
      request = { unitId, functionCode, address, quantity: word };
      break;
    case 0x05:
      if (word !== 0xff00 && word !== 0x0000) {
        return invalid(
          `coil value 0x${word.toString(16).toUpperCase()} is neither FF00 (on) nor 0000 (off)`,
          length,
        );
      }
      request = { unitId, functionCode, address, value: word === 0xff00 };
      break;
    case 0x06:
      request = { unitId, functionCode, address, value: word };
      break;
    case 0x0f: {
      const byteCount = bytes[6] ?? 0;
      if (byteCount !== Math.ceil(word / 8)) {
        return invalid(`byte count ${byteCount} does not fit ${word} coils`, length);
      }
      request = { unitId, functionCode, address, values: unpackBits(bytes.subarray(7, 7 + byteCount), word) };
      break;
    }
    default: {
      const byteCount = bytes[6] ?? 0;
      if (byteCount !== word * 2) {
        return invalid(`byte count ${byteCount} does not fit ${word} registers`, length);
      }
      const values: number[] = [];
      for (let i = 0; i < word; i += 1) {
        values.push(u16(bytes, 7 + i * 2));
      }
      request = { unitId, functionCode: 0x10, address, values };
    }
  }
  const problem = validateModbusRequest(request);
  return problem === null ? decoded(request, length) : invalid(problem, length);
}
