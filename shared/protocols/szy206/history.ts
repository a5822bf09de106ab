import { decoded, invalid, type DecodeResult } from '../common/decode-result';
import { hex2 } from '../common/hex';
import type { HistoryPlan, HistoryRecord } from '../history-run';
import { szy206Elements } from '../../monitoring/protocol-elements';
import { CodedError } from '../../result';
import { szy206Afn } from './afn';
import { bcdDigitsMsbFirst, toBcdByte } from './bcd';
import type { Szy206Target } from './commands';
import { decodeSzy206Frame, encodeSzy206Frame, type Szy206Frame } from './frame';
import { sameSzy206Address } from './reply';
import { concatBytes, decodeSzy206Value, encodeSzy206Value, type Szy206ValueSpec } from './values';

/**
 * SZY206 / SL/T 427 stored data (固态存储数据, AFN B1H) and the event record (AFN 5DH). No public copy of
 * the standard's text exists; the layouts follow the blg field tool (`Read_B1`, `Answer_B1`, `Answer_5D`)
 * and one real B1H frame whose CRC checks [M]. Where the sources stop, the choices made here are marked
 * "(inferred)" — chiefly how record times are spaced and how a split answer continues.
 */

/**
 * The B1H parameter type (4 bits, 0-based, blg `Param_A0`): NOT the control-field data kind (there
 * 流量 is 3, here 2). Widths and decimals of one stored record per blg `Answer_B1` [M]; 水压 is [L].
 */
const storedSpecs: Readonly<Record<number, Szy206ValueSpec>> = {
  0: {
    key: 'rainfall',
    name: '雨量',
    nameEn: 'Rainfall',
    unit: 'mm',
    bytes: 3,
    decimals: 1,
    signed: false,
  },
  1: {
    key: 'water-level',
    name: '水位',
    nameEn: 'Water level',
    unit: 'm',
    bytes: 4,
    decimals: 3,
    signed: true,
  },
  // Stored flow records are the cumulative volume in whole m³ (blg), not the instantaneous flow.
  2: {
    key: 'volume',
    name: '累计水量',
    nameEn: 'Cumulative volume',
    unit: 'm³',
    bytes: 5,
    decimals: 0,
    signed: false,
  },
  3: {
    key: 'velocity',
    name: '流速',
    nameEn: 'Velocity',
    unit: 'm/s',
    bytes: 3,
    decimals: 3,
    signed: false,
  },
  4: {
    key: 'gate',
    name: '闸位',
    nameEn: 'Gate position',
    unit: 'm',
    bytes: 3,
    decimals: 2,
    signed: false,
  },
  8: {
    key: 'water-temperature',
    name: '水温',
    nameEn: 'Water temperature',
    unit: '°C',
    bytes: 2,
    decimals: 1,
    signed: false,
  },
  14: {
    key: 'water-pressure',
    name: '水压',
    nameEn: 'Water pressure',
    unit: 'kPa',
    bytes: 4,
    decimals: 2,
    signed: false,
  },
};

/** Parameter types whose stored records this codec can read. */
export const szy206StoredTypes = Object.keys(storedSpecs).map(Number);

const beijingMs = 8 * 3600_000;
const hourMs = 3600_000;

/** Whole hour (Beijing time) as the B1H range carries it: hour, day, month, year − 2000, 1 B BCD each. */
function hourBytes(epochMs: number): Uint8Array {
  const d = new Date(epochMs + beijingMs);
  return Uint8Array.from(
    [d.getUTCHours(), d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear() - 2000].map(toBcdByte),
  );
}

function hourFrom(bytes: Uint8Array, at: number): number | null {
  const digits = bcdDigitsMsbFirst(bytes, at, 4);
  if (digits === null) {
    return null;
  }
  const [hour, day, month, year] = [0, 2, 4, 6].map((i) => Number(digits.slice(i, i + 2)));
  if (hour === undefined || day === undefined || month === undefined || year === undefined) {
    return null;
  }
  if (hour > 23 || day < 1 || day > 31 || month < 1 || month > 12) {
    return null;
  }
  return Date.UTC(2000 + year, month - 1, day, hour) - beijingMs;
}

