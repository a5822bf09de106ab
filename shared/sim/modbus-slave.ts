import { decodeModbusRequest, type ModbusRequest } from '../protocols/modbus/requests';
import { encodeModbusResponse, type ModbusResponse } from '../protocols/modbus/responses';
import { encodeRtuFrame } from '../protocols/modbus/rtu-frame';
import { isSupportedFunctionCode } from '../protocols/modbus/function-codes';
import { crc16Modbus } from '../protocols/common/crc16-modbus';
import { CodedError } from '../result';
import type { FaultAwareSimulator, ProtocolFault } from './run-simulator';

/** Register contents by wire address (0-based), as a Map or a plain object. */
export type RegisterTable = ReadonlyMap<number, number> | Readonly<Record<number, number>>;
export type BitTable = ReadonlyMap<number, boolean> | Readonly<Record<number, boolean>>;

export type ModbusSlaveOptions = {
  /** 1–247; the slave stays silent to other units, as a meter on a shared RS-485 bus does. */
  readonly unitId: number;
  readonly name?: string;
  /** FC 03 / 06 / 10. Writes only land on addresses present here (others: exception 02). */
  readonly holding?: RegisterTable;
  /** FC 04, read-only. */
  readonly input?: RegisterTable;
  /** FC 01 / 05 / 0F. */
  readonly coils?: BitTable;
  /** FC 02, read-only. */
  readonly discreteInputs?: BitTable;
  /**
   * Silence (ms) after which a half-received request is thrown away, like an RTU slave that resyncs on
   * t3.5; default 50, generous because a pty or USB adapter delivers in bursts.
   */
  readonly resyncGapMs?: number;
  /** Exception code the 'exception' fault answers with (default 04 server device failure). */
  readonly faultExceptionCode?: number;
};

export type ModbusSlave = FaultAwareSimulator & {
  readonly unitId: number;
  /** Live tables: tests and the sim command may change values while it runs. */
  readonly holding: Map<number, number>;
  readonly input: Map<number, number>;
  readonly coils: Map<number, boolean>;
  readonly discreteInputs: Map<number, boolean>;
  /** Requests addressed to this unit (or broadcast) that were served, oldest first. */
  readonly served: readonly ModbusRequest[];
  /** Bytes dropped while resyncing (noise, other protocols, bad CRC), for tests. */
  readonly droppedBytes: () => number;
  /** The reply to a request, as the slave would send it; null for broadcasts. */
  respond(request: ModbusRequest): ModbusResponse | null;
};

function toMap<V>(table: ReadonlyMap<number, V> | Readonly<Record<number, V>> | undefined): Map<number, V> {
  if (table === undefined) {
    return new Map();
  }
  if (table instanceof Map) {
    return new Map(table as ReadonlyMap<number, V>);
  }
  return new Map(Object.entries(table).map(([k, v]) => [Number(k), v as V]));
}

function readSpan<V>(table: Map<number, V>, address: number, quantity: number): V[] | null {
  const out: V[] = [];
  for (let a = address; a < address + quantity; a += 1) {
    const value = table.get(a);
    if (value === undefined) {
      return null;
    }
    out.push(value);
  }
  return out;
}

/** A frame with a function code we do not serve: find its end by CRC so we can answer exception 01. */
function unsupportedFrameLength(bytes: Uint8Array): number | null {
  for (let length = 4; length <= Math.min(bytes.length, 256); length += 1) {
    const crc = crc16Modbus(bytes, 0, length - 2);
    if ((bytes[length - 2] ?? -1) === (crc & 0xff) && (bytes[length - 1] ?? -1) === crc >>> 8) {
      return length;
    }
  }
  return null;
}

/**
 * A Modbus RTU slave over register tables: serves FC 01–06, 0F and 10, answers exception 02 for
 * unmapped addresses, 01 for other function codes, stays silent to other units, and executes
 * broadcast (unit 0) writes without answering.
 */
