import {
  accumulatedStats,
  addPollValue,
  newPollAccumulator,
  type PollPoint,
  type PollStats,
} from '#shared/protocols/polling-run';

/**
 * The points of one polling run as the live chart holds them: times in a growing Float64Array (seconds,
 * uPlot's time scale), values in a plain array where a failed read is null (a gap in the line), and
 * the statistics kept up to date point by point. Adding a point never copies the run (capacity
 * doubles), and listeners hear of it so the chart can redraw on the next animation frame — nothing
 * here touches React.
 */
export type PollingSeries = {
  readonly length: () => number;
  push(point: PollPoint): void;
  /** The chart's data: views over the points so far (valid until the next push). */
  data(): [Float64Array, (number | null)[]];
  stats(): PollStats;
  /** Every point, for the CSV and the saved session. */
  points(): readonly PollPoint[];
  /** Called after each push (and after `clear`); returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  clear(): void;
};

export function createPollingSeries(initialCapacity = 1024): PollingSeries {
  let xs = new Float64Array(Math.max(16, initialCapacity));
  let ys: (number | null)[] = [];
  let points: PollPoint[] = [];
  let n = 0;
  let acc = newPollAccumulator();
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) {
      l();
    }
  };
  return {
    length: () => n,
    push(point) {
      if (n === xs.length) {
        const grown = new Float64Array(xs.length * 2);
        grown.set(xs);
        xs = grown;
      }
      xs[n] = point.at / 1000;
      ys.push(point.value);
      points.push(point);
      n += 1;
      addPollValue(acc, point.value);
      notify();
    },
    data: () => [xs.subarray(0, n), ys],
    stats: () => accumulatedStats(acc),
    points: () => points,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      n = 0;
      ys = [];
      points = [];
      acc = newPollAccumulator();
      notify();
    },
  };
}

/** A figure as the stats line shows it: up to 4 decimals, trailing zeros dropped; a dash for none. */
export function formatStat(value: number | null): string {
  if (value === null || !Number.isFinite(value)) {
    return '—';
  }
  return String(Number(value.toFixed(4)));
}
