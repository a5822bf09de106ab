import { fail, ok, type Result } from '../result';
import type { BaseDataCheck } from './corrections';

/**
 * Base-data values as a crew reads them on a nameplate or a terminal's screen, and back: a position
 * as `25.04°N 102.71°E`, serial settings as `4800 8E1`, an RTU address as `530102-12`. A value not in
 * the registry is `missing` (the screen says 未登记), never `null` or JSON.
 */
export type ShownValue = { readonly kind: 'missing' } | { readonly kind: 'text'; readonly text: string };

const parityLetter = { none: 'N', even: 'E', odd: 'O' } as const;
const parityOfLetter = { N: 'none', E: 'even', O: 'odd' } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Degrees with up to five decimals (about a metre), trailing zeros dropped. */
function degrees(value: number): string {
  return String(Number(Math.abs(value).toFixed(5)));
}

export function formatPosition(lat: number, lng: number): string {
  return `${degrees(lat)}°${lat < 0 ? 'S' : 'N'} ${degrees(lng)}°${lng < 0 ? 'W' : 'E'}`;
}

/** A registry value for the base-data table. */
export function showBaseDataValue(check: BaseDataCheck, value: unknown): ShownValue {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return { kind: 'missing' };
  }
  if (
    check.key === 'site-position' &&
    isRecord(value) &&
    typeof value['lat'] === 'number' &&
    typeof value['lng'] === 'number'
  ) {
    return { kind: 'text', text: formatPosition(value['lat'], value['lng']) };
  }
  if (check.key === 'serial-settings' && isRecord(value)) {
    const parity = parityLetter[value['parity'] as keyof typeof parityLetter] ?? '?';
    return {
      kind: 'text',
      text: `${String(value['baudRate'])} ${String(value['dataBits'])}${parity}${String(value['stopBits'])}`,
    };
  }
  if (check.key === 'rtu-address' && isRecord(value)) {
    return { kind: 'text', text: `${String(value['division'])}-${String(value['station'])}` };
  }
  return { kind: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) };
}

export const baseDataInputRefusals = ['bad-position', 'bad-serial', 'bad-rtu-address', 'empty'] as const;
export type BaseDataInputRefusal = (typeof baseDataInputRefusals)[number];

const positionPattern =
  /^\s*(\d{1,2}(?:\.\d+)?)\s*°?\s*([NS])?\s*[,，\s]\s*(\d{1,3}(?:\.\d+)?)\s*°?\s*([EW])?\s*$/i;

/**
 * Reads a value as the crew typed it for a field, in the form `showBaseDataValue` shows it (a plain
 * `25.04, 102.71` is accepted for a position), and returns its JSON for the correction.
 */
export function readBaseDataInput(check: BaseDataCheck, text: string): Result<string, BaseDataInputRefusal> {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    return fail('empty', `${check.field}: no value`);
  }
  switch (check.key) {
    case 'site-position': {
      const m = positionPattern.exec(trimmed);
      const lat = Number(m?.[1]) * (m?.[2]?.toUpperCase() === 'S' ? -1 : 1);
      const lng = Number(m?.[3]) * (m?.[4]?.toUpperCase() === 'W' ? -1 : 1);
      if (m === null || !(Math.abs(lat) <= 90) || !(Math.abs(lng) <= 180)) {
        return fail('bad-position', `${check.field}: "${trimmed}" is not a position like 25.04°N 102.71°E`);
      }
      return ok(JSON.stringify({ lat, lng }));
    }
    case 'serial-settings': {
      const m = /^\s*(\d{4,6})\s*[,\s]\s*([78])\s*([NEO])\s*([12])\s*$/i.exec(trimmed);
      const baudRate = Number(m?.[1]);
      if (m === null || baudRate < 1200 || baudRate > 115_200) {
        return fail('bad-serial', `${check.field}: "${trimmed}" is not serial settings like 4800 8E1`);
      }
      const parity = parityOfLetter[(m[3] ?? 'N').toUpperCase() as keyof typeof parityOfLetter];
      return ok(JSON.stringify({ baudRate, dataBits: Number(m[2]), parity, stopBits: Number(m[4]) }));
    }
    case 'rtu-address': {
      const m = /^\s*(\d{6})\s*[-–/\s]\s*(\d{1,5})\s*$/.exec(trimmed);
      const station = Number(m?.[2]);
      if (m === null || station > 65_535) {
        return fail('bad-rtu-address', `${check.field}: "${trimmed}" is not an address like 530102-12`);
      }
      return ok(JSON.stringify({ division: m[1], station }));
    }
    case 'water-user-name':
    case 'water-user-credit-code':
    case 'permit-number':
    case 'permit-holder':
    case 'site-name':
    case 'meter-serial':
    case 'meter-protocol':
      return ok(JSON.stringify(trimmed));
  }
}
