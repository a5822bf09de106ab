import { hj212Time, type Hj212Station } from '../protocols/hj212/commands';
import { buildHj212Reply, hj212HistoryKinds, hj212Slots, hj212TimeToEpoch } from '../protocols/hj212/history';
import { encodeHj212Packet, type Hj212Packet } from '../protocols/hj212/packet';
import { inPlantedGap, recentTwoDayGap, type PlantedGap } from './planted-gaps';

/**
 * The data logger's stored minute / hour / day statistics, answered to 2051/2061/2031 as 附录C lays
 * out: 9011, the records, 9012. `uploadFlag` picks the variant: 4 plain (C.47), 5 wait for 9014 after
 * each (C.48), 6 each record split in two packets (C.49), 7 split and acknowledged (C.50). Nothing is
 * stored inside the planted gaps; a window with no record at all ends with ExeRtn=100 (没有数据).
 */
export type Hj212HistoryOptions = {
  readonly uploadFlag?: 4 | 5 | 6 | 7;
  readonly gaps?: readonly PlantedGap[];
  /** MinInterval of minute data, minutes (default 10). */
  readonly minuteStep?: number;
};

export type Hj212HistoryFactor = {
  readonly code: string;
  readonly base: number;
  readonly swing: number;
  readonly decimals?: number;
};

const kindByCn = Object.fromEntries(Object.entries(hj212HistoryKinds).map(([k, cn]) => [cn, k])) as Record<
  string,
  keyof typeof hj212HistoryKinds
>;

export function createHj212History(
  station: Hj212Station,
  factors: readonly Hj212HistoryFactor[],
  options: Hj212HistoryOptions = {},
) {
  // The upload variant's ack/split bits with the station's edition bits (2017 version 1, 2025 version 2).
  const variant = options.uploadFlag ?? 4;
  const flag = ((station.flag ?? 4) & ~3 || 4) | (variant & 3);
  let gaps: readonly PlantedGap[] | null = options.gaps ?? null;
  // Acknowledged variants: what is still to send, one item per 9014.
  let pending: string[] = [];

  const item = (code: string, t: number, f: Hj212HistoryFactor) => {
    const d = f.decimals ?? 2;
    const avg = f.base + f.swing * Math.sin((2 * Math.PI * t) / 86_400_000);
    return `${code}-Avg=${avg.toFixed(d)},${code}-Min=${(avg - f.swing / 10).toFixed(d)},${code}-Max=${(avg + f.swing / 10).toFixed(d)},${code}-Flag=N`;
  };

  function uploads(cn: string, t: number, qn: string): string[] {
    const parts =
      (flag & 2) === 2
        ? [factors.slice(0, Math.ceil(factors.length / 2)), factors.slice(Math.ceil(factors.length / 2))]
        : [factors];
    return parts.map((list, i) =>
      encodeHj212Packet({
        qn,
        st: station.st,
        cn,
        pw: station.pw,
        mn: station.mn,
        flag,
        ...((flag & 2) === 2 ? { pnum: parts.length, pno: i + 1 } : {}),
        cp: [`DataTime=${hj212Time(t)}`, ...list.map((f) => item(f.code, t, f))].join(';'),
      }),
    );
  }

  return {
    gaps: () => gaps ?? [],
    /** Packets answering `p` when it is a history request or a 9014 in an acknowledged upload, else null. */
    answer(p: Hj212Packet, now: number): string[] | null {
      if (p.cn === '9014') {
        const next = pending.shift();
        return next === undefined ? null : [next];
      }
      const kind = kindByCn[p.cn];
      if (kind === undefined) {
        return null;
      }
      gaps ??= [recentTwoDayGap(now)];
      const qn = p.qn ?? hj212Time(now, true);
      const begin = hj212TimeToEpoch(p.cpFields.BeginTime ?? '');
      const end = hj212TimeToEpoch(p.cpFields.EndTime ?? '');
      if (begin === null || end === null || end < begin) {
        return [buildHj212Reply(station, '9011', qn, 'QnRtn=2')]; // 拒绝请求: no readable window
      }
      const slots = hj212Slots({ kind, from: begin, to: end + 1, minuteStep: options.minuteStep ?? 10 });
      const records = slots
        .filter((t) => t <= now && !inPlantedGap(gaps ?? [], t))
        .flatMap((t, i) => uploads(p.cn, t, hj212Time(now + i + 1, true)));
      const accepted = buildHj212Reply(station, '9011', qn, 'QnRtn=1');
      const done = buildHj212Reply(station, '9012', qn, records.length === 0 ? 'ExeRtn=100' : 'ExeRtn=1');
      if ((flag & 1) === 1 && records.length > 0) {
        const [first, ...rest] = records;
        pending = [...rest, done];
        return [accepted, first ?? ''];
      }
      return [accepted, ...records, done];
    },
  };
}
