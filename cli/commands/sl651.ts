import { sl651HistoryPlan } from '#shared/protocols/sl651/history';
import type { CliCommand } from '../io';
import { historyCommand } from './history';
import { ArgumentError, integerIn, optionalString, requiredString } from './modbus-args';

/**
 * `wrm sl651 history`: asks an SL651-2014 station for its period data (38H) over a window at a step.
 * The element identifier goes out in its two-byte form unless --id-form 1 asks for the one-byte form
 * some stations expect (the standard leaves it unsure). The serial number is 1: the text gives both 0
 * and 1–65535 for a centre-initiated downlink.
 */
const usage = `usage:
  wrm sl651 history --port <path> --station <10 hex digits> --from <time> --to <time>
             [--center 1] [--pw 1234] [--step 1h|30m|1d] [--element 39] [--bytes 4] [--decimals 3]
             [--id-form 2|1] [--site <code>] [--baud 9600] [--parity N|E|O] [--timeout 5000] [--json]
  times: 2026-07-01 or 2026-07-01T08:00 (Beijing time)
`;

function stepFrom(text: string): { days: number; hours: number; minutes: number } {
  const m = /^(\d{1,2})([dhm])$/.exec(text);
  const n = Number(m?.[1] ?? 0);
  if (m === null || n < 1) {
    throw new ArgumentError(`--step "${text}" must be 1–99 with d, h or m (e.g. 1h, 5m)`);
  }
  return { days: m[2] === 'd' ? n : 0, hours: m[2] === 'h' ? n : 0, minutes: m[2] === 'm' ? n : 0 };
}

export const sl651Command: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'history') {
    io.stderr(
      sub === undefined || sub === 'help' || sub === '--help'
        ? usage
        : `wrm sl651: unknown query "${sub}" (history)\n${usage}`,
    );
    return sub === 'help' || sub === '--help' ? 0 : 2;
  }
  return historyCommand(
    'sl651 history',
    usage,
    rest,
    io,
    ['station', 'center', 'pw', 'step', 'element', 'bytes', 'decimals', 'id-form'],
    (parsed, window, now) => {
      const stationAddress = requiredString(parsed, 'station');
      if (!/^[0-9A-Fa-f]{10}$/.test(stationAddress)) {
        throw new ArgumentError(`--station "${stationAddress}" must be the 10-hex-digit station address`);
      }
      const password = optionalString(parsed, 'pw') ?? '1234';
      if (!/^[0-9A-Fa-f]{4}$/.test(password)) {
        throw new ArgumentError(`--pw "${password}" must be 4 hex digits`);
      }
      const idForm = optionalString(parsed, 'id-form') ?? '2';
      if (idForm !== '1' && idForm !== '2') {
        throw new ArgumentError(`--id-form "${idForm}" must be 2 or 1`);
      }
      return sl651HistoryPlan(
        {
          centerAddress: integerIn(optionalString(parsed, 'center') ?? '1', 'center', 1, 255),
          stationAddress,
          password,
        },
        {
          serial: 1,
          sentAt: now,
          ...window,
          step: stepFrom(optionalString(parsed, 'step') ?? '1h'),
          element: {
            id: Number.parseInt(optionalString(parsed, 'element') ?? '39', 16),
            bytes: integerIn(optionalString(parsed, 'bytes') ?? '4', 'bytes', 1, 31),
            decimals: integerIn(optionalString(parsed, 'decimals') ?? '3', 'decimals', 0, 7),
          },
          idForm: idForm === '1' ? 'one-byte' : 'two-byte',
        },
      );
    },
  );
};
