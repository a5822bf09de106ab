import { toHex } from '../common/hex';
import { bcdDigitsLsbFirst, digitsToBcdLsbFirst } from './bcd';
import type { Szy206Edition } from './frame';

/**
 * Measured values of one data kind (control function code): packed BCD, least-significant byte first,
 * sign in the most-significant byte's high nibble (F = negative). Bytes all AAH or FFH mean "missing /
 * sensor fault". Byte counts and decimals follow the sources that agree [M]; water pressure is [L].
 */
export type Szy206ValueSpec = {
  /** The value's language-independent identity (e.g. `volume`). */
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
  readonly unit: string;
  readonly bytes: number;
  /** null: the sources give no scale for this item; the value is shown as its raw digits. */
  readonly decimals: number | null;
  readonly signed: boolean;
};

export type Szy206Value = {
  readonly key: string;
  readonly name: string;
  readonly unit: string;
  /** null when missing (AA/FF filler), not BCD, or of unknown scale; see `note`. */
  readonly value: number | null;
  /** Measuring point (0-based) when the kind repeats per point. */
  readonly point: number;
  readonly raw: string;
  readonly note?: 'missing' | 'not-bcd' | 'unknown-scale';
};

const spec = (
  [key, name, nameEn]: readonly [key: string, name: string, nameEn: string],
  unit: string,
  bytes: number,
  decimals: number | null,
  signed = false,
): Szy206ValueSpec => ({ key, name, nameEn, unit, bytes, decimals, signed });

/** The repeating group per data kind; kinds not listed are shown raw. */
export const szy206ValueGroups: Readonly<Record<number, readonly Szy206ValueSpec[]>> = {
  1: [spec(['rainfall', '雨量', 'Rainfall'], 'mm', 3, 1)],
  2: [spec(['water-level', '水位', 'Water level'], 'm', 4, 3, true)],
  3: [
    spec(['flow', '瞬时流量', 'Flow (instantaneous)'], 'm³/s', 5, 3, true),
    spec(['volume', '累计水量', 'Cumulative volume'], 'm³', 5, 0, true),
  ],
  4: [spec(['velocity', '流速', 'Velocity'], 'm/s', 3, 3, true)],
  5: [spec(['gate', '闸位', 'Gate position'], 'm', 3, 2)],
  9: [spec(['water-temperature', '水温', 'Water temperature'], '°C', 2, 1)],
  15: [spec(['water-pressure', '水压', 'Water pressure'], 'kPa', 4, 2)],
};

/** A kind without a value table is shown as its bytes under this name. */
export const szy206RawValueName = { key: 'raw', name: '原始数据', nameEn: 'Raw data' } as const;

function isFiller(bytes: Uint8Array): boolean {
  return bytes.length > 0 && (bytes.every((b) => b === 0xaa) || bytes.every((b) => b === 0xff));
}

/** One value of `s` at `at`; SL/T 427 flow carries sign and unit (m³/s or m³/h) in the top nibble. */
export function decodeSzy206Value(
  bytes: Uint8Array,
  at: number,
  s: Szy206ValueSpec,
  point: number,
  edition: Szy206Edition,
): Szy206Value {
  const slice = bytes.slice(at, at + s.bytes);
  const base = { key: s.key, name: s.name, unit: s.unit, point, raw: toHex(slice, '') };
  if (isFiller(slice)) {
    return { ...base, value: null, note: 'missing' };
  }
  const top = (slice[s.bytes - 1] ?? 0) >>> 4;
  let unit = s.unit;
  let negative = false;
  let work = slice;
  const flagNibble = edition === 'sl427-2021' && s.key === 'flow';
  if (flagNibble || (s.signed && top === 0xf)) {
    negative = flagNibble ? (top & 0x0c) === 0x0c : true;
    if (flagNibble && (top & 0x03) === 0x03) {
      unit = 'm³/h';
    }
    work = slice.slice();
    work[s.bytes - 1] = (work[s.bytes - 1] ?? 0) & 0x0f;
  }
  const digits = bcdDigitsLsbFirst(work, 0, s.bytes);
  if (digits === null) {
    return { ...base, value: null, note: 'not-bcd' };
  }
  if (s.decimals === null) {
    return { ...base, unit, value: null, note: 'unknown-scale' };
  }
  const magnitude = Number(digits) / 10 ** s.decimals;
  return { ...base, unit, value: negative && magnitude !== 0 ? -magnitude : magnitude };
}

