import { toHex } from '../common/hex';
import { bcdByteValue, toBcdByte } from './bcd';
import type { Szy206Edition } from './frame';

/**
 * Fields shared by many AFNs: data kinds (control function code), time label Tp, clock, password PW,
 * alarm word and terminal-status word. Bit lists follow the two public codecs that agree [M]; where
 * the editions differ (alarm bit 9, data kinds 7 and 8) the edition picks.
 */
export type Szy206DataKind = {
  readonly code: number;
  /** The kind's language-independent identity (e.g. `flow`). */
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
};

type KindRow = readonly [code: number, key: string, name: string, nameEn: string];

const kindsCommon: readonly KindRow[] = [
  [0, 'command', '发送/确认', 'Send/confirm'],
  [1, 'rainfall', '雨量参数', 'Rainfall parameters'],
  [2, 'water-level', '水位参数', 'Water level parameters'],
  [3, 'flow', '流量(水量)参数', 'Flow (volume) parameters'],
  [4, 'velocity', '流速参数', 'Velocity parameters'],
  [5, 'gate', '闸位参数', 'Gate position parameters'],
  [6, 'power', '功率参数', 'Power parameters'],
  [9, 'water-temperature', '水温参数', 'Water temperature parameters'],
  [10, 'water-quality', '水质参数', 'Water quality parameters'],
  [11, 'soil-moisture', '土壤含水率参数', 'Soil moisture parameters'],
  [12, 'evaporation', '蒸发量参数', 'Evaporation parameters'],
  [13, 'alarm-status', '报警或状态参数', 'Alarm or status parameters'],
  [14, 'combined', '综合参数/统计雨量', 'Combined parameters / rainfall statistics'],
  [15, 'water-pressure', '水压参数', 'Water pressure parameters'],
];

/** Kinds 7 and 8 mean different things in the two editions. */
const kinds2016: readonly KindRow[] = [
  [7, 'air-pressure', '气压参数', 'Air pressure parameters'],
  [8, 'wind', '风速参数', 'Wind speed parameters'],
];
const kinds427: readonly KindRow[] = [
  [7, 'weather', '气象参数', 'Weather parameters'],
  [8, 'electricity', '电量参数', 'Electricity parameters'],
];

/** Every kind of either edition (a key names one kind in both). */
export const szy206DataKinds: readonly Szy206DataKind[] = [...kindsCommon, ...kinds2016, ...kinds427].map(
  ([code, key, name, nameEn]) => ({ code, key, name, nameEn }),
);

export function szy206DataKind(code: number, edition: Szy206Edition): Szy206DataKind {
  const c = code & 0x0f;
  const rows = [...kindsCommon, ...(edition === 'sl427-2021' ? kinds427 : kinds2016)];
  const row = rows.find(([k]) => k === c);
  return row === undefined
    ? { code: c, key: 'unknown', name: '未知', nameEn: 'Unknown' }
    : { code: c, key: row[1], name: row[2], nameEn: row[3] };
}

/** Tp: when the frame was sent and how late it may arrive (0 = do not check). */
export type Szy206TimeLabel = {
  readonly second: number;
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
  /** SL/T 427-2021 only (7-byte label). */
  readonly month: number | null;
  readonly year: number | null;
  readonly allowedDelayMinutes: number;
};

export function timeLabelLength(edition: Szy206Edition): 5 | 7 {
  return edition === 'sl427-2021' ? 7 : 5;
}

function bcdFields(bytes: Uint8Array, at: number, count: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const v = bcdByteValue(bytes[at + i] ?? 0xff);
    if (v === null) {
      return null;
    }
    out.push(v);
  }
  return out;
}

export function decodeTimeLabel(
  bytes: Uint8Array,
  at: number,
  edition: Szy206Edition,
): Szy206TimeLabel | string {
  const bcdCount = timeLabelLength(edition) - 1;
  const f = bcdFields(bytes, at, bcdCount);
  if (f === null) {
    return `time label Tp ${toHex(bytes.slice(at, at + bcdCount))} is not BCD`;
  }
  const [second = 0, minute = 0, hour = 0, day = 0, month, year] = f;
  if (
    second > 59 ||
    minute > 59 ||
    hour > 23 ||
    day < 1 ||
    day > 31 ||
    (month !== undefined && (month < 1 || month > 12))
  ) {
    return `time label Tp ${f.join('/')} is not a valid time`;
  }
  return {
    second,
    minute,
    hour,
    day,
    month: month ?? null,
    year: year === undefined ? null : 2000 + year,
    allowedDelayMinutes: bytes[at + bcdCount] ?? 0,
  };
}

export function encodeTimeLabel(label: Szy206TimeLabel, edition: Szy206Edition): Uint8Array {
  const parts = [label.second, label.minute, label.hour, label.day];
  if (edition === 'sl427-2021') {
    parts.push(label.month ?? 1, (label.year ?? 2000) % 100);
  }
  return Uint8Array.from([...parts.map(toBcdByte), label.allowedDelayMinutes & 0xff]);
}

/** Terminal clock (AFN 11H/51H): 6 BCD bytes 秒 分 时 日 月 年. */
export type Szy206Clock = {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
};

export const clockLength = 6;

export function decodeClock(bytes: Uint8Array, at: number): Szy206Clock | string {
  const f = bcdFields(bytes, at, clockLength);
  if (f === null) {
    return 'clock is not 6 BCD bytes';
  }
  const [second = 0, minute = 0, hour = 0, day = 0, month = 0, year = 0] = f;
  if (second > 59 || minute > 59 || hour > 23 || day < 1 || day > 31 || month < 1 || month > 12) {
    return `clock 20${String(year).padStart(2, '0')}-${month}-${day} ${hour}:${minute}:${second} is not a valid time`;
  }
  return { year: 2000 + year, month, day, hour, minute, second };
}

