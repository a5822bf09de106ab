import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { ByteLink } from '#shared/protocols/common/byte-link';
import { hex4 } from '#shared/protocols/common/hex';
import { createLineSession, type LineSession } from '#shared/protocols/line-session';
import { createModbusMaster } from '#shared/protocols/modbus/master';
import { rtuFrameSilenceMs } from '#shared/protocols/modbus/rtu-frame';
import { probeOutcome } from '#shared/diagnostics/auto-detect';
import { describeModbusException } from '#shared/protocols/modbus/function-codes';
import { type ModbusRequest } from '#shared/protocols/modbus/requests';
import { registersToValues, valueToRegisters } from '#shared/protocols/modbus/register-values';
import { CodedError, type Failure } from '#shared/result';
import { openSerialLink } from '../../electron/host/serial-link';
import { printJson, type CliCommand, type CliIo } from '../io';
import { defaultCliLang, failureLine, type CliLang } from '../lang';
import {
  ArgumentError,
  checkKnown,
  finiteNumber,
  integerIn,
  integerList,
  optionalInteger,
  optionalString,
  parityFrom,
  parseArgs,
  requiredString,
  serialSettingsFrom,
  valueTypeFrom,
  wordOrderFrom,
  type ParsedArgs,
} from './modbus-args';

const usage = `usage:
  wrm modbus read  --port <path> [--baud 9600] [--parity N|E|O] [--data-bits 8] [--stop-bits 1]
                   --unit <1-247> [--fc 3|4] --address <0-65535> --count <1-125>
                   [--type uint16|int16|uint32|int32|float32] [--order ABCD|CDAB|BADC|DCBA] [--scale 1]
                   [--timeout 1000] [--json]
  wrm modbus write --port <path> … --unit <0-247> --address <n> --value <v>[,<v>…] [--fc 6|16]
                   [--type …] [--order …] [--scale 1] [--timeout 1000] [--json]
  wrm modbus scan  --port <path> [--bauds 9600,19200,4800,2400,1200] [--parities N,E,O] [--units 1-10]
                   [--timeout 200] [--json]
Addresses are wire addresses (0-based): register "40001" of a manual is --address 0.
`;

const serialOptions = ['port', 'baud', 'parity', 'data-bits', 'stop-bits', 'timeout', 'json'];

function settingsLabel(s: SerialSettings): string {
  return `${s.baudRate} ${s.dataBits}${s.parity[0]?.toUpperCase() ?? 'N'}${s.stopBits}`;
}

/** A device-side failure: JSON on stdout with --json, words on stderr otherwise; exit 1. */
function reportFailure(io: CliIo, json: boolean, sub: string, error: Failure): number {
  if (json) {
    printJson(io, {
      error: { code: error.code, message: error.message, ...(error.cause ? { cause: error.cause } : {}) },
    });
  } else {
    io.stderr(`wrm modbus ${sub}: ${failureLine(error, langOf(io))}\n`);
  }
  return 1;
}

function langOf(io: CliIo): CliLang {
  return io.lang ?? defaultCliLang;
}

/** The lines of `wrm modbus` for people, in each language. */
const says = {
  readHeader: (lang: CliLang, unit: number, fc: number, line: string, count: number, from: number) =>
    lang === 'zh'
      ? `从站 ${unit} 功能码 0${fc}，${line}：自地址 ${from} 起 ${count} 个寄存器`
      : `unit ${unit} FC 0${fc} at ${line}: ${count} registers from ${from}`,
  wrote: (lang: CliLang, unit: number, fc: string, count: number, at: number, broadcast: boolean) =>
    lang === 'zh'
      ? `从站 ${unit} 功能码 ${fc}：在地址 ${at} 写入 ${count} 个寄存器，${broadcast ? '已广播（无应答）' : '已确认'}`
      : `unit ${unit} FC ${fc}: wrote ${count} register(s) at ${at}, ${broadcast ? 'broadcast sent (no reply expected)' : 'acknowledged'}`,
  answered: (lang: CliLang, line: string, unit: number, reply: string) =>
    lang === 'zh' ? `${line} 从站 ${unit}：有应答（${reply}）` : `${line} unit ${unit}: answered (${reply})`,
  register0: (lang: CliLang, value: string) =>
    lang === 'zh' ? `寄存器 0 = ${value}` : `register 0 = ${value}`,
  garbled: (lang: CliLang, n: number) =>
    lang === 'zh'
      ? `${n} 个应答无法识别（串口参数不对或线路干扰）`
      : `${n} garbled replies (wrong settings or noise on the line)`,
  nothing: (lang: CliLang, port: string) =>
    lang === 'zh'
      ? `在 ${port} 上按所试的参数没有从站应答`
      : `no unit answered on ${port} with the settings tried`,
};

