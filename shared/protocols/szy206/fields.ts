import { toHex } from '../common/hex';
import { bcdByteValue, toBcdByte } from './bcd';
import type { Szy206Edition } from './frame';

/**
 * Fields shared by many AFNs: data kinds (control function code), time label Tp, clock, password PW,
 * alarm word and terminal-status word. Bit lists follow the two public codecs that agree [M]; where
 * the editions differ (alarm bit 9, data kinds 7 and 8) the edition picks.
 */
export type Szy206DataKind = { readonly code: number; readonly key: string; readonly name: string };

const kindsCommon: readonly [number, string, string][] = [
  [0, 'command', '发送/确认'],
  [1, 'rainfall', '雨量参数'],
  [2, 'water-level', '水位参数'],
  [3, 'flow', '流量(水量)参数'],
  [4, 'velocity', '流速参数'],
  [5, 'gate', '闸位参数'],
  [6, 'power', '功率参数'],
  [9, 'water-temperature', '水温参数'],
  [10, 'water-quality', '水质参数'],
  [11, 'soil-moisture', '土壤含水率参数'],
  [12, 'evaporation', '蒸发量参数'],
  [13, 'alarm-status', '报警或状态参数'],
  [14, 'combined', '综合参数/统计雨量'],
  [15, 'water-pressure', '水压参数'],
];

export function szy206DataKind(code: number, edition: Szy206Edition): Szy206DataKind {
  const c = code & 0x0f;
  if (c === 7) {
    return edition === 'sl427-2021'
      ? { code: c, key: 'weather', name: '气象参数' }
      : { code: c, key: 'air-pressure', name: '气压参数' };
  }
  if (c === 8) {
    return edition === 'sl427-2021'
      ? { code: c, key: 'electricity', name: '电量参数' }
      : { code: c, key: 'wind', name: '风速参数' };
  }
  const row = kindsCommon.find(([k]) => k === c);
  return { code: c, key: row?.[1] ?? 'unknown', name: row?.[2] ?? '未知' };
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

export type Szy206Flag = { readonly bit: number; readonly key: string; readonly name: string };

const alarmBits: readonly [string, string][] = [
  ['ac-power-off', '工作交流电停电告警'],
  ['battery-voltage', '蓄电池电压报警'],
  ['water-level-over-limit', '水位超限报警'],
  ['flow-over-limit', '流量超限报警'],
  ['water-quality-over-limit', '水质超限报警'],
  ['flow-meter-fault', '流量仪表故障报警'],
  ['pump-state', '水泵开停状态报警'],
  ['water-level-meter-fault', '水位仪表故障报警'],
  ['water-pressure-over-limit', '水压超限报警'],
  ['reserved-9', '备用'],
  ['ic-card', '终端IC卡功能报警'],
  ['fixed-value-control', '定值控制报警'],
  ['remaining-water-low', '剩余水量下限报警'],
  ['cabinet-door', '终端箱门状态报警'],
];

export type Szy206Alarms = { readonly word: number; readonly active: readonly Szy206Flag[] };

/** Alarm word (2 bytes, low byte first) → the alarms whose bit is set. */
export function decodeAlarmWord(word: number, edition: Szy206Edition): Szy206Alarms {
  const active: Szy206Flag[] = [];
  for (let bit = 0; bit < 16; bit += 1) {
    if (word & (1 << bit)) {
      const [key, name] =
        bit === 9 && edition === 'sl427-2021'
          ? ['temperature-over-limit', '温度超限报警']
          : (alarmBits[bit] ?? [`reserved-${bit}`, '备用']);
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
