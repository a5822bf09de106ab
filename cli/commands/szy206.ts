import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { Szy206Answer, Szy206Query } from '#shared/host/contract/diagnostics';
import type { ByteLink, Timers } from '#shared/protocols/common/byte-link';
import { createLineSession, type LineRecord } from '#shared/protocols/line-session';
import {
  decodeSzy206Answer,
  encodeSzy206Query,
  encodeSzy206SetClock,
} from '#shared/protocols/szy206/diagnostics';
import type { Szy206Edition } from '#shared/protocols/szy206/frame';
import { CodedError, type Result } from '#shared/result';
import { openSerialLink } from '../../electron/host/serial-link';
import { printJson, type CliCommand, type CliIo } from '../io';
import { szy206EventsCommand, szy206HistoryCommand } from './szy206-history';
import { watchSzy206 } from './szy206-watch';
import { defaultCliLang, failureLine, labelledText, valueName, withUnit } from '../lang';
import {
  ArgumentError,
  checkKnown,
  integerIn,
  optionalInteger,
  optionalString,
  parseArgs,
  requiredString,
  serialSettingsFrom,
} from './modbus-args';

/**
 * `wrm szy206 <query> --port …`: asks an SZY206-2016 / SL/T 427-2021 RTU one question on a serial line
 * (one transaction in flight, timeout, every frame recorded) and prints the answer the RTU page shows.
 */
const usage = `usage:
  wrm szy206 <link-test|clock|work-mode|intervals|realtime|status|set-clock> --port <path>
             --division <6 digits> --station <0-65535> [--baud 9600] [--parity N|E|O]
             [--edition 2016|427] [--timeout 3000] [--json]
  set-clock sets the terminal clock to this computer's time (Beijing time) with --password <1-4 digits>.
  realtime --every <s> --for <s> [--value flow|volume] [--csv]: watch a value (min/max/mean/std at the end)
  wrm szy206 history …: stored data for a window (wrm szy206 history --help)
  wrm szy206 events …: the terminal's event counters, 5DH (wrm szy206 events --help)
`;

const queries: readonly Szy206QueryOptions['query'][] = [
  'link-test',
  'clock',
  'work-mode',
  'intervals',
  'realtime',
  'status',
  'set-clock',
];

export type Szy206QueryOptions = {
  readonly query: Szy206Query | 'set-clock';
  /** set-clock only: PW as algorithm digit + 3-digit key ("0000"). */
  readonly password?: string;
  readonly division: string;
  readonly station: number;
  readonly edition: Szy206Edition;
  readonly timeoutMs: number;
  readonly timers?: Timers;
};

export type Szy206QueryOutcome = {
  readonly result: Result<Szy206Answer>;
  readonly frames: readonly LineRecord[];
};