export function encodeClock(clock: Szy206Clock): Uint8Array {
  return Uint8Array.from(
    [clock.second, clock.minute, clock.hour, clock.day, clock.month, clock.year % 100].map(toBcdByte),
  );
}

/** "2026-11-25 12:48:04" */
export function formatClock(clock: Szy206Clock): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${clock.year}-${p(clock.month)}-${p(clock.day)} ${p(clock.hour)}:${p(clock.minute)}:${p(clock.second)}`;
}

/** PW: first nibble = key algorithm 0–9, then 3 BCD digits = key 0–999 [L for nibble placement]. */
export type Szy206Password = { readonly algorithm: number; readonly key: number };

export function encodePassword(pw: Szy206Password): Uint8Array {
  const key = Math.trunc(pw.key) % 1000;
  return Uint8Array.of(((pw.algorithm & 0x0f) << 4) | Math.trunc(key / 100), toBcdByte(key % 100));
}

export function decodePassword(bytes: Uint8Array, at: number): Szy206Password {
  const b0 = bytes[at] ?? 0;
  return { algorithm: b0 >>> 4, key: (b0 & 0x0f) * 100 + (bcdByteValue(bytes[at + 1] ?? 0) ?? 0) };
}

export type Szy206Flag = {
  readonly bit: number;
  /** The alarm's language-independent identity (e.g. `battery-voltage`). */
  readonly key: string;
  readonly name: string;
};

type AlarmRow = readonly [key: string, name: string, nameEn: string];

const alarmBits: readonly AlarmRow[] = [
  ['ac-power-off', '工作交流电停电告警', 'AC power failure alarm'],
  ['battery-voltage', '蓄电池电压报警', 'Battery voltage alarm'],
  ['water-level-over-limit', '水位超限报警', 'Water level over limit alarm'],
  ['flow-over-limit', '流量超限报警', 'Flow over limit alarm'],
  ['water-quality-over-limit', '水质超限报警', 'Water quality over limit alarm'],
  ['flow-meter-fault', '流量仪表故障报警', 'Flow meter fault alarm'],
  ['pump-state', '水泵开停状态报警', 'Pump on/off state alarm'],
  ['water-level-meter-fault', '水位仪表故障报警', 'Water level meter fault alarm'],
  ['water-pressure-over-limit', '水压超限报警', 'Water pressure over limit alarm'],
  ['reserved-9', '备用', 'Reserved'],
  ['ic-card', '终端IC卡功能报警', 'Terminal IC card alarm'],
  ['fixed-value-control', '定值控制报警', 'Fixed-value control alarm'],
  ['remaining-water-low', '剩余水量下限报警', 'Remaining water below lower limit alarm'],
  ['cabinet-door', '终端箱门状态报警', 'Terminal cabinet door alarm'],
];

/** SL/T 427-2021 gives the spare bit 9 a meaning. */
const alarmBit9Of427: AlarmRow = ['temperature-over-limit', '温度超限报警', 'Temperature over limit alarm'];

/** Undocumented bits keep a key per bit, so two of them are still told apart. */
function alarmRow(bit: number, edition: Szy206Edition): AlarmRow {
  if (bit === 9 && edition === 'sl427-2021') {
    return alarmBit9Of427;
  }
  return alarmBits[bit] ?? [`reserved-${bit}`, '备用', 'Reserved'];
}

/** Every alarm either edition names (the 16 bits of both, spare bits included). */
export const szy206AlarmBits: readonly AlarmRow[] = [
  ...Array.from({ length: 16 }, (_, bit) => alarmRow(bit, 'szy206-2016')),
  alarmBit9Of427,
];

export type Szy206Alarms = { readonly word: number; readonly active: readonly Szy206Flag[] };

/** Alarm word (2 bytes, low byte first) → the alarms whose bit is set. */
export function decodeAlarmWord(word: number, edition: Szy206Edition): Szy206Alarms {
  const active: Szy206Flag[] = [];
  for (let bit = 0; bit < 16; bit += 1) {
    if (word & (1 << bit)) {
      const [key, name] = alarmRow(bit, edition);
      active.push({ bit, key, name });
    }
  }
  return { word, active };
}

export const szy206WorkModes = ['compatible', 'self-report', 'query-answer', 'debug'] as const;
export type Szy206WorkMode = (typeof szy206WorkModes)[number];

export type Szy206Status = {
  readonly word: number;
  /** D1–D0: 00 自报/遥测兼容, 01 自报确认, 10 查询应答, 11 调试/维修. */
  readonly workMode: Szy206WorkMode;
  readonly icCardEnabled: boolean;
  readonly fixedValueControlOn: boolean;
  readonly pumpRunning: boolean;
  /** D5 终端箱门状态 bit set; which polarity means "open" differs between sources [L]. */
  readonly cabinetDoorBit: boolean;
  /** D6: 0 = AC 220 V, 1 = battery. */
  readonly powerSource: 'ac' | 'battery';
};

export function decodeStatusWord(word: number): Szy206Status {
  return {
    word,
    workMode: szy206WorkModes[word & 0x03] ?? 'compatible',
    icCardEnabled: (word & 0x04) !== 0,
    fixedValueControlOn: (word & 0x08) !== 0,
    pumpRunning: (word & 0x10) !== 0,
    cabinetDoorBit: (word & 0x20) !== 0,
    powerSource: word & 0x40 ? 'battery' : 'ac',
  };
}

export function readWordLe(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

export function wordLe(word: number): Uint8Array {
  return Uint8Array.of(word & 0xff, (word >>> 8) & 0xff);
}
