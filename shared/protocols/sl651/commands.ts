import { digitsToBcdMsbFirst, toBcdByte } from '../szy206/bcd';
import { concatBytes } from '../szy206/values';
import type { Sl651EndChar } from './elements';
import { encodeSl651Frame } from './frame';

/**
 * Builders: the centre's confirmation of a report (downlink, addresses swapped, 流水号 + 发报时间
 * echoed) and uplink reports for simulators and tests.
 */
export type Sl651Time = {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
};

function timeBytes(t: Sl651Time, withSeconds: boolean): Uint8Array {
  const parts = [t.year % 100, t.month, t.day, t.hour, t.minute, ...(withSeconds ? [t.second ?? 0] : [])];
  return Uint8Array.from(parts.map(toBcdByte));
}

function serialBytes(serial: number): Uint8Array {
  return Uint8Array.of((serial >>> 8) & 0xff, serial & 0xff);
}

export type Sl651Station = {
  readonly centerAddress: number;
  readonly stationAddress: string;
  readonly password: string;
};

/** Confirmation of an uplink report: ACK/EOT/ESC (stay online) end character, same serial and time. */
export function buildSl651Confirmation(
  station: Sl651Station & {
    readonly functionCode: number;
    readonly serial: number;
    readonly sentAt: Sl651Time;
  },
  endChar: Extract<Sl651EndChar, 'ACK' | 'NAK' | 'EOT' | 'ESC' | 'ENQ'> = 'ACK',
): Uint8Array {
  return encodeSl651Frame({
    direction: 'down',
    centerAddress: station.centerAddress,
    stationAddress: station.stationAddress,
    password: station.password,
    functionCode: station.functionCode,
    body: concatBytes([serialBytes(station.serial), timeBytes(station.sentAt, true)]),
    endChar,
  });
}

export type Sl651ElementInput =
  | { readonly id: number; readonly bytes: number; readonly decimals: number; readonly value: number }
  | { readonly id: 0x45; readonly status: number }
  | { readonly id: 0xf4; readonly rain: readonly (number | null)[] }
  | { readonly id: number; readonly levels: readonly (number | null)[] };

/** One element: identifier, data definition (bytes << 3 | decimals), BCD value (leading FF = negative). */
export function encodeSl651Element(element: Sl651ElementInput): Uint8Array {
  if ('status' in element) {
    const w = element.status >>> 0;
    return Uint8Array.of(0x45, 0x20, w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff);
  }
  if ('rain' in element) {
    const values = Array.from({ length: 12 }, (_, i) => {
      const v = element.rain[i];
      return v === null || v === undefined ? 0xff : Math.min(0xfe, Math.round(v * 10));
    });
    return Uint8Array.from([0xf4, 0x60, ...values]);
  }
  if ('levels' in element) {
    const out = [element.id, 0xc0];
    for (let i = 0; i < 12; i += 1) {
      const v = element.levels[i];
      const n = v === null || v === undefined ? 0xffff : Math.min(0xfffe, Math.max(0, Math.round(v * 100)));
      out.push(n >>> 8, n & 0xff);
    }
    return Uint8Array.from(out);
  }
  const negative = element.value < 0;
  const digitBytes = negative ? element.bytes - 1 : element.bytes;
  const scaled = Math.round(Math.abs(element.value) * 10 ** element.decimals);
  const digits = String(scaled)
    .padStart(digitBytes * 2, '0')
    .slice(-digitBytes * 2);
  return concatBytes([
    Uint8Array.of(element.id, ((element.bytes & 0x1f) << 3) | (element.decimals & 0x07)),
    ...(negative ? [Uint8Array.of(0xff)] : []),
    digitsToBcdMsbFirst(digits, digitBytes),
  ]);
}

export type Sl651ReportInput = Sl651Station & {
  /** 2F 链路维持, 30 测试, 32 定时, 33 加报, 34 小时报 … */
  readonly functionCode: number;
  readonly serial: number;
  readonly sentAt: Sl651Time;
  /** Omitted for the link-keeping report, which carries serial and time only. */
  readonly category?: string;
  readonly observedAt?: Sl651Time;
  readonly elements?: readonly Sl651ElementInput[];
};

export function buildSl651Report(input: Sl651ReportInput): Uint8Array {
  const parts: Uint8Array[] = [serialBytes(input.serial), timeBytes(input.sentAt, true)];
  if (input.category !== undefined) {
    parts.push(Uint8Array.of(0xf1, 0xf1));
    parts.push(
      Uint8Array.from({ length: 5 }, (_, i) =>
        Number.parseInt(input.stationAddress.slice(i * 2, i * 2 + 2), 16),
      ),
    );
    parts.push(Uint8Array.of(input.category.charCodeAt(0) & 0xff));
  }
  if (input.observedAt !== undefined) {
    parts.push(Uint8Array.of(0xf0, 0xf0), timeBytes(input.observedAt, false));
  }
  for (const e of input.elements ?? []) {
    parts.push(encodeSl651Element(e));
  }
  return encodeSl651Frame({
    direction: 'up',
    centerAddress: input.centerAddress,
    stationAddress: input.stationAddress,
    password: input.password,
    functionCode: input.functionCode,
    body: concatBytes(parts),
    endChar: 'ETX',
  });
}
