import type { LineSession } from '../line-session';
import { fail, ok, type Result } from '../../result';
import { describeModbusException } from './function-codes';
import { encodeModbusRequest, type ModbusRequest } from './requests';
import {
  decodeModbusResponse,
  type ModbusNormalResponse,
  type ModbusReadRegistersResponse,
} from './responses';

/**
 * What the master needs of a line: the shared line session, or a wrapper of it that also records the
 * exchange (the Diagnostics page's frame log). Transactions, timeouts and resync stay in the session.
 */
export type ModbusLine = Pick<LineSession, 'transact' | 'send'>;

/**
 * The one Modbus RTU master of the app: the Diagnostics page (through the host's diagnostics service),
 * auto-detect, the `wrm modbus` commands, the interop tests and the serial benchmark all talk Modbus
 * through it. Requests in, normal replies or coded failures out; every failure carries a `LineCause`
 * ('device-exception' with the exception code and unit, 'timeout', 'crc-mismatch', 'wrong-unit' …).
 */
export type ModbusMaster = {
  /** One request; an exception reply is a 'protocol' failure with a 'device-exception' cause. */
  request(request: ModbusRequest, timeoutMs?: number): Promise<Result<ModbusNormalResponse>>;
  /** FC 03 (holding) or 04 (input) registers. */
  readRegisters(
    unitId: number,
    functionCode: 3 | 4,
    address: number,
    quantity: number,
    timeoutMs?: number,
  ): Promise<Result<number[]>>;
  /** FC 06 for one register, FC 10 for several. */
  writeRegisters(
    unitId: number,
    address: number,
    values: readonly number[],
    timeoutMs?: number,
  ): Promise<Result<void>>;
};

export function createModbusMaster(session: ModbusLine): ModbusMaster {
  async function request(req: ModbusRequest, timeoutMs?: number): Promise<Result<ModbusNormalResponse>> {
    const frame = encodeModbusRequest(req);
    if (!frame.ok) {
      return fail(frame.error.code, frame.error.message, { kind: 'invalid-request' });
    }
    if (req.unitId === 0) {
      return fail(
        'invalid-argument',
        'unit 0 is broadcast: nobody answers it (writeRegisters sends broadcasts)',
        { kind: 'invalid-request' },
      );
    }
    const result = await session.transact(frame.value, {
      decode: (bytes) => decodeModbusResponse(bytes, req),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    if (!result.ok) {
      return result;
    }
    const reply = result.value;
    if (reply.kind === 'exception') {
      return fail(
        'protocol',
        `unit ${reply.unitId} answered ${describeModbusException(reply.exceptionCode)}`,
        { kind: 'device-exception', exceptionCode: reply.exceptionCode, unitId: reply.unitId },
      );
    }
    return ok(reply);
  }

  return {
    request,
    readRegisters: async (unitId, functionCode, address, quantity, timeoutMs) => {
      const result = await request({ unitId, functionCode, address, quantity }, timeoutMs);
      return result.ok ? ok([...(result.value as ModbusReadRegistersResponse).values]) : result;
    },
    writeRegisters: async (unitId, address, values, timeoutMs) => {
      const [single] = values;
      const req: ModbusRequest =
        values.length === 1 && single !== undefined
          ? { unitId, functionCode: 0x06, address, value: single }
          : { unitId, functionCode: 0x10, address, values };
      if (unitId === 0) {
        // Broadcast: every slave executes it and none answers, so there is nothing to wait for.
        const frame = encodeModbusRequest(req);
        return frame.ok
          ? session.send(frame.value)
          : fail(frame.error.code, frame.error.message, { kind: 'invalid-request' });
      }
      const result = await request(req, timeoutMs);
      return result.ok ? ok(undefined) : result;
    },
  };
}
