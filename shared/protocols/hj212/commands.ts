import { encodeHj212Packet } from './packet';

/**
 * What an analyser or data logger sends: real-time data (CN=2011) with per-factor Rtd and Flag, and
 * the minute/hour/day statistics (2051/2061/2031) with Avg/Min/Max. For the simulator and tests.
 */
export type Hj212Reading = {
  readonly code: string;
  readonly rtd: number;
  readonly flag?: string;
  readonly decimals?: number;
};

/** YYYYMMDDhhmmss and QN's YYYYMMDDhhmmsszzz, in Beijing time (UTC+8) as stations keep it. */
export function hj212Time(epochMs: number, withMillis = false): string {
  const d = new Date(epochMs + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return withMillis ? `${base}${p(d.getUTCMilliseconds(), 3)}` : base;
}

export type Hj212Station = {
  readonly st: string;
  readonly pw: string;
  readonly mn: string;
  readonly flag?: number;
};

export function buildHj212Realtime(
  station: Hj212Station,
  at: number,
  readings: readonly Hj212Reading[],
): string {
  const items = readings.map(
    (r) => `${r.code}-Rtd=${r.rtd.toFixed(r.decimals ?? 2)},${r.code}-Flag=${r.flag ?? 'N'}`,
  );
  return encodeHj212Packet({
    qn: hj212Time(at, true),
    st: station.st,
    cn: '2011',
    pw: station.pw,
    mn: station.mn,
    flag: station.flag ?? 4,
    cp: [`DataTime=${hj212Time(at)}`, ...items].join(';'),
  });
}

export type Hj212Statistic = {
  readonly code: string;
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  readonly flag?: string;
  readonly decimals?: number;
};

/** 2051 minute, 2061 hour, 2031 day data; DataTime is the start of the interval. */
export function buildHj212Statistics(
  station: Hj212Station,
  cn: '2051' | '2061' | '2031',
  intervalStart: number,
  sentAt: number,
  stats: readonly Hj212Statistic[],
): string {
  const f = (n: number, d = 2) => n.toFixed(d);
  const items = stats.map(
    (s) =>
      `${s.code}-Avg=${f(s.avg, s.decimals)},${s.code}-Min=${f(s.min, s.decimals)},${s.code}-Max=${f(s.max, s.decimals)},${s.code}-Flag=${s.flag ?? 'N'}`,
  );
  return encodeHj212Packet({
    qn: hj212Time(sentAt, true),
    st: station.st,
    cn,
    pw: station.pw,
    mn: station.mn,
    flag: station.flag ?? 4,
    cp: [`DataTime=${hj212Time(intervalStart)}`, ...items].join(';'),
  });
}

/** 数据应答 (CN=9014) to a packet that asked for an answer (Flag A bit). */
export function buildHj212DataAck(station: Hj212Station, qn: string): string {
  return encodeHj212Packet({ qn, st: '91', cn: '9014', pw: station.pw, mn: station.mn, flag: 4, cp: '' });
}