export type Szy206StoredQuery = {
  /** Parameter type, 0–15 (2 = 流量/水量, 1 = 水位 …). */
  readonly type: number;
  /** Parameter number 0–15 (blg: "被查询参数的编码"; measuring point or sensor index, unsure). */
  readonly number: number;
  /** Window, ms since epoch; sent as whole Beijing hours: the hour of `from` to the hour of `to − 1 ms`. */
  readonly from: number;
  readonly to: number;
};

function checkQuery(q: Szy206StoredQuery): void {
  if (
    !Number.isInteger(q.type) ||
    q.type < 0 ||
    q.type > 15 ||
    !Number.isInteger(q.number) ||
    q.number < 0 ||
    q.number > 15
  ) {
    throw new CodedError(
      'invalid-argument',
      `parameter type ${q.type} / number ${q.number} must be integers 0–15`,
    );
  }
  if (!(q.to > q.from)) {
    throw new CodedError('invalid-argument', 'the window must end after it starts');
  }
}

/**
 * B1H query: data = type|number, start hour, end hour (9 B), no PW, no Tp [M]. The control function
 * code repeats the parameter type, as blg does (its real answer echoes it back).
 */
export function buildStoredDataQuery(target: Szy206Target, query: Szy206StoredQuery): Uint8Array {
  checkQuery(query);
  return encodeSzy206Frame({
    control: { direction: 'down', split: false, frameCount: 3, functionCode: query.type },
    address: target.address,
    afn: szy206Afn.queryStored,
    payload: concatBytes([
      Uint8Array.of((query.type << 4) | query.number),
      hourBytes(query.from),
      hourBytes(query.to - 1),
    ]),
  });
}

/** B2H query (stored self-reports): 分 时 日 月 of start and end, no year [L]; how the RTU answers is unknown. */
export function buildMemoryReportsQuery(target: Szy206Target, from: number, to: number): Uint8Array {
  const part = (ms: number) => {
    const d = new Date(ms + beijingMs);
    return [d.getUTCMinutes(), d.getUTCHours(), d.getUTCDate(), d.getUTCMonth() + 1].map(toBcdByte);
  };
  return encodeSzy206Frame({
    control: { direction: 'down', split: false, frameCount: 3, functionCode: 0 },
    address: target.address,
    afn: szy206Afn.queryMemoryReports,
    payload: Uint8Array.from([...part(from), ...part(to)]),
  });
}

export type Szy206StoredFrame = {
  readonly type: number;
  readonly number: number;
  /** Range the answer echoes, ms since epoch (whole hours). */
  readonly start: number;
  readonly end: number;
  readonly values: readonly (number | null)[];
  /** DIVS of a split answer (1 = last), null when not split. */
  readonly splitCounter: number | null;
};

/** Decodes one B1H answer frame from `target`'s terminal; other traffic is `invalid` with the reason. */
export function decodeStoredDataFrame(
  bytes: Uint8Array,
  target: Szy206Target,
): DecodeResult<Szy206StoredFrame> {
  const framed = decodeSzy206Frame(bytes, target.edition ?? 'szy206-2016');
  if (framed.status !== 'ok') {
    return framed;
  }
  const f: Szy206Frame = framed.value;
  const skip = framed.consumed;
  if (
    f.control.direction !== 'up' ||
    f.afn !== szy206Afn.queryStored ||
    !sameSzy206Address(f.address, target.address)
  ) {
    return invalid(
      `not a stored-data answer from this terminal (AFN ${hex2(f.afn)} ${f.control.direction})`,
      skip,
    );
  }
  const type = (f.payload[0] ?? 0) >>> 4;
  const spec = storedSpecs[type];
  if (f.payload.length < 9 || spec === undefined) {
    return invalid(
      spec === undefined
        ? `stored data of parameter type ${type} has no known record layout`
        : `stored-data answer of ${f.payload.length} bytes has no 9-byte range header`,
      skip,
    );
  }
  const start = hourFrom(f.payload, 1);
  const end = hourFrom(f.payload, 5);
  if (start === null || end === null) {
    return invalid('stored-data range is not a BCD hour, day, month, year', skip);
  }
  const data = f.payload.length - 9;
  if (data % spec.bytes !== 0) {
    return invalid(`${data} record bytes are not whole ${spec.bytes}-byte ${spec.nameEn} records`, skip);
  }
  const values: (number | null)[] = [];
  for (let at = 9; at < f.payload.length; at += spec.bytes) {
    values.push(decodeSzy206Value(f.payload, at, spec, 0, target.edition ?? 'szy206-2016').value);
  }
  return decoded(
    { type, number: (f.payload[0] ?? 0) & 0x0f, start, end, values, splitCounter: f.splitCounter },
    framed.consumed,
  );
}

