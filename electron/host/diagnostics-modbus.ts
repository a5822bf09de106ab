import type { DetectOutcome } from '../../shared/diagnostics/auto-detect';
import {
  cumulativeVolume,
  decodeRegisterValue,
  registerWidth,
  type MeterProfile,
} from '../../shared/diagnostics/meter-profile';
import type { ProfileReading, ProfileValue } from '../../shared/host/contract/diagnostics';
import {
  decodeModbusResponse,
  describeModbusException,
  encodeModbusRequest,
  summarizeModbusResponse,
  type ModbusRequest,
  type ModbusResponse,
} from '../../shared/protocols/modbus/index';
import { CodedError } from '../../shared/result';
import type { DiagnosticsLine } from './diagnostics-line';

function describeRequest(r: ModbusRequest): string {
  if (r.functionCode === 0x03 || r.functionCode === 0x04) {
    return `unit ${r.unitId} FC 0${r.functionCode}: read ${r.quantity} from ${r.address}`;
  }
  if (r.functionCode === 0x10) {
    return `unit ${r.unitId} FC 10: write ${r.values.length} at ${r.address}`;
  }
  return `unit ${r.unitId} FC ${r.functionCode}`;
}

/** One Modbus transaction; an exception reply is a `protocol` error naming the exception. */
export async function modbusTransact(
  line: DiagnosticsLine,
  request: ModbusRequest,
  timeoutMs: number,
): Promise<ModbusResponse> {
  const frame = encodeModbusRequest(request);
  if (!frame.ok) {
    throw new CodedError('invalid-argument', frame.error.message);
  }
  const response = await line.transact(frame.value, {
    timeoutMs,
    describeTx: describeRequest(request),
    decode: (bytes) => decodeModbusResponse(bytes, request),
    describeRx: (r) => `unit ${r.unitId} ${summarizeModbusResponse(r)}`,
  });
  if (response.kind === 'exception') {
    throw new CodedError(
      'protocol',
      `unit ${response.unitId}: ${describeModbusException(response.exceptionCode)}`,
    );
  }
  return response;
}

export async function readRegisters(
  line: DiagnosticsLine,
  args: { unitId: number; functionCode: 3 | 4; address: number; quantity: number; timeoutMs: number },
): Promise<readonly number[]> {
  const r = await modbusTransact(
    line,
    { unitId: args.unitId, functionCode: args.functionCode, address: args.address, quantity: args.quantity },
    args.timeoutMs,
  );
  return r.kind === 'normal' && (r.functionCode === 3 || r.functionCode === 4) ? r.values : [];
}

/**
 * Reads every register of a profile. Adjacent registers of one table are read in one request
 * (meters answer a block faster than many singles; gaps are not bridged because strict meters refuse
 * addresses they do not map); a block that fails is retried register by
 * register so one unsupported address does not hide the others.
 */
export async function readProfile(
  line: DiagnosticsLine,
  profile: MeterProfile,
  unitId: number,
  timeoutMs: number,
  now: () => number,
): Promise<ProfileReading> {
  const sorted = [...profile.registers].sort(
    (a, b) => a.functionCode - b.functionCode || a.address - b.address,
  );
  const blocks: { fc: 3 | 4; start: number; end: number; regs: typeof sorted }[] = [];
  for (const r of sorted) {
    const end = r.address + registerWidth(r.type);
    const last = blocks[blocks.length - 1];
    if (
      last !== undefined &&
      last.fc === r.functionCode &&
      r.address === last.end &&
      end - last.start <= 100
    ) {
      last.end = Math.max(last.end, end);
      last.regs.push(r);
    } else {
      blocks.push({ fc: r.functionCode, start: r.address, end, regs: [r] });
    }
  }
  const byKey = new Map<string, ProfileValue>();
  for (const b of blocks) {
    let words: readonly number[] | null = null;
    let blockError: string | null = null;
    try {
      words = await readRegisters(line, {
        unitId,
        functionCode: b.fc,
        address: b.start,
        quantity: b.end - b.start,
        timeoutMs,
      });
    } catch (error) {
      if (error instanceof CodedError && (error.code === 'io' || error.code === 'timeout')) {
        blockError = error.message;
      } else {
        blockError = error instanceof Error ? error.message : String(error);
      }
    }
    for (const r of b.regs) {
      const width = registerWidth(r.type);
      let raw: readonly number[] | null =
        words === null ? null : words.slice(r.address - b.start, r.address - b.start + width);
      let error = blockError;
      if (raw === null && b.regs.length > 1 && !/no reply|closed/.test(blockError ?? '')) {
        try {
          raw = await readRegisters(line, {
            unitId,
            functionCode: r.functionCode,
            address: r.address,
            quantity: width,
            timeoutMs,
          });
          error = null;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
      }
      byKey.set(r.key, {
        key: r.key,
        name: r.name,
        address: r.address,
        functionCode: r.functionCode,
        raw: raw ?? [],
        value: raw === null ? null : decodeRegisterValue(r, raw),
        unit: r.unit,
        error: raw === null ? error : null,
      });
    }
  }
  const values = profile.registers
    .map((r) => byKey.get(r.key))
    .filter((v): v is ProfileValue => v !== undefined);
  const numbers: Record<string, number> = {};
  values.forEach((v) => {
    if (v.value !== null) {
      numbers[v.key] = v.value;
    }
  });
  if (values.every((v) => v.value === null)) {
    throw new CodedError(
      'timeout',
      `no register of "${profile.id}" could be read: ${values[0]?.error ?? 'no reply'}`,
    );
  }
  const flow = values.find((v) => v.key === 'flow' && v.unit === 'm³/h' && v.value !== null);
  return {
    profileId: profile.id,
    values,
    cumulative: cumulativeVolume(profile, numbers),
    flowRatePerHour: flow?.value ?? null,
    at: now(),
  };
}

/** Classifies one auto-detect probe by how the transaction ended (null: a normal reply). */
export function classifyProbe(error: unknown): DetectOutcome {
  if (error === null) {
    return 'reply';
  }
  const message = error instanceof Error ? error.message : 'unknown failure';
  const code = error instanceof CodedError ? error.code : 'internal';
  if (code === 'timeout') {
    return /reply incomplete/.test(message) ? 'garbage' : 'timeout';
  }
  if (/CRC/.test(message)) {
    return 'bad-crc';
  }
  if (/reply from unit/.test(message)) {
    return 'wrong-unit';
  }
  if (code === 'protocol' && /exception/.test(message)) {
    return 'exception';
  }
  return 'garbage';
}
