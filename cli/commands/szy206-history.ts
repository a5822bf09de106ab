import { szy206HistoryPlan, szy206StoredTypes } from '../../shared/protocols/szy206/history';
import type { CliIo } from '../io';
import { historyCommand } from './history';
import { ArgumentError, integerIn, optionalInteger, optionalString, requiredString } from './modbus-args';

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