/**
 * B1H answer frames for the simulator: `values` split into frames of at most `perFrame` records, each
 * repeating the range header, DIV set and DIVS counting down to 1 (inferred: no source shows a split
 * B1H answer). `null` writes the all-FF "no data" record.
 */
export function buildStoredDataAnswer(
  target: Szy206Target,
  query: Pick<Szy206StoredQuery, 'type' | 'number'> & { readonly start: number; readonly end: number },
  values: readonly (number | null)[],
  perFrame = 40,
): Uint8Array[] {
  const spec = storedSpecs[query.type];
  if (spec === undefined) {
    throw new CodedError('invalid-argument', `parameter type ${query.type} has no record layout`);
  }
  const header = concatBytes([
    Uint8Array.of((query.type << 4) | query.number),
    hourBytes(query.start),
    hourBytes(query.end),
  ]);
  const chunks: (number | null)[][] = [];
  for (let i = 0; i < values.length; i += perFrame) {
    chunks.push(values.slice(i, i + perFrame));
  }
  if (chunks.length === 0) {
    chunks.push([]);
  }
  const split = chunks.length > 1;
  return chunks.map((chunk, i) =>
    encodeSzy206Frame({
      control: { direction: 'up', split, frameCount: 3, functionCode: query.type },
      splitCounter: split ? chunks.length - i : null,
      address: target.address,
      afn: szy206Afn.queryStored,
      payload: concatBytes([
        header,
        ...chunk.map((v) =>
          v === null ? new Uint8Array(spec.bytes).fill(0xff) : encodeSzy206Value(v, spec),
        ),
      ]),
    }),
  );
}

export type Szy206HistoryState = {
  readonly values: readonly (number | null)[];
  readonly type: number | null;
  readonly start: number | null;
  readonly end: number | null;
  readonly lastCounter: number | null;
  readonly missingFrames: number;
};

/**
 * Record k's time = range start + k × storage interval (inferred). The interval is the RTU's 20H
 * setting, which no public query reads; without it the interval is inferred from the count: the range
 * spans whole hours start … end inclusive (the real frame: 18 records over 00h–02h = 10 min).
 */
export function szy206RecordTimes(state: Szy206HistoryState, intervalMinutes: number | null): number[] {
  if (state.start === null || state.end === null) {
    return [];
  }
  const n = state.values.length;
  const spanMs = state.end - state.start + hourMs;
  const stepMs =
    intervalMinutes !== null
      ? intervalMinutes * 60_000
      : n > 0
        ? Math.round(spanMs / n / 60_000) * 60_000
        : hourMs;
  return state.values.map((_, k) => (state.start ?? 0) + k * stepMs);
}