export function createModbusSlave(options: ModbusSlaveOptions): ModbusSlave {
  const unitId = options.unitId;
  if (!Number.isInteger(unitId) || unitId < 1 || unitId > 247) {
    throw new CodedError('invalid-argument', `Modbus slave unit id ${unitId} is outside 1–247`);
  }
  const holding = toMap(options.holding);
  const input = toMap(options.input);
  const coils = toMap(options.coils);
  const discreteInputs = toMap(options.discreteInputs);
  const resyncGapMs = options.resyncGapMs ?? 50;
  const faultExceptionCode = options.faultExceptionCode ?? 0x04;
  const served: ModbusRequest[] = [];
  let buffer = new Uint8Array(0);
  let lastByteAt = Number.NEGATIVE_INFINITY;
  let dropped = 0;

  const exception = (request: { functionCode: number }, code: number): ModbusResponse => ({
    kind: 'exception',
    unitId,
    functionCode: request.functionCode,
    exceptionCode: code,
  });

  function respond(request: ModbusRequest): ModbusResponse | null {
    const reply = execute(request);
    return request.unitId === 0 ? null : reply;
  }

  function execute(request: ModbusRequest): ModbusResponse {
    switch (request.functionCode) {
      case 0x01:
      case 0x02: {
        const values = readSpan(
          request.functionCode === 0x01 ? coils : discreteInputs,
          request.address,
          request.quantity,
        );
        return values === null
          ? exception(request, 0x02)
          : { kind: 'normal', unitId, functionCode: request.functionCode, values };
      }
      case 0x03:
      case 0x04: {
        const values = readSpan(
          request.functionCode === 0x03 ? holding : input,
          request.address,
          request.quantity,
        );
        return values === null
          ? exception(request, 0x02)
          : { kind: 'normal', unitId, functionCode: request.functionCode, values };
      }
      case 0x05:
        if (!coils.has(request.address)) {
          return exception(request, 0x02);
        }
        coils.set(request.address, request.value);
        return { kind: 'normal', unitId, functionCode: 0x05, address: request.address, value: request.value };
      case 0x06:
        if (!holding.has(request.address)) {
          return exception(request, 0x02);
        }
        holding.set(request.address, request.value);
        return { kind: 'normal', unitId, functionCode: 0x06, address: request.address, value: request.value };
      case 0x0f:
      case 0x10: {
        const table: Map<number, number | boolean> = request.functionCode === 0x0f ? coils : holding;
        if (readSpan(table, request.address, request.values.length) === null) {
          return exception(request, 0x02);
        }
        request.values.forEach((v, i) => table.set(request.address + i, v));
        return {
          kind: 'normal',
          unitId,
          functionCode: request.functionCode,
          address: request.address,
          quantity: request.values.length,
        };
      }
    }
  }

  function receive(chunk: Uint8Array, now: number): readonly Uint8Array[] {
    if (now - lastByteAt > resyncGapMs && buffer.length > 0) {
      dropped += buffer.length;
      buffer = new Uint8Array(0);
    }
    lastByteAt = now;
    const joined = new Uint8Array(buffer.length + chunk.length);
    joined.set(buffer);
    joined.set(chunk, buffer.length);
    buffer = joined;
    const replies: Uint8Array[] = [];
    for (;;) {
      const result = decodeModbusRequest(buffer);
      if (result.status === 'incomplete') {
        break;
      }
      if (result.status === 'invalid') {
        const fc = buffer[1] ?? 0;
        const length = isSupportedFunctionCode(fc) ? null : unsupportedFrameLength(buffer);
        if (length !== null) {
          if (buffer[0] === unitId) {
            replies.push(encodeRtuFrame(unitId, Uint8Array.from([(fc | 0x80) & 0xff, 0x01])));
          }
          buffer = buffer.slice(length);
          continue;
        }
        dropped += result.skip;
        buffer = buffer.slice(result.skip);
        continue;
      }
      buffer = buffer.slice(result.consumed);
      const request = result.value;
      if (request.unitId !== unitId && request.unitId !== 0) {
        continue;
      }
      served.push(request);
      const reply = respond(request);
      if (reply !== null) {
        const frame = encodeModbusResponse(reply);
        if (frame.ok) {
          replies.push(frame.value);
        }
      }
    }
    return replies;
  }

  function withFault(reply: Uint8Array, fault: ProtocolFault): Uint8Array {
    const fc = reply[1] ?? 0;
    switch (fault) {
      case 'bad-crc': {
        const copy = reply.slice();
        copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0x5a;
        return copy;
      }
      case 'wrong-address':
        return encodeRtuFrame(unitId === 247 ? 1 : unitId + 1, reply.subarray(1, reply.length - 2));
      case 'exception':
        return encodeRtuFrame(unitId, Uint8Array.from([(fc | 0x80) & 0xff, faultExceptionCode]));
    }
  }

  return {
    name: options.name ?? `modbus-slave-${unitId}`,
    unitId,
    holding,
    input,
    coils,
    discreteInputs,
    served,
    droppedBytes: () => dropped,
    respond,
    receive,
    withFault,
  };
}