/** Encodes a value; `null` writes the AAH "missing" filler. Out-of-range magnitudes are clipped to the digits. */
export function encodeSzy206Value(value: number | null, s: Szy206ValueSpec): Uint8Array {
  if (value === null || !Number.isFinite(value)) {
    return new Uint8Array(s.bytes).fill(0xaa);
  }
  const negative = value < 0 && s.signed;
  const digitCount = s.bytes * 2 - (negative ? 1 : 0);
  const scaled = Math.round(Math.abs(value) * 10 ** (s.decimals ?? 0));
  const digits = String(scaled).padStart(digitCount, '0').slice(-digitCount);
  const out = digitsToBcdLsbFirst(digits, s.bytes);
  if (negative) {
    out[s.bytes - 1] = (out[s.bytes - 1] ?? 0) | 0xf0;
  }
  return out;
}

export type Szy206ValuesResult =
  | { readonly ok: true; readonly values: readonly Szy206Value[] }
  | { readonly ok: false; readonly problem: string };

/** Values area of a kind (without alarm/status/Tp): a whole number of groups, or flow values alone. */
export function decodeSzy206Values(
  kindCode: number,
  bytes: Uint8Array,
  edition: Szy206Edition,
): Szy206ValuesResult {
  if (kindCode === 10) {
    return decodeWaterQuality(bytes, edition);
  }
  const group = szy206ValueGroups[kindCode];
  if (group === undefined) {
    return {
      ok: true,
      values:
        bytes.length === 0
          ? []
          : [
              {
                key: szy206RawValueName.key,
                name: szy206RawValueName.name,
                unit: '',
                value: null,
                point: 0,
                raw: toHex(bytes, ''),
                note: 'unknown-scale',
              },
            ],
    };
  }
  const groupBytes = group.reduce((n, s) => n + s.bytes, 0);
  const first = group[0];
  // Some RTUs are configured to send flow only (no cumulative volume) [M].
  const items =
    bytes.length % groupBytes === 0
      ? group
      : first !== undefined && bytes.length % first.bytes === 0
        ? [first]
        : null;
  if (items === null) {
    return {
      ok: false,
      problem: `values of kind ${kindCode} take ${groupBytes} bytes per point, but ${bytes.length} bytes remain`,
    };
  }
  const values: Szy206Value[] = [];
  let at = 0;
  let point = 0;
  while (at < bytes.length) {
    for (const s of items) {
      values.push(decodeSzy206Value(bytes, at, s, point, edition));
      at += s.bytes;
    }
    point += 1;
  }
  return { ok: true, values };
}

/** Bytes per point of a kind's value group (0 for kinds shown raw); lets a decoder find where values end. */
export function szy206GroupBytes(kindCode: number): number {
  return (szy206ValueGroups[kindCode] ?? []).reduce((n, s) => n + s.bytes, 0);
}

