import { decoded, invalid, type DecodeResult } from '../common/decode-result';
import { hex2 } from '../common/hex';
import type { HistoryPlan, HistoryRecord } from '../history-run';
import { sl651Elements } from '../../monitoring/protocol-elements';
import { CodedError } from '../../result';
import { bcdDigitsMsbFirst, digitsToBcdMsbFirst, toBcdByte } from '../szy206/bcd';
import { concatBytes } from '../szy206/values';
import type { Sl651Station } from './commands';
import { sl651Element, sl651Elements as sl651ElementTable } from './elements';
import { decodeSl651Frame, encodeSl651Frame, type Sl651Frame } from './frame';
import { bcdValue } from './message';

/**
 * SL651-2014 38H 中心站查询遥测站时段数据 (standard text 6.6.4.30, 表44/45 [H]) and its M3 multi-packet
 * answer (6.3.1.2 c, 表22–23 [H]). The standard has no 补报 code or flag: recovering missed data is this
 * centre-side query, so a value that came back in a 38H answer is known as recovered by the function
 * code of the frame that carried it (see `sl651ReportOrigin`), and the batch marks it `backfill`.
 */

/** What a frame's function code says about where its values come from. */
export function sl651ReportOrigin(
  functionCode: number,
): 'period-query' | 'extra-report' | 'scheduled' | 'other' {
  switch (functionCode) {
    case 0x38:
      return 'period-query'; // answer to the centre's 38H: recovered history
    case 0x33:
      return 'extra-report'; // 加报报: threshold/time-triggered extra report, NOT a re-report
    case 0x31:
    case 0x32:
    case 0x34:
      return 'scheduled'; // 均匀时段 / 定时 / 小时报
    default:
      return 'other';
  }
}

const beijingMs = 8 * 3600_000;

