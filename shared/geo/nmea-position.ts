import { wgs84, type Wgs84 } from './coords';
import type { Metres } from './distance';

/**
 * The few NMEA 0183 sentences a position needs (GGA, RMC), from any talker (GP, GN, BD, GB, GL, GA).
 * Minimal on purpose: the diagnostics stack owns the full NMEA codec (`shared/protocols/nmea/`); this
 * one turns a receiver's lines into map positions and says clearly what is wrong with a bad line.
 */
export class NmeaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NmeaError';
  }
}

export const fixQualities = [
  'none',
  'gps',
  'dgps',
  'pps',
  'rtk',
  'rtk-float',
  'estimated',
  'manual',
  'simulation',
] as const;
export type FixQuality = (typeof fixQualities)[number];

export type GnssFix = {
  readonly position: Wgs84;
  /** Horizontal accuracy estimate (HDOP × a typical user range error; RTK fixes are far tighter). */
  readonly accuracyM: Metres | null;
  readonly quality: FixQuality;
  readonly satellites: number | null;
  readonly hdop: number | null;
  /** UTC time of the fix as `hh:mm:ss.sss`, and the date when the sentence carries one (RMC). */
  readonly utcTime: string | null;
  readonly utcDate: string | null;
  readonly sentence: 'GGA' | 'RMC';
};

export type NmeaParse =
  | { readonly kind: 'fix'; readonly fix: GnssFix }
  | { readonly kind: 'no-fix'; readonly sentence: 'GGA' | 'RMC' }
  | { readonly kind: 'other'; readonly type: string };

/** Typical user-equivalent range error for a consumer receiver, metres per unit of HDOP. */
const uereM = 5;

function checksumOf(body: string): number {
  let c = 0;
  for (let i = 0; i < body.length; i += 1) {
    c ^= body.charCodeAt(i);
  }
  return c;
}

/** `$GPGGA,…*hh` with the checksum appended: for simulators and tests. */
export function withChecksum(body: string): string {
  return `$${body}*${checksumOf(body).toString(16).toUpperCase().padStart(2, '0')}`;
}

function coordinate(value: string, hemisphere: string, degreeDigits: 2 | 3, what: string): number {
  const form = degreeDigits === 2 ? /^\d{4}(\.\d+)?$/ : /^\d{5}(\.\d+)?$/;
  if (!form.test(value)) {
    throw new NmeaError(
      `${what} "${value}" is not in ${degreeDigits === 2 ? 'ddmm.mmmm' : 'dddmm.mmmm'} form`,
    );
  }
  const degrees = Number(value.slice(0, degreeDigits));
  const minutes = Number(value.slice(degreeDigits));
  if (minutes >= 60) {
    throw new NmeaError(`${what} "${value}" has ${minutes} minutes`);
  }
  const sign = degreeDigits === 2 ? { N: 1, S: -1 }[hemisphere] : { E: 1, W: -1 }[hemisphere];
  if (sign === undefined) {
    throw new NmeaError(
      `${what} hemisphere "${hemisphere}" is not ${degreeDigits === 2 ? 'N or S' : 'E or W'}`,
    );
  }
  return sign * (degrees + minutes / 60);
}

function utcTime(value: string | undefined): string | null {
  const m = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(value ?? '');
  return m ? `${m[1] ?? ''}:${m[2] ?? ''}:${m[3] ?? ''}` : null;
}

function optionalNumber(value: string | undefined): number | null {
  return value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value);
}

