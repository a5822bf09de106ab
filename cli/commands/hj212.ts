import { hj212Time } from '#shared/protocols/hj212/commands';
import { hj212HistoryPlan, type Hj212HistoryKind } from '#shared/protocols/hj212/history';
import type { CliCommand } from '../io';
import { historyCommand } from './history';
import { hj212QcCommand, hj212QcUsage, hj212StationArgs } from './hj212-qc';
import { ArgumentError, integerIn, optionalString } from './modbus-args';

/**
 * `wrm hj212 history`: retrieves minute (2051), hour (2061) or day (2031) data for a window from an
 * HJ 212-2017 data logger, acknowledging each upload with 9014 where the logger asks for it.
 */
const usage = `usage:
${hj212QcUsage.replace(/^usage:\n/, '')}  wrm hj212 history --port <path> --mn <MN> --from <time> --to <time> [--kind hour|minute|day]
             [--st 21] [--pw 123456] [--minute-step 10] [--site <code>]
             [--baud 9600] [--parity N|E|O] [--timeout 5000] [--json]
  times: 2026-07-01 or 2026-07-01T08:00 (Beijing time); --minute-step is the logger's MinInterval
`;

const kinds: readonly Hj212HistoryKind[] = ['minute', 'hour', 'day'];

export const hj212Command: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'qc') {
    return hj212QcCommand(rest, io);
  }
  if (sub !== 'history') {
    io.stderr(
      sub === undefined || sub === 'help' || sub === '--help'
        ? usage
        : `wrm hj212: unknown query "${sub}" (history, qc)\n${usage}`,
    );
    return sub === 'help' || sub === '--help' ? 0 : 2;
  }
  return historyCommand(
    'hj212 history',
    usage,
    rest,
    io,
    ['mn', 'st', 'pw', 'kind', 'minute-step'],
    (parsed, window, now) => {
      const { mn, st, pw } = hj212StationArgs(parsed);
      const kind = kinds.find((k) => k === (optionalString(parsed, 'kind') ?? 'hour'));
      if (kind === undefined) {
        throw new ArgumentError(`--kind must be one of ${kinds.join(', ')}`);
      }
      return hj212HistoryPlan(
        { mn, st, pw },
        {
          kind,
          ...window,
          qn: hj212Time(now, true),
          minuteStep: integerIn(optionalString(parsed, 'minute-step') ?? '10', 'minute-step', 1, 60),
        },
      );
    },
  );
};