function beijingParts(ms: number): number[] {
  const d = new Date(ms + beijingMs);
  return [
    d.getUTCFullYear() % 100,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
}

const bcd = (parts: readonly number[]) => Uint8Array.from(parts.map(toBcdByte));

/** "YYMMDDHH[mm[ss]]" BCD → ms since epoch (Beijing time), or null when not BCD or not a date. */
function timeFrom(bytes: Uint8Array, at: number, count: 4 | 5 | 6): number | null {
  const d = bcdDigitsMsbFirst(bytes, at, count);
  if (d === null) {
    return null;
  }
  const n = (i: number) => Number(d.slice(i, i + 2));
  const t =
    Date.UTC(2000 + n(0), n(2) - 1, n(4), n(6), count > 4 ? n(8) : 0, count > 5 ? n(10) : 0) - beijingMs;
  return n(2) >= 1 && n(2) <= 12 && n(4) >= 1 && n(6) <= 23 ? t : null;
}

export type Sl651Step = { readonly days: number; readonly hours: number; readonly minutes: number };

export function sl651StepMs(step: Sl651Step): number {
  return ((step.days * 24 + step.hours) * 60 + step.minutes) * 60_000;
}

/** Value format of an element: bytes and decimals, as its data-definition byte carries them. */
export type Sl651ElementFormat = { readonly id: number; readonly bytes: number; readonly decimals: number };

export type Sl651PeriodQuery = {
  readonly serial: number;
  readonly sentAt: number;
  /** Window, whole hours (表B.1: "以小时为基本单位"): the hour of `from` to the hour of `to − 1 ms`. */
  readonly from: number;
  readonly to: number;
  /** Only one of days / hours / minutes non-zero (表C.3). */
  readonly step: Sl651Step;
  readonly element: Sl651ElementFormat;
  /**
   * 'two-byte' (identifier + data definition, as HEX-mode identifiers are, 6.6.3.2) or 'one-byte' (as
   * the one public encoder writes it). The standard leaves it unsure: try two bytes, fall back to one.
   */
  readonly idForm?: 'two-byte' | 'one-byte';
};

function checkStep(step: Sl651Step): void {
  const parts = [step.days, step.hours, step.minutes];
  if (parts.some((p) => !Number.isInteger(p) || p < 0 || p > 99) || parts.filter((p) => p > 0).length !== 1) {
    throw new CodedError(
      'invalid-argument',
      'the time step needs exactly one of days, hours, minutes (1–99)',
    );
  }
}

function stepBytes(step: Sl651Step): Uint8Array {
  return Uint8Array.of(0x04, 0x18, toBcdByte(step.days), toBcdByte(step.hours), toBcdByte(step.minutes));
}

function definition(e: Sl651ElementFormat): number {
  return ((e.bytes & 0x1f) << 3) | (e.decimals & 0x07);
}

/** 38H query (表44), downlink, ENQ. Throws `invalid-argument` for a bad step, window or address. */
export function buildPeriodQuery(station: Sl651Station, query: Sl651PeriodQuery): Uint8Array {
  checkStep(query.step);
  if (!(query.to > query.from)) {
    throw new CodedError('invalid-argument', 'the window must end after it starts');
  }
  const id =
    (query.idForm ?? 'two-byte') === 'two-byte'
      ? [query.element.id, definition(query.element)]
      : [query.element.id];
  return encodeSl651Frame({
    direction: 'down',
    centerAddress: station.centerAddress,
    stationAddress: station.stationAddress,
    password: station.password,
    functionCode: 0x38,
    body: concatBytes([
      Uint8Array.of((query.serial >>> 8) & 0xff, query.serial & 0xff),
      bcd(beijingParts(query.sentAt)),
      bcd(beijingParts(query.from).slice(0, 4)),
      bcd(beijingParts(query.to - 1).slice(0, 4)),
      stepBytes(query.step),
      Uint8Array.from(id),
    ]),
    endChar: 'ENQ',
  });
}

function encodeValue(value: number | null, e: Sl651ElementFormat): Uint8Array {
  if (value === null) {
    return new Uint8Array(e.bytes).fill(0xff); // "no data" filler (inferred: the text shows no example)
  }
  const negative = value < 0;
  const digitBytes = negative ? e.bytes - 1 : e.bytes;
  const digits = String(Math.round(Math.abs(value) * 10 ** e.decimals));
  const out = digitsToBcdMsbFirst(digits.padStart(digitBytes * 2, '0').slice(-digitBytes * 2), digitBytes);
  return negative ? concatBytes([Uint8Array.of(0xff), out]) : out;
}

function decodeValue(bytes: Uint8Array, decimals: number): number | null {
  return bytes.every((b) => b === 0xff) ? null : bcdValue(bytes, decimals);
}

export type Sl651PeriodAnswer = {
  readonly serial: number;
  readonly sentAt: number;
  readonly category: string;
  /** Time of the first value (F0F0 观测时间). */
  readonly firstAt: number;
  readonly step: Sl651Step;
  readonly element: Sl651ElementFormat;
  readonly values: readonly (number | null)[];
};

/**
 * 38H answer frames (表45) for the simulator: one STX frame, or M3 packets of at most `maxBody` body
 * bytes (SYN + 3-byte total/sequence, ETB between, ETX last; only packet 1 holds the serial, 6.6.2.4).
 */
export function buildPeriodAnswer(
  station: Sl651Station,
  answer: Sl651PeriodAnswer,
  maxBody = 4095,
): Uint8Array[] {
  const body = concatBytes([
    Uint8Array.of((answer.serial >>> 8) & 0xff, answer.serial & 0xff),
    bcd(beijingParts(answer.sentAt)),
    Uint8Array.of(0xf1, 0xf1),
    Uint8Array.from({ length: 5 }, (_, i) =>
      Number.parseInt(station.stationAddress.slice(i * 2, i * 2 + 2), 16),
    ),
    Uint8Array.of(answer.category.charCodeAt(0) & 0xff, 0xf0, 0xf0),
    bcd(beijingParts(answer.firstAt).slice(0, 5)),
    stepBytes(answer.step),
    Uint8Array.of(answer.element.id, definition(answer.element)),
    ...answer.values.map((v) => encodeValue(v, answer.element)),
  ]);
  const frame = (part: Uint8Array, multi: boolean, last: boolean) =>
    encodeSl651Frame({
      direction: 'up',
      centerAddress: station.centerAddress,
      stationAddress: station.stationAddress,
      password: station.password,
      functionCode: 0x38,
      body: part,
      endChar: last ? 'ETX' : 'ETB',
      multiPacket: multi,
    });
  if (body.length <= maxBody) {
    return [frame(body, false, true)];
  }
  const size = maxBody - 3;
  const total = Math.ceil(body.length / size);
  return Array.from({ length: total }, (_, i) => {
    const seq = i + 1;
    const head = Uint8Array.of(total >>> 4, ((total & 0x0f) << 4) | (seq >>> 8), seq & 0xff);
    return frame(concatBytes([head, body.subarray(i * size, (i + 1) * size)]), true, seq === total);
  });
}

export type Sl651PeriodPacket = {
  readonly total: number;
  readonly sequence: number;
  readonly last: boolean;
  /** Body bytes after the packet header. */
  readonly part: Uint8Array;
};

/** One 38H answer frame (single or M3 packet) from this station; other traffic is `invalid`. */
export function decodePeriodPacket(
  bytes: Uint8Array,
  station: Sl651Station,
): DecodeResult<Sl651PeriodPacket> {
  const framed = decodeSl651Frame(bytes);
  if (framed.status !== 'ok') {
    return framed;
  }
  const f: Sl651Frame = framed.value;
  if (
    f.direction !== 'up' ||
    f.functionCode !== 0x38 ||
    f.stationAddress.toUpperCase() !== station.stationAddress.toUpperCase()
  ) {
    return invalid(
      `not a period-data answer from this station (function ${hex2(f.functionCode)} ${f.direction})`,
      framed.consumed,
    );
  }
  if (!f.multiPacket) {
    return decoded({ total: 1, sequence: 1, last: true, part: f.body }, framed.consumed);
  }
  const total = ((f.body[0] ?? 0) << 4) | ((f.body[1] ?? 0) >>> 4);
  const sequence = (((f.body[1] ?? 0) & 0x0f) << 8) | (f.body[2] ?? 0);
  if (f.body.length < 3 || total < 1 || sequence < 1 || sequence > total) {
    return invalid(`packet ${sequence} of ${total} is not a valid M3 packet number`, framed.consumed);
  }
  return decoded({ total, sequence, last: f.endChar === 'ETX', part: f.body.subarray(3) }, framed.consumed);
}

/** Reads the reassembled 表45 body; values stop at the last whole one (a cut-off tail is dropped). */
export function parsePeriodBody(body: Uint8Array): Sl651PeriodAnswer | string {
  const fixed = 2 + 6 + 8 + 7 + 5 + 2;
  if (body.length < fixed) {
    return `period-data answer of ${body.length} bytes is shorter than its ${fixed}-byte head`;
  }
  const sentAt = timeFrom(body, 2, 6);
  const firstAt = timeFrom(body, 18, 5);
  if (
    body[8] !== 0xf1 ||
    body[9] !== 0xf1 ||
    body[16] !== 0xf0 ||
    body[17] !== 0xf0 ||
    sentAt === null ||
    firstAt === null
  ) {
    return 'period-data answer head is not serial, time, F1F1 address, F0F0 time';
  }
  if (body[23] !== 0x04 || body[24] !== 0x18) {
    return 'period-data answer has no time-step code 04 18';
  }
  const dhm = bcdDigitsMsbFirst(body, 25, 3);
  if (dhm === null) {
    return 'time-step code is not BCD';
  }
  const step = {
    days: Number(dhm.slice(0, 2)),
    hours: Number(dhm.slice(2, 4)),
    minutes: Number(dhm.slice(4, 6)),
  };
  const id = body[28] ?? 0;
  const def = body[29] ?? 0;
  const element = { id, bytes: def >>> 3, decimals: def & 0x07 };
  if (element.bytes === 0) {
    return `element ${hex2(id)} announces 0-byte values`;
  }
  const values: (number | null)[] = [];
  for (let at = fixed; at + element.bytes <= body.length; at += element.bytes) {
    values.push(decodeValue(body.subarray(at, at + element.bytes), element.decimals));
  }
  return {
    serial: ((body[0] ?? 0) << 8) | (body[1] ?? 0),
    sentAt,
    category: String.fromCharCode(body[15] ?? 0),
    firstAt,
    step,
    element,
    values,
  };
}

export type Sl651HistoryState = {
  readonly packets: ReadonlyMap<number, Uint8Array>;
  readonly total: number | null;
  readonly ended: boolean;
};

function assembled(state: Sl651HistoryState): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let seq = 1; state.packets.has(seq); seq += 1) {
    parts.push(state.packets.get(seq) ?? new Uint8Array(0));
  }
  return concatBytes(parts);
}