/** One query over an open link, then closes the session and with it the link. */
export async function querySzy206(link: ByteLink, options: Szy206QueryOptions): Promise<Szy206QueryOutcome> {
  const address = { division: options.division, station: options.station };
  const session = createLineSession({
    link,
    defaultTimeoutMs: options.timeoutMs,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const now = (options.timers ?? { now: () => Date.now() }).now;
  const query: Szy206Query = options.query === 'set-clock' ? 'clock' : options.query;
  const request =
    options.query === 'set-clock'
      ? encodeSzy206SetClock(address, options.edition, now(), options.password ?? '0000')
      : encodeSzy206Query(options.query, address, options.edition);
  const result = await session.transact(request, {
    decode: (bytes) => decodeSzy206Answer(query, bytes, options.edition, address, now()),
    timeoutMs: options.timeoutMs,
  });
  const frames = session.records();
  await session.close();
  return { result, frames };
}

function editionFrom(text: string | undefined): Szy206Edition {
  if (text === undefined || text === '2016') {
    return 'szy206-2016';
  }
  if (text === '427') {
    return 'sl427-2021';
  }
  throw new ArgumentError(`--edition "${text}" must be 2016 or 427`);
}

function print(io: CliIo, json: boolean, port: string, outcome: Szy206QueryOutcome): number {
  const frames = outcome.frames.map((f) => ({
    at: f.at,
    direction: f.direction,
    hex: f.hex,
    ...(f.dropped ? { dropped: f.dropped } : {}),
  }));
  if (!outcome.result.ok) {
    if (json) {
      printJson(io, { error: outcome.result.error, frames });
    } else {
      io.stderr(`wrm szy206: ${failureLine(outcome.result.error, io.lang ?? defaultCliLang)} (${port})\n`);
      for (const f of frames) {
        io.stderr(`  ${f.direction} ${f.hex}${f.dropped ? `  (dropped: ${f.dropped})` : ''}\n`);
      }
    }
    return 1;
  }
  const answer = outcome.result.value;
  if (json) {
    printJson(io, { ...answer, frames });
  } else {
    const lang = io.lang ?? defaultCliLang;
    io.stdout(`${answer.summaryParts ? labelledText(answer.summaryParts, lang) : answer.summary}\n`);
    for (const v of answer.values) {
      io.stdout(`  ${valueName(v, lang)}: ${withUnit(v.value, v.unit, lang)}\n`);
    }
  }
  return 0;
}

export const szy206Command: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  let json = false;
  try {
    if (sub === undefined || sub === 'help' || sub === '--help') {
      io.stdout(usage);
      return sub === undefined ? 2 : 0;
    }
    if (sub === 'history') {
      return await szy206HistoryCommand(rest, io);
    }
    if (sub === 'events') {
      return await szy206EventsCommand(rest, io);
    }
    const query = queries.find((q) => q === sub);
    if (query === undefined) {
      throw new ArgumentError(`unknown query "${sub}" (${queries.join(', ')})`);
    }
    const parsed = parseArgs(rest);
    json = parsed.options.has('json');
    checkKnown(parsed, [
      'port',
      'division',
      'station',
      'baud',
      'parity',
      'data-bits',
      'stop-bits',
      'edition',
      'timeout',
      'json',
      ...(query === 'set-clock' ? ['password'] : []),
      ...(query === 'realtime' ? ['every', 'for', 'value', 'csv'] : []),
    ]);
    const password = optionalString(parsed, 'password') ?? '0000';
    if (!/^\d{1,4}$/.test(password)) {
      throw new ArgumentError(`--password "${password}" must be 1–4 digits (algorithm digit + 3-digit key)`);
    }
    const port = requiredString(parsed, 'port');
    const division = requiredString(parsed, 'division');
    if (!/^\d{6}$/.test(division)) {
      throw new ArgumentError(`--division "${division}" must be the 6-digit county code (e.g. 530381)`);
    }
    const station = integerIn(requiredString(parsed, 'station'), 'station', 0, 65535);
    const settings: SerialSettings = serialSettingsFrom(parsed);
    const options: Szy206QueryOptions = {
      query,
      division,
      station,
      edition: editionFrom(optionalString(parsed, 'edition')),
      timeoutMs: optionalInteger(parsed, 'timeout', 50, 60_000, 3000),
      password,
    };
    const every = optionalString(parsed, 'every');
    if (every !== undefined) {
      return await watchSzy206(
        port,
        settings,
        {
          ...options,
          everyMs: integerIn(every, 'every', 1, 3600) * 1000,
          durationMs: optionalInteger(parsed, 'for', 1, 86_400, 60) * 1000,
          value: optionalString(parsed, 'value') ?? null,
          csv: optionalString(parsed, 'csv') !== undefined,
        },
        io,
        json,
      );
    }
    const link = await openSerialLink(port, settings);
    return print(io, json, port, await querySzy206(link, options));
  } catch (error) {
    if (error instanceof ArgumentError) {
      io.stderr(`wrm szy206: ${error.message}\n${usage}`);
      return 2;
    }
    if (error instanceof CodedError) {
      if (json) {
        printJson(io, { error: { code: error.code, message: error.message } });
      } else {
        io.stderr(`wrm szy206: ${error.code}: ${error.message}\n`);
      }
      return 1;
    }
    throw error;
  }
};
