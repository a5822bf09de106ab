import { decoded, incomplete, invalid, type DecodeResult } from '../common/decode-result';
import { hex2 } from '../common/hex';

/**
 * NMEA 0183 sentences: `$` + address (talker + type) + `,`-separated fields + `*hh` XOR checksum +
 * CR LF. The one NMEA codec of the app: the GNSS service and the map read positions through it
 * (shared/geo/nmea-position.ts), diagnostics decode captures with it.
 */
export type NmeaSentence = {
  /** GP, GN, BD, GB, GL, GA …; '' for proprietary ($P…) sentences. */
  readonly talker: string;
  readonly type: string;
  readonly fields: readonly string[];
  readonly checksum: number;
  readonly data: NmeaGga | NmeaRmc | null;
};

export const nmeaFixQualities = [
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
export type NmeaFixQuality = (typeof nmeaFixQualities)[number];

export type NmeaGga = {
  readonly sentence: 'GGA';
  /** hh:mm:ss(.sss) UTC, null when empty. */
  readonly utcTime: string | null;
  /** Signed degrees (S and W negative); null when the receiver has no fix. */
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly quality: NmeaFixQuality;
  readonly satellites: number | null;
  readonly hdop: number | null;
  readonly altitudeM: number | null;
  readonly geoidSeparationM: number | null;
};

export type NmeaRmc = {
  readonly sentence: 'RMC';
  readonly utcTime: string | null;
  /** A = valid fix, V = receiver warning (no fix). */
  readonly valid: boolean;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly speedKnots: number | null;
  readonly courseDeg: number | null;
  /** YYYY-MM-DD. */
  readonly date: string | null;
};

export function nmeaChecksum(body: string): number {
  let c = 0;
  for (let i = 0; i < body.length; i += 1) {
    c ^= body.charCodeAt(i) & 0xff;
  }
  return c;
}

/** `GPGGA,…` → `$GPGGA,…*hh` (no line end). */
export function encodeNmeaSentence(body: string): string {
  return `$${body}*${hex2(nmeaChecksum(body))}`;
}

function coordinate(value: string, hemisphere: string, degreeDigits: 2 | 3, what: string): number | string {
  const form = degreeDigits === 2 ? /^\d{4}(\.\d+)?$/ : /^\d{5}(\.\d+)?$/;
  if (!form.test(value)) {
    return `${what} "${value}" is not in ${degreeDigits === 2 ? 'ddmm.mmmm' : 'dddmm.mmmm'} form`;
  }
  const degrees = Number(value.slice(0, degreeDigits));
  const minutes = Number(value.slice(degreeDigits));
  if (minutes >= 60) {
    return `${what} "${value}" has ${minutes} minutes`;
  }
  const sign = degreeDigits === 2 ? { N: 1, S: -1 }[hemisphere] : { E: 1, W: -1 }[hemisphere];
  if (sign === undefined) {
    return `${what} hemisphere "${hemisphere}" is not ${degreeDigits === 2 ? 'N or S' : 'E or W'}`;
  }
  const result = sign * (degrees + minutes / 60);
  const limit = degreeDigits === 2 ? 90 : 180;
  if (Math.abs(result) > limit) {
    return `${what} ${Math.abs(result).toFixed(4)} is outside ±${limit}°`;
  }
  return result;
}

function utcTime(value: string | undefined): string | null {
  const m = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(value ?? '');
  return m ? `${m[1] ?? ''}:${m[2] ?? ''}:${m[3] ?? ''}` : null;
}

function optionalNumber(value: string | undefined): number | null {
  return value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value);
}

function position(
  f: readonly string[],
  at: number,
  type: string,
): { latitude: number | null; longitude: number | null } | string {
  if ((f[at] ?? '') === '' && (f[at + 2] ?? '') === '') {
    return { latitude: null, longitude: null };
  }
  const latitude = coordinate(f[at] ?? '', f[at + 1] ?? '', 2, `${type} latitude`);
  if (typeof latitude === 'string') {
    return latitude;
  }
  const longitude = coordinate(f[at + 2] ?? '', f[at + 3] ?? '', 3, `${type} longitude`);
  return typeof longitude === 'string' ? longitude : { latitude, longitude };
}

function interpret(type: string, f: readonly string[]): NmeaGga | NmeaRmc | null | string {
  if (type === 'GGA') {
    const quality = nmeaFixQualities[Number(f[6] ?? '0')] ?? 'none';
    const p = quality === 'none' ? { latitude: null, longitude: null } : position(f, 2, 'GGA');
    if (typeof p === 'string') {
      return p;
    }
    return {
      sentence: 'GGA',
      utcTime: utcTime(f[1]),
      ...p,
      quality,
      satellites: optionalNumber(f[7]),
      hdop: optionalNumber(f[8]),
      altitudeM: optionalNumber(f[9]),
      geoidSeparationM: optionalNumber(f[11]),
    };
  }
  if (type === 'RMC') {
    const valid = f[2] === 'A';
    const p = valid ? position(f, 3, 'RMC') : { latitude: null, longitude: null };
    if (typeof p === 'string') {
      return p;
    }
    const d = /^(\d{2})(\d{2})(\d{2})$/.exec(f[9] ?? '');
    return {
      sentence: 'RMC',
      utcTime: utcTime(f[1]),
      valid,
      ...p,
      speedKnots: optionalNumber(f[7]),
      courseDeg: optionalNumber(f[8]),
      date: d ? `20${d[3] ?? ''}-${d[2] ?? ''}-${d[1] ?? ''}` : null,
    };
  }
  return null;
}

