import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMeterProfile, simulatorRegisterMap } from '#shared/diagnostics/meter-profile';
import { toHex } from '#shared/protocols/common/hex';
import { createHj212Analyser } from '#shared/sim/hj212-analyser';
import { createModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator, type FaultAwareSimulator } from '#shared/sim/run-simulator';
import { simulatorFaults, type SimulatorFault } from '#shared/sim/simulator';
import { createSzy206Rtu } from '#shared/sim/szy206-rtu';
import { createSl651Station } from '#shared/sim/sl651-station';
import { CodedError } from '#shared/result';
import { openSerialLink } from '../../electron/host/serial-link';
import type { CliCommand, CliIo } from '../io';
import {
  ArgumentError,
  checkKnown,
  integerIn,
  optionalInteger,
  optionalString,
  parseArgs,
  requiredString,
  serialSettingsFrom,
  type ParsedArgs,
} from './modbus-args';

/**
 * `wrm sim <modbus|szy206|hj212> --port …`: a simulated meter, RTU or analyser on a serial port (a
 * pty of a socat pair, or a USB adapter looped to the laptop under test) until Ctrl-C, with a named
 * fault. Every byte in and out is logged as hex.
 */
const usage = `usage:
  wrm sim modbus --port <path> [--unit 1] [--profile <id or file.json> | --registers <file.json>]
  wrm sim szy206 --port <path> [--division 530381] [--station 13] [--edition 2016|427] [--interval <s>]
  wrm sim sl651  --port <path> [--station 0012345678] [--center 1] [--pw 1234] [--max-body 4095]
  wrm sim hj212  --port <path> [--mn 88888880000001] [--st 21] [--pw 123456] [--interval <s>] [--upload-flag 4|5|6|7] [--edition 2017|2025]
  history: each keeps stored data with a planted gap (two days ending a day before the first query)
  common: [--baud 9600] [--parity N|E|O] [--fault ${simulatorFaults.join('|')}] [--delay <ms>] [--quiet]
  --interval: szy206 self-report period, hj212 real-time data period (seconds; 0 = off)
  --registers file: {"holding": {"0": 1234, …}, "input": {…}} (wire addresses, 16-bit words)
`;

const common = ['port', 'baud', 'parity', 'data-bits', 'stop-bits', 'fault', 'delay'];
const profilesDir = fileURLToPath(new URL('../../resources/meter-profiles/', import.meta.url));

function faultFrom(text: string | undefined): SimulatorFault {
  const fault = simulatorFaults.find((f) => f === (text ?? 'none'));
  if (fault === undefined) {
    throw new ArgumentError(`--fault "${text ?? ''}" must be one of ${simulatorFaults.join(', ')}`);
  }
  return fault;
}