/** The pure 38H transaction: packets gathered by number until the last; a missing number is a gap. */
export function sl651HistoryPlan(
  station: Sl651Station,
  query: Sl651PeriodQuery,
): HistoryPlan<Sl651HistoryState> {
  return {
    request: buildPeriodQuery(station, query),
    initial: { packets: new Map(), total: null, ended: false },
    decodeFrame: (bytes) => decodePeriodPacket(bytes, station),
    fold: (state, frame) => {
      const p = frame as Sl651PeriodPacket;
      const packets = new Map(state.packets).set(p.sequence, p.part);
      const ended = state.ended || p.last;
      return { state: { packets, total: p.total, ended }, ack: null, done: ended || packets.size >= p.total };
    },
    records: (state) => {
      const answer = parsePeriodBody(assembled(state));
      if (typeof answer === 'string') {
        return [];
      }
      const e = sl651Element(answer.element.id);
      const stepMs = sl651StepMs(answer.step);
      return answer.values.map((value, k): HistoryRecord => ({
        key: e.code,
        element: sl651Elements[e.code] ?? null,
        time: answer.firstAt + k * stepMs,
        value,
        flag: null,
      }));
    },
    missing: (state) => {
      const total = state.total ?? 1;
      const lost = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !state.packets.has(n));
      if (lost.length > 0) {
        return `packet(s) ${lost.join(', ')} of ${total} never came`;
      }
      const body = parsePeriodBody(assembled(state));
      return typeof body === 'string' ? body : null;
    },
  };
}