/** Parses one line. Throws `NmeaError` naming the problem for a line that is not valid NMEA. */
export function parseNmeaLine(line: string): NmeaParse {
  const text = line.trim();
  if (!text.startsWith('$')) {
    throw new NmeaError(`not an NMEA sentence (no leading $): ${JSON.stringify(text.slice(0, 40))}`);
  }
  const star = text.lastIndexOf('*');
  const given = star < 0 ? '' : text.slice(star + 1);
  if (!/^[0-9A-Fa-f]{2}$/.test(given)) {
    throw new NmeaError(`NMEA sentence without a *hh checksum: ${JSON.stringify(text.slice(0, 40))}`);
  }
  const body = text.slice(1, star);
  const expected = checksumOf(body);
  if (expected !== parseInt(given, 16)) {
    const computed = expected.toString(16).toUpperCase().padStart(2, '0');
    throw new NmeaError(
      `NMEA checksum mismatch: sentence says ${given.toUpperCase()}, content gives ${computed}`,
    );
  }
  const f = body.split(',');
  const address = f[0] ?? '';
  if (!/^[A-Z]{2}[A-Z]{3}$/.test(address)) {
    return { kind: 'other', type: address };
  }
  const type = address.slice(2);
  if (type === 'GGA') {
    const q = Number(f[6] ?? '0');
    const quality = fixQualities[q] ?? 'none';
    if (quality === 'none' || (f[2] ?? '') === '') {
      return { kind: 'no-fix', sentence: 'GGA' };
    }
    const lat = coordinate(f[2] ?? '', f[3] ?? '', 2, 'GGA latitude');
    const lng = coordinate(f[4] ?? '', f[5] ?? '', 3, 'GGA longitude');
    const hdop = optionalNumber(f[8]);
    const accuracy =
      quality === 'rtk' ? 0.05 : quality === 'rtk-float' ? 0.5 : hdop === null ? null : hdop * uereM;
    return {
      kind: 'fix',
      fix: {
        position: wgs84(lat, lng),
        accuracyM: accuracy as Metres | null,
        quality,
        satellites: optionalNumber(f[7]),
        hdop,
        utcTime: utcTime(f[1]),
        utcDate: null,
        sentence: 'GGA',
      },
    };
  }
  if (type === 'RMC') {
    if (f[2] !== 'A') {
      return { kind: 'no-fix', sentence: 'RMC' };
    }
    const lat = coordinate(f[3] ?? '', f[4] ?? '', 2, 'RMC latitude');
    const lng = coordinate(f[5] ?? '', f[6] ?? '', 3, 'RMC longitude');
    const d = /^(\d{2})(\d{2})(\d{2})$/.exec(f[9] ?? '');
    return {
      kind: 'fix',
      fix: {
        position: wgs84(lat, lng),
        accuracyM: null,
        quality: 'gps',
        satellites: null,
        hdop: null,
        utcTime: utcTime(f[1]),
        utcDate: d ? `20${d[3] ?? ''}-${d[2] ?? ''}-${d[1] ?? ''}` : null,
        sentence: 'RMC',
      },
    };
  }
  return { kind: 'other', type };
}

/**
 * Splits a byte stream into NMEA lines. Bytes that never form a `$…*hh` line count as garbage, so a
 * caller can tell a receiver at the wrong baud rate (or not a receiver at all) from a quiet one.
 */
export type NmeaLineSplitter = {
  push(chunk: Uint8Array): string[];
  readonly garbageBytes: number;
};

/** NMEA caps sentences at 82 characters; receivers' proprietary ones run longer, so allow some slack. */
const maxLine = 256;

export function createNmeaLineSplitter(): NmeaLineSplitter {
  let buffer = '';
  let garbage = 0;
  return {
    get garbageBytes() {
      return garbage;
    },
    push(chunk) {
      const lines: string[] = [];
      for (const byte of chunk) {
        if (byte === 0x0a || byte === 0x0d) {
          if (buffer.startsWith('$') && buffer.length > 6) {
            lines.push(buffer);
          } else {
            garbage += buffer.length;
          }
          buffer = '';
        } else if (byte < 0x20 || byte > 0x7e) {
          garbage += buffer.length + 1;
          buffer = '';
        } else {
          buffer += String.fromCharCode(byte);
          if (buffer.length > maxLine) {
            garbage += buffer.length;
            buffer = '';
          }
        }
      }
      return lines;
    },
  };
}
