import { hj212Time } from '#shared/protocols/hj212/commands';
import { hj212QcChecks, runHj212Qc, type Hj212QcCheck, type Hj212QcResult } from '#shared/protocols/hj212/qc';
import { createLineSession } from '#shared/protocols/line-session';
import { CodedError } from '#shared/result';
import { openSerialLink } from '../../electron/host/serial-link';
import { printJson, type CliIo } from '../io';
import { defaultCliLang } from '../lang';
import {
  ArgumentError,
  checkKnown,
  optionalInteger,
  optionalString,
  parseArgs,
  requiredString,
  serialSettingsFrom,
  type ParsedArgs,
} from './modbus-args';

/**
 * `wrm hj212 qc`: one analyser QC command on an HJ 212 logger. zero/span send CN 3011 零点/量程校准
 * (HJ 212-2017: one command for both, only ExeRtn comes back); standard sends CN 2062 标样核查 (HJ
 * 212-2025 per public implementations; its fields are unverified, values are printed as sent).
 */
export const hj212QcUsage = `usage:
  wrm hj212 qc --port <path> --mn <MN> --check zero|span|standard [--pol w21003]
             [--edition 2017|2025] [--st 21] [--pw 123456]
             [--baud 9600] [--parity N|E|O] [--timeout 5000] [--json]
  zero and span both send CN 3011 零点/量程校准 (one command in HJ 212-2017; only the execution result returns)
  standard sends CN 2062 标样核查 (HJ 212-2025 only; fields per public implementations, unverified)
  the standards as we have them define no zero/span *check* with a result upload
`;

const known = [
  'port',
  'mn',
  'check',
  'pol',
  'edition',
  'st',
  'pw',
  'timeout',
  'json',
  'baud',
  'parity',
  'data-bits',
  'stop-bits',
];

const statusWords: Readonly<Record<Hj212QcResult['status'], readonly [zh: string, en: string]>> = {
  done: ['执行成功', 'done'],
  refused: ['被拒绝或执行失败', 'refused or failed'],
  failed: ['失败', 'failed'],
  timeout: ['超时：分析仪/数采仪没有应答完', 'timeout: the logger stopped answering'],
};

/** --mn (required), --st, --pw of an HJ 212 logger, checked; `wrm hj212 history` and `qc` share it. */
export function hj212StationArgs(parsed: ParsedArgs): { mn: string; st: string; pw: string } {
  const mn = requiredString(parsed, 'mn');
  const st = optionalString(parsed, 'st') ?? '21';
  const pw = optionalString(parsed, 'pw') ?? '123456';
  if (!/^[0-9A-Za-z]{1,24}$/.test(mn) || !/^\d{2}$/.test(st) || !/^[^;=&,]{1,6}$/.test(pw)) {
    throw new ArgumentError(
      '--mn must be ≤ 24 letters/digits, --st 2 digits, --pw ≤ 6 characters without ;=&,',
    );
  }
  return { mn, st, pw };
}

export async function hj212QcCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout(hj212QcUsage);
    return 0;
  }
  let json = false;
  try {
    const parsed = parseArgs(args);
    json = parsed.options.has('json');
    checkKnown(parsed, known);
    const { mn, st, pw } = hj212StationArgs(parsed);
    const check = hj212QcChecks.find((c) => c === requiredString(parsed, 'check'));
    if (check === undefined) {
      throw new ArgumentError(`--check must be one of ${hj212QcChecks.join(', ')}`);
    }
    const editionText = optionalString(parsed, 'edition');
    if (editionText !== undefined && editionText !== '2017' && editionText !== '2025') {
      throw new ArgumentError('--edition must be 2017 or 2025');
    }
    const polId = optionalString(parsed, 'pol') ?? 'w21003';
    const timeoutMs = optionalInteger(parsed, 'timeout', 50, 60_000, 5000);
    const request = {
      check: check satisfies Hj212QcCheck,
      polId,
      qn: hj212Time(Date.now(), true),
      ...(editionText === undefined ? {} : { edition: `hj212-${editionText}` as const }),
    };
    const link = await openSerialLink(requiredString(parsed, 'port'), serialSettingsFrom(parsed));
    const session = createLineSession({ link, defaultTimeoutMs: timeoutMs });
    let result: Hj212QcResult;
    try {
      result = await runHj212Qc(session, { mn, st, pw }, request, timeoutMs);
    } finally {
      await session.close();
    }
    const frames = session.records().map((f) => ({ at: f.at, direction: f.direction, hex: f.hex }));
    const exit = result.status === 'done' ? 0 : 1;
    if (json) {
      printJson(io, { ...result, frames });
      return exit;
    }
    const zh = (io.lang ?? defaultCliLang) === 'zh';
    const out = exit === 0 ? io.stdout : io.stderr;
    const words = statusWords[result.status];
    out(
      `CN ${result.cn} ${result.polId}: ${zh ? words[0] : words[1]}${result.reason === null ? '' : ` — ${result.reason}`}\n`,
    );
    out(
      `${zh ? '规约版本' : 'edition'}: ${result.edition ?? '?'}${result.editionReason === null ? '' : ` (${result.editionReason})`}\n`,
    );
    for (const v of result.values) {
      out(`  ${v.key} = ${v.value}${v.flag === null ? '' : ` (${v.flag})`}\n`);
    }
    out(`${zh ? '注意' : 'note'}: ${result.uncertainty}\n`);
    return exit;
  } catch (error) {
    if (error instanceof ArgumentError) {
      io.stderr(`wrm hj212 qc: ${error.message}\n${hj212QcUsage}`);
      return 2;
    }
    if (error instanceof CodedError) {
      if (json) {
        printJson(io, { error: { code: error.code, message: error.message } });
      } else {
        io.stderr(`wrm hj212 qc: ${error.code}: ${error.message}\n`);
      }
      return error.code === 'invalid-argument' ? 2 : 1;
    }
    throw error;
  }
}