export function encodeSzy206Values(kindCode: number, values: readonly (number | null)[]): Uint8Array {
  const group = szy206ValueGroups[kindCode] ?? [];
  const parts: Uint8Array[] = [];
  // A partial last group (a flow without its volume) is completed with the "missing" filler, so the
  // frame still holds whole points and decodes the same way.
  const size = Math.max(1, group.length);
  const whole = [...values, ...new Array<null>((size - (values.length % size)) % size).fill(null)];
  whole.forEach((v, i) => {
    const s = group[i % Math.max(1, group.length)];
    if (s !== undefined) {
      parts.push(encodeSzy206Value(v, s));
    }
  });
  return concatBytes(parts);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Water quality (kind 10): 5-byte parameter mask D0…D39, then 4 bytes per set bit (5 for 粪大肠菌群).
type QualityRow = readonly [
  key: string,
  name: string,
  nameEn: string,
  unit: string,
  digits: number | null,
  decimals: number | null,
];

/** Parameters the sources list without a scale: mg/L, shown as raw digits. */
const unscaled = (key: string, name: string, nameEn: string): QualityRow => [
  key,
  name,
  nameEn,
  'mg/L',
  null,
  null,
];

const quality2016: readonly QualityRow[] = [
  ['water-temperature', '水温', 'Water temperature', '°C', 3, 1],
  ['ph', 'pH', 'pH', '', 4, 2],
  ['dissolved-oxygen', '溶解氧', 'Dissolved oxygen', 'mg/L', 4, 2],
  ['permanganate-index', '高锰酸盐指数', 'Permanganate index', 'mg/L', 4, 2],
  ['conductivity', '电导率', 'Conductivity', 'µS/cm', 5, 0],
  ['redox-potential', '氧化还原电位', 'Redox potential', 'mV', 5, 1],
  ['turbidity', '浊度', 'Turbidity', 'NTU', 3, 0],
  ['cod', '化学需氧量', 'Chemical oxygen demand (COD)', 'mg/L', 7, 1],
  ['bod5', '五日生化需氧量', 'Five-day biochemical oxygen demand (BOD5)', 'mg/L', 5, 1],
  ['ammonia-nitrogen', '氨氮', 'Ammonia nitrogen', 'mg/L', 6, 2],
  ['total-nitrogen', '总氮', 'Total nitrogen', 'mg/L', 5, 2],
  unscaled('copper', '铜', 'Copper'),
  unscaled('zinc', '锌', 'Zinc'),
  unscaled('fluoride', '氟化物', 'Fluoride'),
  unscaled('selenium', '硒', 'Selenium'),
  unscaled('arsenic', '砷', 'Arsenic'),
  unscaled('mercury', '汞', 'Mercury'),
  unscaled('cadmium', '镉', 'Cadmium'),
  unscaled('chromium-vi', '六价铬', 'Hexavalent chromium'),
  unscaled('lead', '铅', 'Lead'),
  unscaled('cyanide', '氰化物', 'Cyanide'),
  unscaled('volatile-phenol', '挥发酚', 'Volatile phenols'),
  unscaled('phenol', '苯酚', 'Phenol'),
  unscaled('sulfide', '硫化物', 'Sulfide'),
  ['fecal-coliform', '粪大肠菌群', 'Faecal coliforms', '个/L', 10, 0],
  unscaled('sulfate', '硫酸盐', 'Sulfate'),
  unscaled('chloride', '氯化物', 'Chloride'),
  unscaled('nitrate-nitrogen', '硝酸盐氮', 'Nitrate nitrogen'),
  unscaled('iron', '铁', 'Iron'),
  unscaled('manganese', '锰', 'Manganese'),
  unscaled('petroleum', '石油类', 'Petroleum'),
  unscaled('anionic-surfactant', '阴离子表面活性剂', 'Anionic surfactants'),
  unscaled('hch', '六六六', 'HCH (hexachlorocyclohexane)'),
  unscaled('ddt', '滴滴涕', 'DDT'),
  unscaled('organochlorine-pesticides', '有机氯农药', 'Organochlorine pesticides'),
  ['total-phosphorus', '总磷', 'Total phosphorus', 'mg/L', 5, 3],
  ['chlorophyll', '叶绿素', 'Chlorophyll', 'µg/L', 6, 3],
];

const byKey = (key: string): QualityRow =>
  quality2016.find((r) => r[0] === key) ?? [key, key, key, '', null, null];

/** SL/T 427-2021 orders the mask differently (only the first ten bits are documented in our sources). */
const quality427: readonly QualityRow[] = [
  'water-temperature',
  'ph',
  'dissolved-oxygen',
  'conductivity',
  'turbidity',
  'permanganate-index',
  'ammonia-nitrogen',
  'total-phosphorus',
  'total-nitrogen',
  'chlorophyll',
].map(byKey);

export function waterQualityTable(edition: Szy206Edition): readonly QualityRow[] {
  return edition === 'sl427-2021' ? quality427 : quality2016;
}

/** A mask bit the table does not name: keyed `d<bit>` so the bit stays readable in any language. */
export function szy206QualityBitNames(bit: number): { readonly name: string; readonly nameEn: string } {
  return { name: `水质参数 D${bit}`, nameEn: `Water-quality parameter D${bit}` };
}

function qualitySpec(row: QualityRow | undefined, bit: number): Szy206ValueSpec {
  const unnamed = szy206QualityBitNames(bit);
  const [key, name, nameEn, unit, , decimals] = row ?? [
    `d${bit}`,
    unnamed.name,
    unnamed.nameEn,
    '',
    null,
    null,
  ];
  return {
    key,
    name,
    nameEn,
    unit,
    bytes: key === 'fecal-coliform' ? 5 : 4,
    decimals,
    signed: key === 'redox-potential',
  };
}

function decodeWaterQuality(bytes: Uint8Array, edition: Szy206Edition): Szy206ValuesResult {
  if (bytes.length < 5) {
    return {
      ok: false,
      problem: `water-quality data needs a 5-byte parameter mask, has ${bytes.length} bytes`,
    };
  }
  const table = waterQualityTable(edition);
  const values: Szy206Value[] = [];
  let at = 5;
  for (let bit = 0; bit < 40; bit += 1) {
    if (((bytes[bit >>> 3] ?? 0) >>> (bit & 7)) & 1) {
      const s = qualitySpec(table[bit], bit);
      if (at + s.bytes > bytes.length) {
        return {
          ok: false,
          problem: `water-quality parameter D${bit} (${s.name}) is cut off after ${bytes.length} bytes`,
        };
      }
      values.push(decodeSzy206Value(bytes, at, s, 0, edition));
      at += s.bytes;
    }
  }
  if (at !== bytes.length) {
    return {
      ok: false,
      problem: `water-quality mask announces ${at} bytes, but ${bytes.length} bytes remain`,
    };
  }
  return { ok: true, values };
}

/** Bytes of a water-quality values area as announced by its mask (null when the mask is not there). */
export function waterQualityLength(bytes: Uint8Array, at: number, edition: Szy206Edition): number | null {
  if (at + 5 > bytes.length) {
    return null;
  }
  const table = waterQualityTable(edition);
  let length = 5;
  for (let bit = 0; bit < 40; bit += 1) {
    if (((bytes[at + (bit >>> 3)] ?? 0) >>> (bit & 7)) & 1) {
      length += qualitySpec(table[bit], bit).bytes;
    }
  }
  return length;
}

/** Water-quality values area from (bit, value) pairs, for the RTU simulator. */
export function encodeWaterQuality(
  items: readonly { readonly bit: number; readonly value: number | null }[],
  edition: Szy206Edition,
): Uint8Array {
  const mask = new Uint8Array(5);
  const sorted = [...items].filter((i) => i.bit >= 0 && i.bit < 40).sort((a, b) => a.bit - b.bit);
  const table = waterQualityTable(edition);
  const parts: Uint8Array[] = [mask];
  for (const item of sorted) {
    mask[item.bit >>> 3] = (mask[item.bit >>> 3] ?? 0) | (1 << (item.bit & 7));
    parts.push(encodeSzy206Value(item.value, qualitySpec(table[item.bit], item.bit)));
  }
  return concatBytes(parts);
}

/** Every value name the decoder gives (value groups, water-quality parameters, raw), once per key. */
export const szy206ValueNames: readonly {
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
}[] = [
  ...Object.values(szy206ValueGroups).flat(),
  ...quality2016.map(([key, name, nameEn]) => ({ key, name, nameEn })),
  szy206RawValueName,
]
  .filter((v, i, all) => all.findIndex((o) => o.key === v.key) === i)
  .map(({ key, name, nameEn }) => ({ key, name, nameEn }));
