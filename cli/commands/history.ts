import type { ByteLink } from '#shared/protocols/common/byte-link';
import {
  historyToMonitoredValues,
  runHistory,
  type HistoryOutcome,
  type HistoryPlan,
  type HistoryStatus,
} from '#shared/protocols/history-run';
import { createLineSession, type LineRecord } from '#shared/protocols/line-session';
import { CodedError } from '#shared/result';
import { openSerialLink } from '../../electron/host/serial-link';
import { printJson, type CliIo } from '../io';
import { defaultCliLang, failureLine, type CliLang } from '../lang';
import {
  ArgumentError,
  optionalInteger,
  optionalString,
  parseArgs,
  requiredString,
  serialSettingsFrom,
  checkKnown,
  type ParsedArgs,
} from './modbus-args';

/**
 * What the three `wrm <protocol> history` commands share: the window arguments, one history run on the
 * line session every query uses (one transaction in flight, the frames recorded), and the output — a
 * JSON document of codes and values, or a slot summary in the reader's language.
 */
export const historyCommonOptions = [
  'port',
  'from',
  'to',
  'site',
  'timeout',
  'json',
  'baud',
  'parity',
  'data-bits',
  'stop-bits',
];

/** "2026-07-01", "2026-07-01T08:00", "2026-07-01 08:00[:ss]" in Beijing time, or an ISO time with a zone. */
export function parseCliTime(text: string, name: string): number {
  const local = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?$/.exec(text);
  const ms =
    local !== null
      ? Date.parse(
          `${local[1]}-${local[2]}-${local[3]}T${local[4] ?? '00'}:${local[5] ?? '00'}:${local[6] ?? '00'}+08:00`,
        )
      : /[zZ]|[+-]\d\d:\d\d$/.test(text)
        ? Date.parse(text)
        : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ArgumentError(
      `--${name} "${text}" is not a time (2026-07-01 or 2026-07-01T08:00, Beijing time)`,
    );
  }
  return ms;
}

export type HistoryWindow = { readonly from: number; readonly to: number };

export function windowFrom(parsed: ParsedArgs): HistoryWindow {
  const from = parseCliTime(requiredString(parsed, 'from'), 'from');
  const to = parseCliTime(requiredString(parsed, 'to'), 'to');
  if (!(to > from)) {
    throw new ArgumentError('--to must be after --from');
  }
  if (to - from > 31 * 86_400_000) {
    throw new ArgumentError('the window is longer than 31 days: ask for it in parts');
  }
  return { from, to };
}

export type HistoryRun = { readonly outcome: HistoryOutcome; readonly frames: readonly LineRecord[] };

/** One history run over an open link; closes the session and with it the link. */
export async function pullHistory<S>(
  link: ByteLink,
  plan: HistoryPlan<S>,
  timeoutMs: number,
): Promise<HistoryRun> {
  const session = createLineSession({ link, defaultTimeoutMs: timeoutMs });
  const outcome = await runHistory(session, plan, timeoutMs);
  const frames = session.records();
  await session.close();
  return { outcome, frames };
}

const statusWords: Readonly<Record<HistoryStatus, readonly [zh: string, en: string]>> = {
  complete: ['完整：窗口内每个时段都有数据', 'complete: every slot in the window has data'],
  gap: ['有缺口：终端也没有以下时段的数据', 'gaps: the terminal holds no data for these slots either'],
  timeout: [
    '超时：终端中途停止应答，已收到的数据保留',
    'timeout: the terminal stopped answering; what came is kept',
  ],
  broken: ['有损坏帧被丢弃，其余数据保留', 'a damaged frame was dropped; the rest is kept'],
  failed: ['失败', 'failed'],
};

const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export function printHistory(
  io: CliIo,
  json: boolean,
  run: HistoryRun,
  window: HistoryWindow,
  site: string | undefined,
  now: number,
): number {
  const { outcome } = run;
  const frames = run.frames.map((f) => ({
    at: f.at,
    direction: f.direction,
    hex: f.hex,
    ...(f.dropped ? { dropped: f.dropped } : {}),
  }));
  const values = site === undefined ? [] : historyToMonitoredValues(outcome.records, site, now);
  const exit = outcome.status === 'failed' || outcome.status === 'timeout' ? 1 : 0;
  if (json) {
    printJson(io, {
      status: outcome.status,
      reason: outcome.reason,
      ...(outcome.failure === null ? {} : { error: outcome.failure }),
      window,
      records: outcome.records,
      gaps: outcome.gaps,
      ...(site === undefined ? {} : { values }),
      frames,
    });
    return exit;
  }
  const lang: CliLang = io.lang ?? defaultCliLang;
  const zh = lang === 'zh';
  const words = statusWords[outcome.status];
  const out = exit === 0 ? io.stdout : io.stderr;
  out(
    `${zh ? words[0] : words[1]}${outcome.failure === null ? '' : ` — ${failureLine(outcome.failure, lang)}`}\n`,
  );
  const withValue = outcome.records.filter((r) => r.value !== null);
  out(
    zh
      ? `${beijing(window.from)} 至 ${beijing(window.to)}：${withValue.length} 条数据，${outcome.gaps.length} 个缺数时段\n`
      : `${beijing(window.from)} to ${beijing(window.to)}: ${withValue.length} values, ${outcome.gaps.length} empty slots\n`,
  );
  for (const r of withValue.slice(0, 200)) {
    out(`  ${beijing(r.time)}  ${r.key}  ${r.value}${r.flag === null ? '' : ` (${r.flag})`}\n`);
  }
  for (const t of outcome.gaps.slice(0, 200)) {
    out(`  ${beijing(t)}  ${zh ? '缺数' : 'no data'}\n`);
  }
  return exit;
}

/** Parses, opens the port, runs, prints: the part every protocol's history command shares. */
export async function historyCommand<S>(
  name: string,
  usage: string,
  args: readonly string[],
  io: CliIo,
  own: readonly string[],
  makePlan: (parsed: ParsedArgs, window: HistoryWindow, now: number) => HistoryPlan<S>,
): Promise<number> {
  let json = false;
  if (args.includes('--help')) {
    io.stdout(usage);
    return 0;
  }
  try {
    const parsed = parseArgs(args);
    json = parsed.options.has('json');
    checkKnown(parsed, [...historyCommonOptions, ...own]);
    const window = windowFrom(parsed);
    const timeoutMs = optionalInteger(parsed, 'timeout', 50, 60_000, 5000);
    const site = optionalString(parsed, 'site');
    const now = Date.now();
    const plan = makePlan(parsed, window, now);
    const link = await openSerialLink(requiredString(parsed, 'port'), serialSettingsFrom(parsed));
    return printHistory(io, json, await pullHistory(link, plan, timeoutMs), window, site, Date.now());
  } catch (error) {
    if (error instanceof ArgumentError) {
      io.stderr(`wrm ${name}: ${error.message}\n${usage}`);
      return 2;
    }
    if (error instanceof CodedError) {
      if (json) {
        printJson(io, { error: { code: error.code, message: error.message } });
      } else {
        io.stderr(`wrm ${name}: ${error.code}: ${error.message}\n`);
      }
      return error.code === 'invalid-argument' ? 2 : 1;
    }
    throw error;
  }
}
