import { createLineSession } from '#shared/protocols/line-session';
import {
  buildEventRecordQuery,
  decodeEventRecordAnswer,
  szy206EventNames,
  szy206HistoryPlan,
  szy206StoredTypes,
} from '#shared/protocols/szy206/history';
import { CodedError } from '#shared/result';
import { openSerialLink } from '../../electron/host/serial-link';
import { printJson, type CliIo } from '../io';
import { defaultCliLang, failureLine } from '../lang';
import { historyCommand } from './history';
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
 * `wrm szy206 history`: reads an SZY206 / SL/T 427 RTU's stored data (AFN B1H) for a window. The RTU's
 * storage interval (its 20H setting) cannot be queried; give it with --interval, or it is inferred from
 * the number of records returned (see `szy206RecordTimes`).
 */
const usage = `usage:
  wrm szy206 history --port <path> --division <6 digits> --station <0-65535> --from <time> --to <time>
             [--type 2] [--number 0] [--interval <minutes>] [--edition 2016|427] [--site <code>]
             [--baud 9600] [--parity N|E|O] [--timeout 5000] [--json]
  --type: stored parameter type (0 rain, 1 water level, 2 flow/volume, 3 velocity, 4 gate, 8 water temperature, 14 pressure)
  times: 2026-07-01 or 2026-07-01T08:00 (Beijing time); --site adds the values as a 补报 batch would store them
`;

export function szy206HistoryCommand(args: readonly string[], io: CliIo): Promise<number> {
  return historyCommand(
    'szy206 history',
    usage,
    args,
    io,
    ['division', 'station', 'type', 'number', 'interval', 'edition'],
    (parsed, window) => {
      const division = requiredString(parsed, 'division');
      if (!/^\d{6}$/.test(division)) {
        throw new ArgumentError(`--division "${division}" must be the 6-digit county code (e.g. 530381)`);
      }
      const station = integerIn(requiredString(parsed, 'station'), 'station', 0, 65535);
      const type = integerIn(optionalString(parsed, 'type') ?? '2', 'type', 0, 15);
      if (!szy206StoredTypes.includes(type)) {
        throw new ArgumentError(
          `--type ${type} has no known record layout (${szy206StoredTypes.join(', ')})`,
        );
      }
      const edition = optionalString(parsed, 'edition') ?? '2016';
      if (edition !== '2016' && edition !== '427') {
        throw new ArgumentError(`--edition "${edition}" must be 2016 or 427`);
      }
      const interval = optionalString(parsed, 'interval');
      return szy206HistoryPlan(
        {
          address: { mode: 'division', division, station },
          edition: edition === '427' ? 'sl427-2021' : 'szy206-2016',
        },
        { type, number: optionalInteger(parsed, 'number', 0, 15, 0), ...window },
        interval === undefined ? null : integerIn(interval, 'interval', 1, 1440),
      );
    },
  );
}

const eventsUsage = `usage:
  wrm szy206 events --port <path> --division <6 digits> --station <0-65535> [--edition 2016|427]
             [--baud 9600] [--parity N|E|O] [--timeout 3000] [--json]
  the terminal's event counters (AFN 5DH): how often each kind of event happened, not when
`;

/** `wrm szy206 events`: the 5DH event counters (ERC1–18 and vendor extras), counts not a log. */
export async function szy206EventsCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout(eventsUsage);
    return 0;
  }
  let json = false;
  try {
    const parsed = parseArgs(args);
    json = parsed.options.has('json');
    checkKnown(parsed, [
      'port',
      'division',
      'station',
      'edition',
      'timeout',
      'json',
      'baud',
      'parity',
      'data-bits',
      'stop-bits',
    ]);
    const division = requiredString(parsed, 'division');
    if (!/^\d{6}$/.test(division)) {
      throw new ArgumentError(`--division "${division}" must be the 6-digit county code (e.g. 530381)`);
    }
    const edition = optionalString(parsed, 'edition') ?? '2016';
    const target = {
      address: {
        mode: 'division',
        division,
        station: integerIn(requiredString(parsed, 'station'), 'station', 0, 65535),
      },
      edition: edition === '427' ? 'sl427-2021' : 'szy206-2016',
    } as const;
    const timeoutMs = optionalInteger(parsed, 'timeout', 50, 60_000, 3000);
    const link = await openSerialLink(requiredString(parsed, 'port'), serialSettingsFrom(parsed));
    const session = createLineSession({ link, defaultTimeoutMs: timeoutMs });
    const result = await session.transact(buildEventRecordQuery(target), {
      decode: (bytes) => decodeEventRecordAnswer(bytes, target),
      timeoutMs,
    });
    await session.close();
    const zh = (io.lang ?? defaultCliLang) === 'zh';
    if (!result.ok) {
      if (json) {
        printJson(io, { error: result.error });
      } else {
        io.stderr(`wrm szy206 events: ${failureLine(result.error, io.lang ?? defaultCliLang)}\n`);
      }
      return 1;
    }
    const counts = result.value.map((c) => {
      const names = szy206EventNames[c.erc - 1];
      return { ...c, name: names === undefined ? null : zh ? names[0] : names[1] };
    });
    if (json) {
      printJson(io, { counts: result.value });
    } else {
      for (const c of counts) {
        io.stdout(`  ERC${c.erc}  ${c.name ?? (zh ? '厂家扩展' : 'vendor extension')}: ${c.count}\n`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof ArgumentError) {
      io.stderr(`wrm szy206 events: ${error.message}\n${eventsUsage}`);
      return 2;
    }
    if (error instanceof CodedError) {
      if (json) {
        printJson(io, { error: { code: error.code, message: error.message } });
      } else {
        io.stderr(`wrm szy206 events: ${error.code}: ${error.message}\n`);
      }
      return 1;
    }
    throw error;
  }
}
