import type { SerialSettings } from '#shared/domain/schemas/equipment';
import {
  registerValueTypes,
  wordOrders,
  type RegisterValueType,
  type WordOrder,
} from '#shared/protocols/modbus/register-values';

/** A bad argument: the command prints the message and exits 2. */
export class ArgumentError extends Error {}

/** `--name value` and `--flag` pairs; repeated names keep every value in order. */
export type ParsedArgs = {
  readonly positional: readonly string[];
  readonly options: ReadonlyMap<string, readonly string[]>;
};

const booleanFlags = new Set(['json', 'help', 'csv']);

export function parseArgs(args: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else if (booleanFlags.has(name)) {
      value = 'true';
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new ArgumentError(`--${name} needs a value`);
      }
      value = next;
      i += 1;
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positional, options };
}

export function checkKnown(parsed: ParsedArgs, known: readonly string[]): void {
  for (const name of parsed.options.keys()) {
    if (!known.includes(name)) {
      throw new ArgumentError(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(' ')})`);
    }
  }
}

export function optionalString(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.options.get(name);
  return values === undefined ? undefined : values[values.length - 1];
}

export function requiredString(parsed: ParsedArgs, name: string): string {
  const value = optionalString(parsed, name);
  if (value === undefined || value === '') {
    throw new ArgumentError(`--${name} is required`);
  }
  return value;
}

export function integerIn(text: string, name: string, min: number, max: number): number {
  const value = /^(0x[0-9a-f]+|\d+)$/i.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ArgumentError(`--${name} "${text}" must be an integer ${min}–${max}`);
  }
  return value;
}

export function optionalInteger(
  parsed: ParsedArgs,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const text = optionalString(parsed, name);
  return text === undefined ? fallback : integerIn(text, name, min, max);
}

const parityLetters: Readonly<Record<string, SerialSettings['parity']>> = {
  N: 'none',
  E: 'even',
  O: 'odd',
  NONE: 'none',
  EVEN: 'even',
  ODD: 'odd',
};

export function parityFrom(text: string, name = 'parity'): SerialSettings['parity'] {
  const parity = parityLetters[text.trim().toUpperCase()];
  if (parity === undefined) {
    throw new ArgumentError(`--${name} "${text}" must be N, E or O`);
  }
  return parity;
}

export function serialSettingsFrom(parsed: ParsedArgs): SerialSettings {
  const dataBits = optionalInteger(parsed, 'data-bits', 7, 8, 8);
  const stopBits = optionalInteger(parsed, 'stop-bits', 1, 2, 1);
  return {
    baudRate: optionalInteger(parsed, 'baud', 1200, 115200, 9600),
    dataBits: dataBits === 7 ? 7 : 8,
    parity: parityFrom(optionalString(parsed, 'parity') ?? 'N'),
    stopBits: stopBits === 2 ? 2 : 1,
  };
}

export function valueTypeFrom(parsed: ParsedArgs): RegisterValueType {
  const text = optionalString(parsed, 'type') ?? 'uint16';
  const type = registerValueTypes.find((t) => t === text);
  if (type === undefined) {
    throw new ArgumentError(`--type "${text}" must be one of ${registerValueTypes.join(', ')}`);
  }
  return type;
}

export function wordOrderFrom(parsed: ParsedArgs): WordOrder {
  const text = (optionalString(parsed, 'order') ?? 'ABCD').toUpperCase();
  const order = wordOrders.find((o) => o === text);
  if (order === undefined) {
    throw new ArgumentError(`--order "${text}" must be one of ${wordOrders.join(', ')}`);
  }
  return order;
}

export function finiteNumber(text: string, name: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new ArgumentError(`--${name} "${text}" is not a number`);
  }
  return value;
}

/** "1-10,15" → [1..10, 15], each checked against the range. */
export function integerList(text: string, name: string, min: number, max: number): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range !== null) {
      const from = integerIn(range[1] ?? '', name, min, max);
      const to = integerIn(range[2] ?? '', name, min, max);
      if (to < from) {
        throw new ArgumentError(`--${name} range "${part}" runs backwards`);
      }
      for (let n = from; n <= to; n += 1) {
        out.push(n);
      }
    } else {
      out.push(integerIn(part, name, min, max));
    }
  }
  return out;
}