async function readJsonFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CodedError(
      'not-found',
      `${what} ${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function wordTable(value: unknown, file: string, table: string): Record<number, number> {
  const out: Record<number, number> = {};
  if (value === undefined) {
    return out;
  }
  if (typeof value !== 'object' || value === null) {
    throw new CodedError('invalid-argument', `${file}: "${table}" is not an object of address: word`);
  }
  for (const [key, word] of Object.entries(value)) {
    const address = Number(key);
    if (
      !Number.isInteger(address) ||
      address < 0 ||
      address > 0xffff ||
      !Number.isInteger(word) ||
      (word as number) < 0 ||
      (word as number) > 0xffff
    ) {
      throw new CodedError(
        'invalid-argument',
        `${file}: ${table}.${key} = ${JSON.stringify(word)} is not address 0–65535: word 0–65535`,
      );
    }
    out[address] = word as number;
  }
  return out;
}

async function modbusSimulator(
  parsed: ParsedArgs,
): Promise<{ simulator: FaultAwareSimulator; description: string }> {
  checkKnown(parsed, [...common, 'unit', 'profile', 'registers']);
  const unitId = integerIn(optionalString(parsed, 'unit') ?? '1', 'unit', 1, 247);
  const profileArg = optionalString(parsed, 'profile');
  const registersArg = optionalString(parsed, 'registers');
  if (profileArg !== undefined && registersArg !== undefined) {
    throw new ArgumentError('give --profile or --registers, not both');
  }
  if (profileArg !== undefined) {
    const isFile = profileArg.endsWith('.json') || profileArg.includes('/');
    const path = isFile ? profileArg : `${profilesDir}${profileArg}.json`;
    const profile = parseMeterProfile(basename(path), await readJsonFile(path, 'meter profile'));
    const map = simulatorRegisterMap(profile);
    return {
      simulator: createModbusSlave({ unitId, holding: map.holding, input: map.input }),
      description: `Modbus meter "${profile.id}" as unit ${unitId}`,
    };
  }
  if (registersArg !== undefined) {
    const text = await readJsonFile(registersArg, 'register file');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CodedError(
        'invalid-argument',
        `${registersArg}: not JSON (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    const tables = (typeof json === 'object' && json !== null ? json : {}) as {
      holding?: unknown;
      input?: unknown;
    };
    return {
      simulator: createModbusSlave({
        unitId,
        holding: wordTable(tables.holding, registersArg, 'holding'),
        input: wordTable(tables.input, registersArg, 'input'),
      }),
      description: `Modbus slave from ${registersArg} as unit ${unitId}`,
    };
  }
  // No map given: ten holding registers counting up, enough for a link check.
  const holding = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, i + 1]));
  return {
    simulator: createModbusSlave({ unitId, holding }),
    description: `Modbus slave unit ${unitId} (holding 0–9 = 1–10)`,
  };
}

function szy206Simulator(parsed: ParsedArgs): { simulator: FaultAwareSimulator; description: string } {
  checkKnown(parsed, [...common, 'division', 'station', 'edition', 'interval']);
  const division = optionalString(parsed, 'division') ?? '530381';
  if (!/^\d{6}$/.test(division)) {
    throw new ArgumentError(`--division "${division}" must be the 6-digit county code`);
  }
  const station = integerIn(optionalString(parsed, 'station') ?? '13', 'station', 1, 65534);
  const editionText = optionalString(parsed, 'edition') ?? '2016';
  if (editionText !== '2016' && editionText !== '427') {
    throw new ArgumentError(`--edition "${editionText}" must be 2016 or 427`);
  }
  const interval = optionalInteger(parsed, 'interval', 0, 86_400, 0);
  return {
    simulator: createSzy206Rtu({
      address: { mode: 'division', division, station },
      edition: editionText === '427' ? 'sl427-2021' : 'szy206-2016',
      reportEveryMs: interval * 1000,
      login: interval > 0,
    }),
    description: `SZY206 RTU ${division}/${station} (${editionText === '427' ? 'SL/T 427-2021' : 'SZY206-2016'}${interval > 0 ? `, self-report every ${interval} s` : ''})`,
  };
}

function hj212Simulator(parsed: ParsedArgs): { simulator: FaultAwareSimulator; description: string } {
  checkKnown(parsed, [...common, 'mn', 'st', 'pw', 'interval', 'upload-flag', 'edition']);
  const mn = optionalString(parsed, 'mn') ?? '88888880000001';
  const st = optionalString(parsed, 'st') ?? '21';
  const pw = optionalString(parsed, 'pw') ?? '123456';
  if (!/^[0-9A-Za-z]{1,24}$/.test(mn) || !/^\d{2}$/.test(st) || !/^[^;=&,]{1,6}$/.test(pw)) {
    throw new ArgumentError(
      '--mn must be ≤ 24 letters/digits, --st 2 digits, --pw ≤ 6 characters without ;=&,',
    );
  }
  const interval = optionalInteger(parsed, 'interval', 0, 3600, 60);
  const uploadFlag = optionalInteger(parsed, 'upload-flag', 4, 7, 4) as 4 | 5 | 6 | 7;
  const editionText = optionalString(parsed, 'edition') ?? '2017';
  if (editionText !== '2017' && editionText !== '2025') {
    throw new ArgumentError('--edition must be 2017 or 2025');
  }
  return {
    simulator: createHj212Analyser({
      mn,
      st,
      pw,
      rtdIntervalSeconds: interval === 0 ? 3600 : interval,
      history: { uploadFlag },
      edition: `hj212-${editionText}`,
    }),
    description: `HJ 212-${editionText} analyser MN ${mn} (ST ${st}, real-time data every ${interval} s)`,
  };
}

