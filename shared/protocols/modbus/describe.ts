import { decodeModbusRequest, type ModbusRequest } from './requests';
import { summarizeModbusResponse, type ModbusResponse } from './responses';

/** One line for the frame log: "unit 1 FC 03: read 10 from 0". */
export function describeModbusRequest(r: ModbusRequest): string {
  switch (r.functionCode) {
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x04:
      return `unit ${r.unitId} FC 0${r.functionCode}: read ${r.quantity} from ${r.address}`;
    case 0x05:
    case 0x06:
      return `unit ${r.unitId} FC 0${r.functionCode}: write ${String(r.value)} at ${r.address}`;
    case 0x0f:
      return `unit ${r.unitId} FC 0F: write ${r.values.length} at ${r.address}`;
    case 0x10:
      return `unit ${r.unitId} FC 10: write ${r.values.length} at ${r.address}`;
  }
}

/** The log line of a request frame as it goes out (the master's own bytes). */
export function describeModbusRequestFrame(bytes: Uint8Array): string {
  const decoded = decodeModbusRequest(bytes);
  return decoded.status === 'ok' ? describeModbusRequest(decoded.value) : 'Modbus request';
}

/** The log line of a decoded reply: "unit 1 FC 03: 10 registers". */
export function describeModbusReply(value: unknown): string {
  const r = value as ModbusResponse;
  return `unit ${r.unitId} ${summarizeModbusResponse(r)}`;
}
