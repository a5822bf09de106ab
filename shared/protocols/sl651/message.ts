import { decoded, invalid, type DecodeResult } from '../common/decode-result';
import { hex2, toHex } from '../common/hex';
import { bcdDigitsMsbFirst } from '../szy206/bcd';
import { sl651Element, sl651FunctionNames, sl651StatusBits, type Sl651Element } from './elements';
import { decodeSl651Frame, type Sl651Frame } from './frame';

/**
 * Command layer of SL651-2014: the body of a report (流水号, 发报时间, station block, observation
 * time, elements) and of a downlink confirmation (流水号 + 发报时间).
 */
/** 遥测站分类码: the letter is the identity. */
export const sl651StationCategoryRows: readonly [letter: string, name: string, nameEn: string][] = [
  ['P', '降水', 'Rainfall'],
  ['H', '河道', 'River'],
  ['K', '水库(湖泊)', 'Reservoir (lake)'],
  ['Z', '闸坝', 'Sluice or dam'],
  ['D', '泵站', 'Pumping station'],
  ['T', '潮汐', 'Tidal'],
  ['M', '墒情', 'Soil moisture'],
  ['G', '地下水', 'Groundwater'],
  ['Q', '水质', 'Water quality'],
  ['I', '取水口', 'Water intake'],
  ['O', '排水口', 'Water outlet'],
];

export const sl651StationCategories: Readonly<Record<string, string>> = Object.fromEntries(
  sl651StationCategoryRows.map(([letter, name]) => [letter, name]),
);

export type Sl651Item =
  | {
      readonly kind: 'value';
      readonly element: Sl651Element;
      readonly value: number | null;
      readonly decimals: number;
      readonly raw: string;
      readonly note?: 'not-bcd';
    }
  /** F4 (5-minute rain, 0.1 mm per byte) and F5–FC (5-minute relative level, 0.01 m per 2 bytes); null = FF. */
  | {
      readonly kind: 'series';
      readonly element: Sl651Element;
      readonly stepMinutes: 5;
      readonly values: readonly (number | null)[];
    }
  /** 均匀时段 (31H): after a DRxnn step code, one element repeats its values at that step. */
  | {
      readonly kind: 'uniform-series';
      readonly element: Sl651Element;
      readonly step: { readonly days: number; readonly hours: number; readonly minutes: number };
      readonly decimals: number;
      readonly values: readonly (number | null)[];
    }
  | {
      readonly kind: 'status';
      readonly element: Sl651Element;
      readonly word: number;
      readonly active: readonly { bit: number; key: string; name: string }[];
    };

export type Sl651Message = Omit<Sl651Frame, 'body'> & {
  readonly functionName: string;
  readonly packet: { readonly total: number; readonly sequence: number } | null;
  readonly serial: number;
  /** 发报时间 "20YY-MM-DD hh:mm:ss". */
  readonly sentAt: string;
  readonly station: {
    readonly address: string;
    readonly category: string;
    readonly categoryName: string;
  } | null;
  /** 观测时间 "20YY-MM-DD hh:mm" (the last F0F0 block when several are present). */
  readonly observedAt: string | null;
  readonly items: readonly Sl651Item[];
  /** Downlink bytes after serial + time that this decoder does not interpret. */
  readonly rest: string;
};

function bcdTime(body: Uint8Array, at: number, count: 5 | 6): string | null {
  const d = bcdDigitsMsbFirst(body, at, count);
  if (d === null) {
    return null;
  }
  const base = `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)} ${d.slice(6, 8)}:${d.slice(8, 10)}`;
  return count === 6 ? `${base}:${d.slice(10, 12)}` : base;
}

/** BCD value most-significant byte first; a leading FFH byte marks a negative value. */
export function bcdValue(bytes: Uint8Array, decimals: number): number | null {
  const negative = bytes.length > 1 && bytes[0] === 0xff;
  const digits = bcdDigitsMsbFirst(bytes, negative ? 1 : 0, bytes.length - (negative ? 1 : 0));
  if (digits === null) {
    return null;
  }
  const magnitude = Number(digits) / 10 ** decimals;
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}

type Parsed = { items: Sl651Item[]; station: Sl651Message['station']; observedAt: string | null } | string;