function sl651Simulator(parsed: ParsedArgs): { simulator: FaultAwareSimulator; description: string } {
  checkKnown(parsed, [...common, 'station', 'center', 'pw', 'max-body']);
  const stationAddress = optionalString(parsed, 'station') ?? '0012345678';
  const password = optionalString(parsed, 'pw') ?? '1234';
  if (!/^[0-9A-Fa-f]{10}$/.test(stationAddress) || !/^[0-9A-Fa-f]{4}$/.test(password)) {
    throw new ArgumentError('--station must be 10 hex digits, --pw 4 hex digits');
  }
  const centerAddress = integerIn(optionalString(parsed, 'center') ?? '1', 'center', 1, 255);
  return {
    simulator: createSl651Station({
      centerAddress,
      stationAddress,
      password,
      maxBody: optionalInteger(parsed, 'max-body', 40, 4095, 4095),
    }),
    description: `SL651 station ${stationAddress} (centre ${centerAddress}, river level history)`,
  };
}

async function simulate(sub: string, parsed: ParsedArgs, quiet: boolean, io: CliIo): Promise<number> {
  const built =
    sub === 'modbus'
      ? await modbusSimulator(parsed)
      : sub === 'szy206'
        ? szy206Simulator(parsed)
        : sub === 'sl651'
          ? sl651Simulator(parsed)
          : hj212Simulator(parsed);
  const port = requiredString(parsed, 'port');
  const fault = faultFrom(optionalString(parsed, 'fault'));
  const delay = optionalInteger(parsed, 'delay', 0, 60_000, 1000);
  const hj212Off = sub === 'hj212' && optionalString(parsed, 'interval') === '0';
  const link = await openSerialLink(port, serialSettingsFrom(parsed));
  let vanished: Error | null = null;
  const closed = new Promise<void>((resolve) => link.onClose((error) => ((vanished = error), resolve())));
  const run = runSimulator(built.simulator, link, {
    fault,
    slowDelayMs: delay,
    unsolicitedTickMs: sub === 'modbus' || sub === 'sl651' || hj212Off ? 0 : 200,
    onTraffic: (event) => {
      if (!quiet) {
        io.stdout(`${event.direction} ${toHex(event.bytes)}${event.noise ? '  (noise)' : ''}\n`);
      }
    },
    onError: (error) => io.stderr(`wrm sim: ${error.message}\n`),
  });
  io.stdout(`wrm sim: ${built.description} on ${port}, fault ${fault} — Ctrl-C stops\n`);
  await Promise.race([io.interrupted, closed]);
  await run.stop();
  await link.close();
  const stats = run.stats();
  io.stdout(
    `wrm sim: stopped after ${stats.requests} requests, ${stats.replies} replies, ${stats.suppressed} held back\n`,
  );
  if (vanished !== null) {
    io.stderr(`wrm sim: the port went away: ${(vanished as Error).message}\n`);
    return 1;
  }
  return 0;
}

export const simCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  try {
    if (sub === undefined || sub === 'help' || sub === '--help') {
      io.stdout(usage);
      return sub === undefined ? 2 : 0;
    }
    if (sub !== 'modbus' && sub !== 'szy206' && sub !== 'sl651' && sub !== 'hj212') {
      throw new ArgumentError(`unknown simulator "${sub}" (modbus, szy206, sl651 or hj212)`);
    }
    // --quiet is a flag the shared argument parser does not know; take it out before parsing.
    const quiet = rest.includes('--quiet');
    return await simulate(sub, parseArgs(rest.filter((a) => a !== '--quiet')), quiet, io);
  } catch (error) {
    if (error instanceof ArgumentError) {
      io.stderr(`wrm sim: ${error.message}\n${usage}`);
      return 2;
    }
    if (error instanceof CodedError) {
      io.stderr(`wrm sim: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
};
