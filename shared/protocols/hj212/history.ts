import { decoded, invalid, type DecodeResult } from '../common/decode-result';
import type { HistoryPlan, HistoryRecord } from '../history-run';
import { hj212Elements } from '../../monitoring/protocol-elements';
import { CodedError } from '../../result';
import { hj212Time, type Hj212Station } from './commands';
import { decodeHj212Packet, encodeHj212Packet, type Hj212Packet } from './packet';

/**
 * HJ 212-2017 history retrieval (附录C 表C.20/C.21, C.47–C.50 [H]): the host asks 2051 minute, 2061 hour
 * or 2031 day data for BeginTime–EndTime with Flag=5; the field machine answers 9011 (QnRtn), uploads
 * the records one by one (each with its own QN), and ends with 9012 (ExeRtn, the request's QN). An
 * upload whose Flag asks for an answer (C.48/C.50) gets 9014 before the next comes; split uploads carry
 * PNUM/PNO (C.49/C.50). 2017 has no re-send field: 补传 is this query for the gap.
 */
export const hj212HistoryKinds = { minute: '2051', hour: '2061', day: '2031' } as const;
export type Hj212HistoryKind = keyof typeof hj212HistoryKinds;

export type Hj212HistoryQuery = {
  readonly kind: Hj212HistoryKind;
  /** Window, ms since epoch: slots from `from` (rounded up to a slot start) before `to`. */
  readonly from: number;
  readonly to: number;
  /** QN of the request: the 9011/9012 that answer it carry the same (YYYYMMDDhhmmsszzz). */
  readonly qn: string;
  /** Minute-data interval (the station's MinInterval), minutes; hour and day data ignore it. */
  readonly minuteStep?: number;
};

const beijingMs = 8 * 3600_000;

/** Slot length of a kind, ms. Minute data default 10 min (a common MinInterval; the station's own may differ). */
function slotMs(query: Pick<Hj212HistoryQuery, 'kind' | 'minuteStep'>): number {
  return query.kind === 'minute'
    ? (query.minuteStep ?? 10) * 60_000
    : query.kind === 'hour'
      ? 3600_000
      : 86_400_000;
}

/** Slot starts in the window; day slots start at Beijing midnight. */
export function hj212Slots(query: Pick<Hj212HistoryQuery, 'kind' | 'from' | 'to' | 'minuteStep'>): number[] {
  const step = slotMs(query);
  const first = Math.ceil((query.from + beijingMs) / step) * step - beijingMs;
  const out: number[] = [];
  for (let t = first; t < query.to; t += step) {
    out.push(t);
  }
  return out;
}

/** N14 YYYYMMDDhhmmss (Beijing) → ms since epoch, or null. */
export function hj212TimeToEpoch(text: string): number | null {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(text);
  if (m === null) {
    return null;
  }
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, s) - beijingMs;
  return Number.isFinite(t) && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 ? t : null;
}

/** The request (host → field machine), Flag=5 as in the standard's example. */
export function buildHj212HistoryRequest(station: Hj212Station, query: Hj212HistoryQuery): string {
  const slots = hj212Slots(query);
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (first === undefined || last === undefined) {
    throw new CodedError('invalid-argument', 'the window holds no whole slot of this kind');
  }
  if (!/^\d{17}$/.test(query.qn)) {
    throw new CodedError('invalid-argument', `QN "${query.qn}" is not 17 digits`);
  }
  return encodeHj212Packet({
    qn: query.qn,
    st: station.st,
    cn: hj212HistoryKinds[query.kind],
    pw: station.pw,
    mn: station.mn,
    flag: 5,
    cp: `BeginTime=${hj212Time(first)};EndTime=${hj212Time(last)}`,
  });
}

/**
 * 9011 / 9012 / 9014 (ST=91): the replies of either side. Flag carries the station's edition bits and
 * no ack (4 in 2017; 8 in 2025 when the station's Flag is a 2025 one).
 */
export function buildHj212Reply(
  station: Hj212Station,
  cn: '9011' | '9012' | '9014',
  qn: string,
  cp = '',
): string {
  const flag = (station.flag ?? 4) & ~3 || 4;
  return encodeHj212Packet({ qn, st: '91', cn, pw: station.pw, mn: station.mn, flag, cp });
}

export type Hj212HistoryState = {
  readonly accepted: boolean | null;
  readonly refusal: string | null;
  readonly uploads: readonly Hj212Packet[];
  readonly exeRtn: string | null;
};

const exeRtnNoData = '100';

/** Where the next `##` starts after the first byte (or the end). */
function nextStart(bytes: Uint8Array): number {
  for (let i = 1; i + 1 < bytes.length; i += 1) {
    if (bytes[i] === 0x23 && bytes[i + 1] === 0x23) {
      return i;
    }
  }
  return Math.max(1, bytes.length - 1);
}

