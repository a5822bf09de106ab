import type { Timers } from './common/byte-link';
import type { Result } from '../result';

/**
 * A polling run: one value read every `everyMs` for `durationMs` on a fixed schedule (point k is due
 * at start + k × every; a read slower than the interval makes the run skip the slots it overran, it
 * never piles reads up on a half-duplex line), with pause / resume / stop. The clock is injected so a
 * run of minutes is tested in microseconds. Reads are whatever the protocol master does for one value.
 */
export type PollPoint = {
  /** When the read started (ms since epoch). */
  readonly at: number;
  readonly value: number | null;
  /** Failure code of a read that failed (timeout, protocol …), null when it gave a value. */
  readonly error: string | null;
};

export type PollStats = {
  readonly count: number;
  /** Points with a value. */
  readonly valid: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Population standard deviation of the values (Welford), null without a value. */
  readonly std: number | null;
};

/**
 * The statistics' running state, one point at a time (Welford's update), so a live chart adds a point
 * in constant time and ends with the same figures `pollStats` gives over the whole run.
 */
export type PollAccumulator = {
  count: number;
  valid: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
};

export function newPollAccumulator(): PollAccumulator {
  return {
    count: 0,
    valid: 0,
    mean: 0,
    m2: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  };
}

/** Adds one point's value (null: a failed read, counted but not in the figures). Mutates `acc`. */
export function addPollValue(acc: PollAccumulator, value: number | null): void {
  acc.count += 1;
  if (value === null) {
    return;
  }
  acc.valid += 1;
  const delta = value - acc.mean;
  acc.mean += delta / acc.valid;
  acc.m2 += delta * (value - acc.mean);
  acc.min = Math.min(acc.min, value);
  acc.max = Math.max(acc.max, value);
}

export function accumulatedStats(acc: Readonly<PollAccumulator>): PollStats {
  return acc.valid === 0
    ? { count: acc.count, valid: 0, min: null, max: null, mean: null, std: null }
    : {
        count: acc.count,
        valid: acc.valid,
        min: acc.min,
        max: acc.max,
        mean: acc.mean,
        std: Math.sqrt(acc.m2 / acc.valid),
      };
}

/** Min, max, mean and standard deviation over the points with a value. */
export function pollStats(points: readonly PollPoint[]): PollStats {
  const acc = newPollAccumulator();
  for (const p of points) {
    addPollValue(acc, p.value);
  }
  return accumulatedStats(acc);
}

/** The next slot due strictly after `elapsed` ms into the run, or null once the run is over. */
export function nextSlotMs(elapsed: number, everyMs: number, durationMs: number): number | null {
  const next = (Math.floor(elapsed / everyMs) + 1) * everyMs;
  return next >= durationMs ? null : next;
}

export type PollingOptions = {
  readonly read: () => Promise<Result<number>>;
  readonly everyMs: number;
  readonly durationMs: number;
  readonly timers: Timers;
  readonly onPoint?: (point: PollPoint) => void;
};

export type PollingRun = {
  /** Resolves with every point once the duration is over or the run is stopped. */
  readonly done: Promise<readonly PollPoint[]>;
  readonly points: () => readonly PollPoint[];
  readonly paused: () => boolean;
  /** Slots due while paused are skipped, not made up. */
  pause(): void;
  resume(): void;
  stop(): void;
};

export function startPolling(options: PollingOptions): PollingRun {
  const { timers, everyMs, durationMs } = options;
  if (!(everyMs > 0) || !(durationMs > 0)) {
    throw new RangeError('a polling run needs a positive interval and duration');
  }
  const startedAt = timers.now();
  const points: PollPoint[] = [];
  let paused = false;
  let stopped = false;
  let timer: unknown = null;
  let finish: (points: readonly PollPoint[]) => void = () => {};
  const done = new Promise<readonly PollPoint[]>((resolve) => (finish = resolve));

  const end = () => {
    if (!stopped) {
      stopped = true;
      if (timer !== null) {
        timers.clearTimeout(timer);
      }
      finish(points);
    }
  };

  const schedule = () => {
    const next = nextSlotMs(timers.now() - startedAt, everyMs, durationMs);
    if (next === null) {
      end();
      return;
    }
    timer = timers.setTimeout(() => void tick(), startedAt + next - timers.now());
  };

  async function tick(): Promise<void> {
    timer = null;
    if (stopped) {
      return;
    }
    if (!paused) {
      const at = timers.now();
      const result = await options.read();
      if (stopped) {
        return;
      }
      const point: PollPoint = result.ok
        ? { at, value: result.value, error: null }
        : { at, value: null, error: result.error.code };
      points.push(point);
      options.onPoint?.(point);
    }
    schedule();
  }

  void tick();
  return {
    done,
    points: () => points,
    paused: () => paused,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    stop: end,
  };
}

/** The run as CSV (time ISO, value, error), the same points the chart shows. */
export function pollPointsCsv(points: readonly PollPoint[]): string {
  return (
    [
      'time,value,error',
      ...points.map((p) => `${new Date(p.at).toISOString()},${p.value ?? ''},${p.error ?? ''}`),
    ].join('\n') + '\n'
  );
}
