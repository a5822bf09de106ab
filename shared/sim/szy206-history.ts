import { szy206Afn } from '../protocols/szy206/afn';
import type { Szy206Target } from '../protocols/szy206/commands';
import {
  buildEventRecordAnswer,
  buildStoredDataAnswer,
  szy206StoredTypes,
} from '../protocols/szy206/history';
import { inPlantedGap, recentTwoDayGap, type PlantedGap } from './planted-gaps';

/**
 * The stored-data memory of the simulated SZY206 RTU: records every `intervalMinutes` (its 20H storage
 * interval) of cumulative volume and water level, nothing inside the planted gaps, answered to B1H in
 * split frames of `perFrame` records; and the 5DH event counters, whose ERC7 (mains lost) counts the gaps.
 */
export type Szy206HistoryOptions = {
  readonly intervalMinutes?: number;
  /** Default: two days ending a day before the first query (`recentTwoDayGap`). */
  readonly gaps?: readonly PlantedGap[];
  readonly perFrame?: number;
  readonly baseFlow: number;
  readonly baseVolume: number;
};

const hourMs = 3_600_000;
const epoch2020 = Date.UTC(2020, 0, 1);
const beijingMs = 8 * hourMs;

function bcdHour(bytes: Uint8Array, at: number): number | null {
  const n = (i: number) => {
    const b = bytes[at + i] ?? 0xff;
    return (b >>> 4) * 10 + (b & 0x0f);
  };
  const [hour, day, month, year] = [n(0), n(1), n(2), n(3)];
  if (hour > 23 || day < 1 || day > 31 || month < 1 || month > 12) {
    return null;
  }
  return Date.UTC(2000 + year, month - 1, day, hour) - beijingMs;
}

export function createSzy206History(target: Szy206Target, options: Szy206HistoryOptions) {
  const interval = (options.intervalMinutes ?? 10) * 60_000;
  let gaps: readonly PlantedGap[] | null = options.gaps ?? null;
  const stored = (type: number, t: number): number | null => {
    if (inPlantedGap(gaps ?? [], t)) {
      return null;
    }
    if (type === 2) {
      // A totaliser that only counts up: the mean flow since 2020 (m³).
      return options.baseVolume + Math.round((options.baseFlow * (t - epoch2020)) / 1000);
    }
    if (type === 1) {
      return Math.round((12.345 + 0.2 * Math.sin((2 * Math.PI * t) / 86_400_000)) * 1000) / 1000;
    }
    return null;
  };
  return {
    gaps: () => gaps ?? [],
    /** Frames answering a B1H or 5DH query (`payload`: its data field), else null. */
    answer(frame: { readonly afn: number; readonly payload: Uint8Array }, now: number): Uint8Array[] | null {
      gaps ??= [recentTwoDayGap(now)];
      if (frame.afn === szy206Afn.queryEventLog) {
        return [
          buildEventRecordAnswer(target, [
            0,
            2,
            0,
            0,
            0,
            0,
            gaps.length,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            120,
            118,
            3,
          ]),
        ];
      }
      if (frame.afn !== szy206Afn.queryStored || frame.payload.length < 9) {
        return null;
      }
      const type = (frame.payload[0] ?? 0) >>> 4;
      const start = bcdHour(frame.payload, 1);
      const end = bcdHour(frame.payload, 5);
      if (start === null || end === null || end < start || !szy206StoredTypes.includes(type)) {
        return null; // a real RTU stays silent on a query it cannot serve
      }
      const values: (number | null)[] = [];
      for (let t = start; t < end + hourMs; t += interval) {
        values.push(t > now ? null : stored(type, t));
      }
      return buildStoredDataAnswer(
        target,
        { type, number: (frame.payload[0] ?? 0) & 0x0f, start, end },
        values,
        options.perFrame ?? 40,
      );
    },
  };
}