function parseElements(body: Uint8Array, start: number): Parsed {
  const items: Sl651Item[] = [];
  let station: Sl651Message['station'] = null;
  let observedAt: string | null = null;
  let step: { days: number; hours: number; minutes: number } | null = null;
  let at = start;
  while (at < body.length) {
    const id = body[at] ?? 0;
    if ((id === 0xf1 || id === 0xf0) && body[at + 1] === id) {
      const size = id === 0xf1 ? 6 : 5;
      if (at + 2 + size > body.length) {
        return `${id === 0xf1 ? 'station block F1F1' : 'observation time F0F0'} is cut off at byte ${body.length}`;
      }
      if (id === 0xf1) {
        const category = String.fromCharCode(body[at + 7] ?? 0);
        station = {
          address: toHex(body.slice(at + 2, at + 7), ''),
          category,
          categoryName: sl651StationCategories[category] ?? '未知分类',
        };
      } else {
        observedAt = bcdTime(body, at + 2, 5);
        if (observedAt === null) {
          return `observation time ${toHex(body.slice(at + 2, at + 7))} is not BCD`;
        }
      }
      at += 2 + size;
      continue;
    }
    const extended = id === 0xff;
    const elementId = extended ? 0xff00 | (body[at + 1] ?? 0) : id;
    const defAt = at + (extended ? 2 : 1);
    if (defAt >= body.length) {
      return `element ${hex2(id)} at byte ${at} has no data-definition byte`;
    }
    const def = body[defAt] ?? 0;
    // Series sizes are fixed by the standard; some provinces write other definition bytes for them.
    const length = id === 0xf4 && !extended ? 12 : id >= 0xf5 && id <= 0xfc && !extended ? 24 : def >>> 3;
    const decimals = def & 0x07;
    const valueAt = defAt + 1;
    const element = sl651Element(elementId);
    if (valueAt + length > body.length) {
      return `element ${hex2(id)} (${element.name}) announces ${length} bytes, only ${body.length - valueAt} remain`;
    }
    const bytes = body.slice(valueAt, valueAt + length);
    at = valueAt + length;
    if (id === 0x04 && !extended) {
      const d = bcdDigitsMsbFirst(bytes, 0, Math.min(3, bytes.length));
      if (d === null || bytes.length !== 3) {
        return `time-step code DRxnn ${toHex(bytes)} is not 3 BCD bytes`;
      }
      step = { days: Number(d.slice(0, 2)), hours: Number(d.slice(2, 4)), minutes: Number(d.slice(4, 6)) };
      continue;
    }
    if (id === 0xf4 && !extended) {
      items.push({
        kind: 'series',
        element,
        stepMinutes: 5,
        values: Array.from(bytes, (b) => (b === 0xff ? null : b / 10)),
      });
      continue;
    }
    if (id >= 0xf5 && id <= 0xfc && !extended) {
      const values: (number | null)[] = [];
      for (let i = 0; i + 1 < bytes.length; i += 2) {
        const v = ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
        values.push(v === 0xffff ? null : v / 100);
      }
      items.push({ kind: 'series', element, stepMinutes: 5, values });
      continue;
    }
    if (id === 0x45 && !extended) {
      const word = bytes.reduce((w, b) => ((w << 8) | b) >>> 0, 0);
      const active = sl651StatusBits.flatMap(([key, name], bit) =>
        (word >>> bit) & 1 ? [{ bit, key, name }] : [],
      );
      items.push({ kind: 'status', element, word, active });
      continue;
    }
    if (step !== null && length > 0) {
      // 均匀时段: the first value is here, the rest follow without identifiers until the body ends.
      const values: (number | null)[] = [bcdValue(bytes, decimals)];
      while (at + length <= body.length) {
        values.push(bcdValue(body.slice(at, at + length), decimals));
        at += length;
      }
      items.push({ kind: 'uniform-series', element, step, decimals, values });
      step = null;
      continue;
    }
    const value = bcdValue(bytes, decimals);
    items.push({
      kind: 'value',
      element,
      value,
      decimals,
      raw: toHex(bytes, ''),
      ...(value === null ? { note: 'not-bcd' as const } : {}),
    });
  }
  return { items, station, observedAt };
}

/** Reports and data answers whose body is a list of elements; configuration answers are shown raw. */
const elementFunctions = new Set([0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x37, 0x38, 0x3a]);

export function decodeSl651Message(bytes: Uint8Array): DecodeResult<Sl651Message> {
  const framed = decodeSl651Frame(bytes);
  if (framed.status !== 'ok') {
    return framed;
  }
  const { body, ...frame } = framed.value;
  const fail = (why: string) =>
    invalid<Sl651Message>(`function ${hex2(frame.functionCode)}: ${why}`, framed.consumed);
  const headerAt = frame.multiPacket ? 3 : 0;
  const packet = frame.multiPacket
    ? {
        total: ((body[0] ?? 0) << 4) | ((body[1] ?? 0) >>> 4),
        sequence: (((body[1] ?? 0) & 0x0f) << 8) | (body[2] ?? 0),
      }
    : null;
  if (body.length < headerAt + 8) {
    return fail(`body of ${body.length} bytes has no serial number and send time (8 bytes)`);
  }
  const serial = ((body[headerAt] ?? 0) << 8) | (body[headerAt + 1] ?? 0);
  const sentAt = bcdTime(body, headerAt + 2, 6);
  if (sentAt === null) {
    return fail(`send time ${toHex(body.slice(headerAt + 2, headerAt + 8))} is not BCD`);
  }
  const base = {
    ...frame,
    functionName: sl651FunctionNames[frame.functionCode] ?? '未知功能码',
    packet,
    serial,
    sentAt,
  };
  if (frame.direction === 'down' || frame.multiPacket || !elementFunctions.has(frame.functionCode)) {
    return decoded(
      { ...base, station: null, observedAt: null, items: [], rest: toHex(body.slice(headerAt + 8), '') },
      framed.consumed,
    );
  }
  const parsed = parseElements(body, headerAt + 8);
  if (typeof parsed === 'string') {
    return fail(parsed);
  }
  return decoded({ ...base, ...parsed, rest: '' }, framed.consumed);
}