/** The pure B1H transaction: split frames are folded until DIVS reaches 1; a skipped DIVS is a gap. */
export function szy206HistoryPlan(
  target: Szy206Target,
  query: Szy206StoredQuery,
  intervalMinutes: number | null = null,
): HistoryPlan<Szy206HistoryState> {
  const spec = storedSpecs[query.type];
  if (spec === undefined) {
    throw new CodedError(
      'invalid-argument',
      `parameter type ${query.type} has no known record layout (${szy206StoredTypes.join(', ')})`,
    );
  }
  return {
    request: buildStoredDataQuery(target, query),
    initial: { values: [], type: null, start: null, end: null, lastCounter: null, missingFrames: 0 },
    decodeFrame: (bytes) => decodeStoredDataFrame(bytes, target),
    fold: (state, frame) => {
      const f = frame as Szy206StoredFrame;
      const counter = f.splitCounter;
      const expected = state.lastCounter === null ? null : state.lastCounter - 1;
      const skipped = expected !== null && counter !== null && counter < expected ? expected - counter : 0;
      return {
        state: {
          values: [...state.values, ...f.values],
          type: f.type,
          start: state.start ?? f.start,
          end: f.end,
          lastCounter: counter,
          missingFrames: state.missingFrames + skipped,
        },
        ack: null,
        done: counter === null || counter <= 1,
      };
    },
    records: (state) => {
      const times = szy206RecordTimes(state, intervalMinutes);
      return state.values.map((value, k): HistoryRecord => ({
        key: spec.key,
        element: szy206Elements[spec.key] ?? null,
        time: times[k] ?? 0,
        value,
        flag: null,
      }));
    },
    missing: (state) =>
      state.missingFrames > 0 ? `${state.missingFrames} split frame(s) of the answer never came` : null,
  };
}

// ---- 5DH event record: counters, not a log ----

/** ERC1–ERC18 (blg `Answer_5D`, wainshine); vendors append more (blg reads 6 more). */
export const szy206EventNames: readonly [name: string, nameEn: string][] = [
  ['数据初始化', 'Data initialised'],
  ['参数变更', 'Parameters changed'],
  ['状态量变位', 'Status input changed'],
  ['仪表故障', 'Instrument fault'],
  ['密码修改/错误', 'Password changed or wrong'],
  ['终端故障', 'Terminal fault'],
  ['交流失电', 'Mains power lost'],
  ['蓄电池电压低', 'Battery voltage low'],
  ['终端箱非法打开', 'Cabinet opened'],
  ['水泵故障', 'Pump fault'],
  ['剩余水量越限', 'Remaining water beyond limit'],
  ['水位超限', 'Water level beyond limit'],
  ['水压超限', 'Water pressure beyond limit'],
  ['水质超限', 'Water quality beyond limit'],
  ['数据出错', 'Data error'],
  ['发报文', 'Messages sent'],
  ['收报文', 'Messages received'],
  ['发报文出错', 'Message send errors'],
];

export type Szy206EventCount = { readonly erc: number; readonly count: number };

export function buildEventRecordQuery(target: Szy206Target): Uint8Array {
  return encodeSzy206Frame({
    control: { direction: 'down', split: false, frameCount: 3, functionCode: 0 },
    address: target.address,
    afn: szy206Afn.queryEventLog,
  });
}

/** 5DH answer: 2-byte counters, low byte first [M], ERC1 first. */
export function buildEventRecordAnswer(target: Szy206Target, counts: readonly number[]): Uint8Array {
  return encodeSzy206Frame({
    control: { direction: 'up', split: false, frameCount: 3, functionCode: 0 },
    address: target.address,
    afn: szy206Afn.queryEventLog,
    payload: Uint8Array.from(counts.flatMap((c) => [c & 0xff, (c >>> 8) & 0xff])),
  });
}

export function decodeEventRecordAnswer(
  bytes: Uint8Array,
  target: Szy206Target,
): DecodeResult<readonly Szy206EventCount[]> {
  const framed = decodeSzy206Frame(bytes, target.edition ?? 'szy206-2016');
  if (framed.status !== 'ok') {
    return framed;
  }
  const f = framed.value;
  if (
    f.control.direction !== 'up' ||
    f.afn !== szy206Afn.queryEventLog ||
    !sameSzy206Address(f.address, target.address)
  ) {
    return invalid(`not an event-record answer from this terminal (AFN ${hex2(f.afn)})`, framed.consumed);
  }
  if (f.payload.length % 2 !== 0) {
    return invalid(`event record of ${f.payload.length} bytes is not whole 2-byte counters`, framed.consumed);
  }
  const counts: Szy206EventCount[] = [];
  for (let i = 0; i < f.payload.length; i += 2) {
    counts.push({ erc: i / 2 + 1, count: (f.payload[i] ?? 0) | ((f.payload[i + 1] ?? 0) << 8) });
  }
  return decoded(counts, framed.consumed);
}