async function withSession<T>(
  port: string,
  settings: SerialSettings,
  timeoutMs: number,
  use: (session: LineSession) => Promise<T>,
): Promise<T> {
  const link: ByteLink = await openSerialLink(port, settings);
  // t3.5 of silence between transactions, as the RTU line discipline asks of a master.
  const session = createLineSession({
    link,
    defaultTimeoutMs: timeoutMs,
    frameGapMs: Math.ceil(rtuFrameSilenceMs(settings.baudRate)),
  });
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

function frames(session: LineSession) {
  return session.records().map((r) => ({
    at: r.at,
    direction: r.direction,
    hex: r.hex,
    ...(r.dropped ? { dropped: r.dropped } : {}),
  }));
}

async function read(parsed: ParsedArgs, io: CliIo, json: boolean): Promise<number> {
  checkKnown(parsed, [...serialOptions, 'unit', 'fc', 'address', 'count', 'type', 'order', 'scale']);
  const port = requiredString(parsed, 'port');
  const settings = serialSettingsFrom(parsed);
  const unitId = integerIn(requiredString(parsed, 'unit'), 'unit', 1, 247);
  const fcText = optionalString(parsed, 'fc') ?? '3';
  const functionCode = fcText === '3' || fcText === '03' ? 3 : fcText === '4' || fcText === '04' ? 4 : null;
  if (functionCode === null) {
    throw new ArgumentError(`--fc "${fcText}" must be 3 (holding registers) or 4 (input registers)`);
  }
  const address = integerIn(requiredString(parsed, 'address'), 'address', 0, 0xffff);
  const count = integerIn(requiredString(parsed, 'count'), 'count', 1, 125);
  if (address + count > 0x10000) {
    throw new ArgumentError(`--address ${address} + --count ${count} runs past register 65535`);
  }
  const type = valueTypeFrom(parsed);
  const order = wordOrderFrom(parsed);
  const scale = finiteNumber(optionalString(parsed, 'scale') ?? '1', 'scale');
  const timeoutMs = optionalInteger(parsed, 'timeout', 10, 60_000, 1000);

  return withSession(port, settings, timeoutMs, async (session) => {
    const result = await createModbusMaster(session).readRegisters(unitId, functionCode, address, count);
    if (!result.ok) {
      return reportFailure(io, json, 'read', result.error);
    }
    const registers = result.value;
    const values = registersToValues(registers, type, order, scale);
    if (json) {
      printJson(io, {
        port,
        settings,
        unitId,
        functionCode,
        address,
        count,
        registers,
        type,
        order,
        scale,
        values,
        frames: frames(session),
      });
      return 0;
    }
    const lines = [
      says.readHeader(langOf(io), unitId, functionCode, settingsLabel(settings), count, address),
    ];
    registers.forEach((r, i) => lines.push(`  ${String(address + i).padStart(5)}  0x${hex4(r)}  ${r}`));
    if (type !== 'uint16' || scale !== 1) {
      lines.push(`${type} ${order}${scale === 1 ? '' : ` ×${scale}`}: ${values.join(', ')}`);
    }
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  });
}

async function write(parsed: ParsedArgs, io: CliIo, json: boolean): Promise<number> {
  checkKnown(parsed, [...serialOptions, 'unit', 'fc', 'address', 'value', 'type', 'order', 'scale']);
  const port = requiredString(parsed, 'port');
  const settings = serialSettingsFrom(parsed);
  const unitId = integerIn(requiredString(parsed, 'unit'), 'unit', 0, 247);
  const address = integerIn(requiredString(parsed, 'address'), 'address', 0, 0xffff);
  const type = valueTypeFrom(parsed);
  const order = wordOrderFrom(parsed);
  const scale = finiteNumber(optionalString(parsed, 'scale') ?? '1', 'scale');
  const timeoutMs = optionalInteger(parsed, 'timeout', 10, 60_000, 1000);
  const texts = (parsed.options.get('value') ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  if (texts.length === 0) {
    throw new ArgumentError('--value is required');
  }
  const registers: number[] = [];
  for (const text of texts) {
    const converted = valueToRegisters(finiteNumber(text, 'value'), type, order, scale);
    if (!converted.ok) {
      throw new ArgumentError(`--value ${converted.error.message}`);
    }
    registers.push(...converted.value);
  }
  const fcText = optionalString(parsed, 'fc');
  const multiple = fcText === '16' || fcText === '10' || fcText === '0x10' || registers.length > 1;
  if (fcText !== undefined && !['6', '06', '16', '10', '0x10'].includes(fcText)) {
    throw new ArgumentError(`--fc "${fcText}" must be 6 (one register) or 16 (several)`);
  }
  if (!multiple || fcText === '6' || fcText === '06') {
    if (registers.length > 1) {
      throw new ArgumentError(`--fc 6 writes one register, but --value gives ${registers.length}`);
    }
  }
  if (registers.length > 123) {
    throw new ArgumentError(`--value gives ${registers.length} registers; one write takes at most 123`);
  }
  const [single] = registers;
  const request: ModbusRequest =
    !multiple && single !== undefined
      ? { unitId, functionCode: 0x06, address, value: single }
      : { unitId, functionCode: 0x10, address, values: registers };

  return withSession(port, settings, timeoutMs, async (session) => {
    const master = createModbusMaster(session);
    const result =
      unitId === 0 ? await master.writeRegisters(0, address, registers) : await master.request(request);
    if (!result.ok) {
      return reportFailure(io, json, 'write', result.error);
    }
    if (json) {
      printJson(io, {
        port,
        settings,
        unitId,
        functionCode: request.functionCode,
        address,
        registers,
        frames: frames(session),
      });
    } else {
      const fc = request.functionCode === 6 ? '06' : '10';
      io.stdout(`${says.wrote(langOf(io), unitId, fc, registers.length, address, unitId === 0)}\n`);
    }
    return 0;
  });
}

type ScanHit = { baudRate: number; parity: SerialSettings['parity']; unitId: number; reply: string };

async function scan(parsed: ParsedArgs, io: CliIo, json: boolean): Promise<number> {
  checkKnown(parsed, ['port', 'bauds', 'parities', 'units', 'data-bits', 'stop-bits', 'timeout', 'json']);
  const port = requiredString(parsed, 'port');
  const base = serialSettingsFrom(parsed);
  const bauds = integerList(
    optionalString(parsed, 'bauds') ?? '9600,19200,4800,2400,1200',
    'bauds',
    1200,
    115200,
  );
  const parities = (optionalString(parsed, 'parities') ?? 'N,E,O')
    .split(',')
    .map((p) => parityFrom(p, 'parities'));
  const units = integerList(optionalString(parsed, 'units') ?? '1-10', 'units', 1, 247);
  const timeoutMs = optionalInteger(parsed, 'timeout', 10, 60_000, 200);
  let interrupted = false;
  void io.interrupted.then(() => {
    interrupted = true;
  });
  const hits: ScanHit[] = [];
  let garbled = 0;
  for (const baudRate of bauds) {
    for (const parity of parities) {
      if (interrupted) {
        break;
      }
      const settings: SerialSettings = { ...base, baudRate, parity };
      await withSession(port, settings, timeoutMs, async (session) => {
        for (const unitId of units) {
          if (interrupted) {
            return;
          }
          // Any well-formed reply, an exception included, proves a device with this unit id is there:
          // the same probe and the same reading of its outcome as the Diagnostics page's auto-detect.
          const result = await createModbusMaster(session).readRegisters(unitId, 3, 0, 1);
          const outcome = probeOutcome(result);
          if (outcome === 'reply' || outcome === 'exception') {
            const cause = result.ok ? undefined : result.error.cause;
            const reply = result.ok
              ? `register 0 = ${String(result.value[0])}`
              : describeModbusException(cause?.exceptionCode ?? 0);
            hits.push({ baudRate, parity, unitId, reply });
            if (!json) {
              const text =
                result.ok || cause === undefined
                  ? says.register0(langOf(io), String(result.ok ? result.value[0] : '?'))
                  : failureLine(result.error, langOf(io));
              io.stdout(`${says.answered(langOf(io), settingsLabel(settings), unitId, text)}\n`);
            }
          } else if (outcome !== 'timeout') {
            garbled += 1;
          }
        }
      });
    }
  }
  const nothing = {
    code: 'not-found',
    message: `no unit answered on ${port} with the settings tried`,
  } as const;
  if (json) {
    printJson(io, {
      port,
      answered: hits,
      garbled,
      interrupted,
      ...(hits.length === 0 ? { error: nothing } : {}),
    });
  } else if (garbled > 0) {
    io.stdout(`${says.garbled(langOf(io), garbled)}\n`);
  }
  if (hits.length === 0) {
    if (!json) {
      io.stderr(`wrm modbus scan: ${nothing.code}: ${says.nothing(langOf(io), port)}\n`);
    }
    return 1;
  }
  return 0;
}

export const modbusCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  let json = false;
  try {
    const parsed = parseArgs(rest);
    json = parsed.options.has('json');
    switch (sub) {
      case 'read':
        return await read(parsed, io, json);
      case 'write':
        return await write(parsed, io, json);
      case 'scan':
        return await scan(parsed, io, json);
      case undefined:
      case 'help':
      case '--help':
        io.stdout(usage);
        return sub === undefined ? 2 : 0;
      default:
        throw new ArgumentError(`unknown subcommand "${sub}" (read, write or scan)`);
    }
  } catch (error) {
    if (error instanceof ArgumentError) {
      io.stderr(`wrm modbus: ${error.message}\n${usage}`);
      return 2;
    }
    if (error instanceof CodedError) {
      return reportFailure(io, json, sub ?? '', error.toFailure());
    }
    throw error;
  }
};
