import type { LineSession } from '../line-session';
import { fail, ok, type Result } from '../../result';
import { describeModbusException } from './function-codes';
import { encodeModbusRequest, type ModbusRequest } from './requests';
import {
  decodeModbusResponse,
  type ModbusNormalResponse,
  type ModbusReadRegistersResponse,
} from './responses';

/** A Modbus RTU master over a line session: requests in, normal replies or named failures out. */
export type ModbusMaster = {
  /** One request; an exception reply is a 'protocol' failure naming the exception. */
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

export function createModbusMaster(session: LineSession): ModbusMaster {
  async function request(req: ModbusRequest, timeoutMs?: number): Promise<Result<ModbusNormalResponse>> {
    const frame = encodeModbusRequest(req);
    if (!frame.ok) {
      return frame;
    }
    if (req.unitId === 0) {
      return fail(
        'invalid-argument',
        'unit 0 is broadcast: nobody answers it (writeRegisters sends broadcasts)',
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
        return frame.ok ? session.send(frame.value) : frame;
      }
      const result = await request(req, timeoutMs);
      return result.ok ? ok(undefined) : result;
    },
  };
}
