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

/** Min, max, mean and standard deviation over the points with a value. */
export function pollStats(points: readonly PollPoint[]): PollStats {
  let valid = 0;
  let mean = 0;
  let m2 = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.value === null) {
      continue;
    }
    valid += 1;
    const delta = p.value - mean;
    mean += delta / valid;
    m2 += delta * (p.value - mean);
    min = Math.min(min, p.value);
    max = Math.max(max, p.value);
  }
  return valid === 0
    ? { count: points.length, valid, min: null, max: null, mean: null, std: null }
    : { count: points.length, valid, min, max, mean, std: Math.sqrt(m2 / valid) };
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
