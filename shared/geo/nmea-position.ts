import { decodeNmeaLine, encodeNmeaSentence, nmeaFixQualities } from '../protocols/nmea/sentence';
import { wgs84, type Wgs84 } from './coords';
import type { Metres } from './distance';

/**
 * The few NMEA 0183 sentences a position needs (GGA, RMC), from any talker (GP, GN, BD, GB, GL, GA).
 * Sentences are read by the one NMEA codec (`shared/protocols/nmea/`); this module turns its GGA/RMC
 * fields into map positions (WGS84, accuracy from HDOP) and throws a clear error for a bad line.
 */
export class NmeaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NmeaError';
  }
}

export const fixQualities = nmeaFixQualities;
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

/** `$GPGGA,…*hh` with the checksum appended: for simulators and tests. */
export function withChecksum(body: string): string {
  return encodeNmeaSentence(body);
}

/** Parses one line. Throws `NmeaError` naming the problem for a line that is not valid NMEA. */
export function parseNmeaLine(line: string): NmeaParse {
  const result = decodeNmeaLine(line);
  if (result.status !== 'ok') {
    throw new NmeaError(result.status === 'invalid' ? result.reason : 'NMEA sentence is incomplete');
  }
  const { data, type } = result.value;
  if (data === null) {
    return { kind: 'other', type };
  }
  if (data.sentence === 'GGA') {
    if (data.quality === 'none' || data.latitude === null || data.longitude === null) {
      return { kind: 'no-fix', sentence: 'GGA' };
    }
    const accuracy =
      data.quality === 'rtk'
        ? 0.05
        : data.quality === 'rtk-float'
          ? 0.5
          : data.hdop === null
            ? null
            : data.hdop * uereM;
    return {
      kind: 'fix',
      fix: {
        position: wgs84(data.latitude, data.longitude),
        accuracyM: accuracy as Metres | null,
        quality: data.quality,
        satellites: data.satellites,
        hdop: data.hdop,
        utcTime: data.utcTime,
        utcDate: null,
        sentence: 'GGA',
      },
    };
  }
  if (!data.valid || data.latitude === null || data.longitude === null) {
    return { kind: 'no-fix', sentence: 'RMC' };
  }
  return {
    kind: 'fix',
    fix: {
      position: wgs84(data.latitude, data.longitude),
      accuracyM: null,
      quality: 'gps',
      satellites: null,
      hdop: null,
      utcTime: data.utcTime,
      utcDate: data.date,
      sentence: 'RMC',
    },
  };
}

// The byte-stream splitter lives with the NMEA codec; re-exported for the GNSS service.
export { createNmeaLineSplitter } from '../protocols/nmea/line-splitter';