/** One complete line (line end optional). `invalid` names the problem; GGA/RMC also get their fields read. */
export function decodeNmeaLine(line: string): DecodeResult<NmeaSentence> {
  const consumed = Math.max(1, line.length);
  const text = line.trim();
  if (!text.startsWith('$') && !text.startsWith('!')) {
    return invalid(`not an NMEA sentence (no leading $): ${JSON.stringify(text.slice(0, 40))}`, consumed);
  }
  const star = text.lastIndexOf('*');
  const given = star < 0 ? '' : text.slice(star + 1);
  if (!/^[0-9A-Fa-f]{2}$/.test(given)) {
    return invalid(`NMEA sentence without a *hh checksum: ${JSON.stringify(text.slice(0, 40))}`, consumed);
  }
  const body = text.slice(1, star);
  const expected = nmeaChecksum(body);
  if (expected !== Number.parseInt(given, 16)) {
    return invalid(
      `NMEA checksum mismatch: sentence says ${given.toUpperCase()}, content gives ${hex2(expected)}`,
      consumed,
    );
  }
  const fields = body.split(',');
  const address = fields[0] ?? '';
  const standard = /^[A-Z]{2}[A-Z]{3}$/.test(address);
  const talker = standard ? address.slice(0, 2) : '';
  const type = standard ? address.slice(2) : address;
  const data = standard ? interpret(type, fields) : null;
  if (typeof data === 'string') {
    return invalid(data, consumed);
  }
  return decoded({ talker, type, fields: fields.slice(1), checksum: expected, data }, consumed);
}

/** NMEA caps sentences at 82 characters; receivers' proprietary ones run longer, so allow some slack. */
export const nmeaMaxLine = 256;

/**
 * Stream form: the sentence at the start of `input` up to its line end. `incomplete` until the line
 * end arrives; bytes before a `$` are skipped as invalid.
 */
export function decodeNmeaSentence(input: string | Uint8Array): DecodeResult<NmeaSentence> {
  const text = typeof input === 'string' ? input : String.fromCharCode(...input.slice(0, nmeaMaxLine + 2));
  if (text.length === 0) {
    return incomplete(null);
  }
  if (text[0] !== '$' && text[0] !== '!') {
    const next = text.search(/[$!]/);
    return invalid(
      `not an NMEA sentence (no leading $): ${JSON.stringify(text.slice(0, 20))}`,
      next < 0 ? text.length : next,
    );
  }
  const end = text.search(/[\r\n]/);
  if (end < 0) {
    return text.length > nmeaMaxLine
      ? invalid(`NMEA line longer than ${nmeaMaxLine} characters`, text.length)
      : incomplete(null);
  }
  let consumed = end + 1;
  if (text[end] === '\r' && text[end + 1] === '\n') {
    consumed += 1;
  }
  const result = decodeNmeaLine(text.slice(0, end));
  return result.status === 'ok'
    ? decoded(result.value, consumed)
    : result.status === 'invalid'
      ? invalid(result.reason, consumed)
      : result;
}

/** GGA and RMC text for simulators and tests. */
export function encodeNmeaGga(fix: {
  readonly utcTime: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly quality?: number;
  readonly satellites?: number;
  readonly hdop?: number;
  readonly altitudeM?: number;
  readonly talker?: string;
}): string {
  const lat = Math.abs(fix.latitude);
  const lng = Math.abs(fix.longitude);
  const dm = (v: number, digits: number) => {
    const d = Math.floor(v);
    return `${String(d).padStart(digits, '0')}${((v - d) * 60).toFixed(4).padStart(7, '0')}`;
  };
  const body = [
    `${fix.talker ?? 'GN'}GGA`,
    fix.utcTime.replace(/:/g, ''),
    dm(lat, 2),
    fix.latitude < 0 ? 'S' : 'N',
    dm(lng, 3),
    fix.longitude < 0 ? 'W' : 'E',
    String(fix.quality ?? 1),
    String(fix.satellites ?? 8).padStart(2, '0'),
    (fix.hdop ?? 1).toFixed(1),
    (fix.altitudeM ?? 0).toFixed(1),
    'M',
    '0.0',
    'M',
    '',
    '',
  ].join(',');
  return encodeNmeaSentence(body);
}