/**
 * The 38H time step for a site's report interval: whole days, else whole hours, else minutes (表C.3
 * allows only one of the three non-zero, each 1–99). Throws `invalid-argument` when none fits.
 */
export function sl651StepOf(intervalMinutes: number): Sl651Step {
  const m = intervalMinutes;
  const step =
    m % 1440 === 0
      ? { days: m / 1440, hours: 0, minutes: 0 }
      : m % 60 === 0
        ? { days: 0, hours: m / 60, minutes: 0 }
        : { days: 0, hours: 0, minutes: m };
  checkStep(step);
  return step;
}

/**
 * Data definitions a 38H query names for the monitored elements SL651 carries: the widths of the
 * standard's 附录C element table as far as it was read (e.g. Z 瞬时河道水位 N(7,3) → 4 BCD bytes, 3
 * decimals). Unsure for the water-quality ones; the station's answer carries its own definition byte,
 * and that is what decodes its values, so a different width here only matters to a station that
 * checks the two-byte identifier of the query.
 */
const queryFormats: readonly (readonly [code: string, bytes: number, decimals: number])[] = [
  ['Z', 4, 3],
  ['Q', 5, 3],
  ['VJ', 3, 3],
  ['C', 2, 1],
  ['pH', 2, 2],
  ['DO', 2, 1],
  ['COND', 3, 0],
  ['TURB', 2, 0],
  ['CODMN', 2, 1],
  ['NH4N', 3, 2],
  ['TP', 3, 3],
  ['TN', 3, 2],
];

/** The identifier and data definition a 38H query asks for a monitored element, or null (none in SL651). */
export function sl651QueryElement(element: string): Sl651ElementFormat | null {
  for (const [code, bytes, decimals] of queryFormats) {
    if (sl651Elements[code] === element) {
      const id = sl651ElementTable.find((e) => e.code === code)?.id;
      return id === undefined ? null : { id, bytes, decimals };
    }
  }
  return null;
}