/** One packet of this station at the start of the bytes (another MN's is `invalid`); history and QC use it. */
export function decodeHj212StationPacket(
  bytes: Uint8Array,
  station: Hj212Station,
): DecodeResult<Hj212Packet> {
  // The packet decoder reads its whole input as text; a long run of replies would make every try
  // cost the whole buffer, so give it only the one packet the length field announces.
  if (bytes.length >= 2 && (bytes[0] !== 0x23 || bytes[1] !== 0x23)) {
    return invalid('packet header expected ##', nextStart(bytes));
  }
  const digits = String.fromCharCode(...bytes.subarray(2, 6));
  const one = /^\d{4}$/.test(digits) ? bytes.subarray(0, 12 + Number(digits)) : bytes;
  const result = decodeHj212Packet(one);
  if (result.status === 'ok' && result.value.mn !== station.mn) {
    return invalid(`packet from another MN (${result.value.mn ?? 'none'})`, result.consumed);
  }
  return result.status === 'ok' ? decoded(result.value, result.consumed) : result;
}

/** Which packet numbers of a split upload never came, per QN; empty when none was split or all came. */
function lostPackets(uploads: readonly Hj212Packet[]): string[] {
  const byQn = new Map<string, { total: number; seen: Set<number> }>();
  for (const u of uploads) {
    if (u.pnum !== null && u.pno !== null) {
      const entry = byQn.get(u.qn ?? '') ?? { total: u.pnum, seen: new Set<number>() };
      entry.seen.add(u.pno);
      byQn.set(u.qn ?? '', entry);
    }
  }
  const lost: string[] = [];
  for (const [qn, e] of byQn) {
    for (let n = 1; n <= e.total; n += 1) {
      if (!e.seen.has(n)) {
        lost.push(`${qn} PNO ${n}/${e.total}`);
      }
    }
  }
  return lost;
}

/** The pure retrieval transaction: 9011, uploads (9014 after each that asks), 9012. */
export function hj212HistoryPlan(
  station: Hj212Station,
  query: Hj212HistoryQuery,
): HistoryPlan<Hj212HistoryState> {
  const cn = hj212HistoryKinds[query.kind];
  const enc = new TextEncoder();
  return {
    request: enc.encode(buildHj212HistoryRequest(station, query)),
    initial: { accepted: null, refusal: null, uploads: [], exeRtn: null },
    decodeFrame: (bytes) => decodeHj212StationPacket(bytes, station),
    fold: (state, frame) => {
      const p = frame as Hj212Packet;
      if (p.cn === '9011' && p.qn === query.qn) {
        const rtn = p.cpFields.QnRtn ?? '';
        return rtn === '1'
          ? { state: { ...state, accepted: true }, ack: null, done: false }
          : {
              state: { ...state, accepted: false, refusal: `request refused: QnRtn=${rtn}` },
              ack: null,
              done: true,
            };
      }
      if (p.cn === '9012' && p.qn === query.qn) {
        const rtn = p.cpFields.ExeRtn ?? '';
        const refusal = rtn === '1' || rtn === exeRtnNoData ? null : `execution failed: ExeRtn=${rtn}`;
        return { state: { ...state, exeRtn: rtn, refusal }, ack: null, done: true };
      }
      if (p.cn === cn) {
        const ack =
          p.flag?.ackRequired && p.qn !== null ? enc.encode(buildHj212Reply(station, '9014', p.qn)) : null;
        return { state: { ...state, uploads: [...state.uploads, p] }, ack, done: false };
      }
      return { state, ack: null, done: false }; // real-time data or heartbeats in between
    },
    records: (state) => {
      const records: HistoryRecord[] = [];
      const seen = new Set<number>();
      for (const u of state.uploads) {
        const time = u.dataTime === null ? null : hj212TimeToEpoch(u.dataTime);
        if (time === null) {
          continue;
        }
        seen.add(time);
        for (const f of u.factors) {
          records.push({
            key: f.code,
            element: hj212Elements[f.code] ?? null,
            time,
            value: f.values.Avg ?? f.values.Rtd ?? null,
            flag: f.flag,
          });
        }
      }
      // Slots the field machine sent nothing for are the gaps (one record without a value each).
      for (const t of hj212Slots(query)) {
        if (!seen.has(t)) {
          records.push({ key: cn, element: null, time: t, value: null, flag: null });
        }
      }
      return records.sort((a, b) => a.time - b.time);
    },
    missing: (state) => {
      const lost = lostPackets(state.uploads);
      return lost.length > 0 ? `split packet(s) never came: ${lost.join(', ')}` : null;
    },
    refusal: (state) => state.refusal,
  };
}

/**
 * The retrieval that answers a site's report interval: day data for whole days, hour data for whole
 * hours, else minute data at the interval (the station's MinInterval is assumed to be the site's).
 */
export function hj212HistoryKindOf(intervalMinutes: number): {
  readonly kind: Hj212HistoryKind;
  readonly minuteStep?: number;
} {
  if (intervalMinutes % 1440 === 0) {
    return { kind: 'day' };
  }
  if (intervalMinutes % 60 === 0) {
    return { kind: 'hour' };
  }
  return { kind: 'minute', minuteStep: intervalMinutes };
}

/**
 * One upload of a retrieval (the data packets a 补报 forwards to the platform); the 9011 / 9012 around
 * them, real-time data and other stations' packets come back `invalid`, skipping the whole packet.
 */
export function decodeHj212Upload(
  bytes: Uint8Array,
  station: Hj212Station,
  kind: Hj212HistoryKind,
): DecodeResult<Hj212Packet> {
  const r = decodeHj212StationPacket(bytes, station);
  if (r.status === 'ok' && r.value.cn !== hj212HistoryKinds[kind]) {
    return invalid(`CN=${r.value.cn} is not a ${kind}-data upload`, r.consumed);
  }
  return r;
}
