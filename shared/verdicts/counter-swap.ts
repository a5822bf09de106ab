import type { Reading } from '../domain/index';

/**
 * 换表 continuity: when a meter (or the RTU that counts its pulses) is replaced, the counter the
 * platform receives jumps from the old instrument's final reading to the new one's initial reading.
 * The swap is recorded as a reading (readings v2, `swap`): the new instrument's initial reading at the
 * time it was fitted, with the old one's final reading.
 *
 * Rule, in words: a value of the counter taken at or after a swap's time is the new instrument's; put on
 * the scale of the site's first instrument it is the value plus, for every swap of that element up to
 * its time, (old final − new initial). On that continuous scale the volume between two values is their
 * difference, whatever swaps lie between them: what the old meter counted after the earlier value up to
 * its final reading, plus what the new one counted from its initial reading. The data audit judges
 * `cumulative_decrease` and `cumulative_flow_mismatch` on that scale, so a swap never reads as a counter
 * going backwards; reconciliation carries a new meter's reading onto the scale of the platform's older value.
 */
export type CounterSwap = {
  /** The swap reading's id. */
  readonly id: string;
  /** The counter's element (`volume`). */
  readonly element: string;
  /** When the new instrument was fitted: its values start here. */
  readonly at: number;
  readonly oldFinal: number;
  readonly newInitial: number;
};

/**
 * The swaps a site's readings record, in time order: swap readings not withdrawn (a withdrawal is a
 * later reading naming the swap in `supersedesId`), and not superseded by a correction (the correction
 * is the swap then, if it is one).
 */
export function counterSwapsOf(readings: readonly Reading[]): CounterSwap[] {
  const replaced = new Set(
    readings.flatMap((r) =>
      r.supersedesId === null || r.supersedesId === undefined ? [] : [r.supersedesId],
    ),
  );
  return readings
    .flatMap((r) =>
      r.swap === null || r.swap === undefined || r.withdrawn === true || replaced.has(r.id)
        ? []
        : [
            {
              id: r.id,
              element: r.element,
              at: r.takenAt,
              oldFinal: r.swap.oldFinal,
              newInitial: r.value,
            },
          ],
    )
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * What to add to a raw counter value of `element` in time to carry it across the swaps in (from, to]
 * (a value at `from` or before is on the old scale, one at `to` after a swap on the new one).
 */
export function swapShift(swaps: readonly CounterSwap[], element: string, from: number, to: number): number {
  let shift = 0;
  for (const s of swaps) {
    if (s.element === element && s.at > from && s.at <= to) {
      shift += s.oldFinal - s.newInitial;
    }
  }
  return shift;
}

/** A raw counter value at `time` on the scale of the site's first instrument. */
export function continuousValue(
  swaps: readonly CounterSwap[],
  element: string,
  time: number,
  value: number,
): number {
  return value + swapShift(swaps, element, -Infinity, time);
}

/** A counter series (any order) on the continuous scale, same order. */
export function continuousSeries<P extends { readonly time: number; readonly value: number }>(
  swaps: readonly CounterSwap[],
  element: string,
  points: readonly P[],
): P[] {
  return points.map((p) => ({ ...p, value: continuousValue(swaps, element, p.time, p.value) }));
}

/** The volume counted between two raw values of the counter (`a` before `b`), across any swaps. */
export function volumeBetween(
  swaps: readonly CounterSwap[],
  element: string,
  a: { readonly time: number; readonly value: number },
  b: { readonly time: number; readonly value: number },
): number {
  return b.value + swapShift(swaps, element, a.time, b.time) - a.value;
}

/**
 * The counter's newest value a swap form compares the old meter's final reading with: the newest of the
 * crew's own readings of `element` (current, not withdrawn, not swaps) and the platform's last value —
 * none when a swap came after it (that value was of a meter no longer in place).
 */
export function lastCounterValue(
  readings: readonly Reading[],
  element: string,
  platform: { readonly value: number; readonly at: number } | null,
): { readonly time: number; readonly value: number } | null {
  const superseded = new Set(readings.flatMap((r) => (r.supersedesId ? [r.supersedesId] : [])));
  const own = readings
    .filter(
      (r) =>
        r.element === element && r.withdrawn !== true && (r.swap ?? null) === null && !superseded.has(r.id),
    )
    .map((r) => ({ time: r.takenAt, value: r.value }));
  const candidates = [...own, ...(platform === null ? [] : [{ time: platform.at, value: platform.value }])];
  const last = candidates.sort((a, b) => b.time - a.time)[0];
  return last === undefined || counterSwapsOf(readings).some((s) => s.element === element && s.at > last.time)
    ? null
    : last;
}

export const swapProblems = [
  'old-final-below-last-reading',
  'new-serial-same-as-old',
  'initial-not-a-counter',
  'swap-in-future',
] as const;
export type SwapProblem = (typeof swapProblems)[number];

/**
 * What a swap form's figures say before it is saved: the old meter's final reading below a reading
 * already taken of it (tolerance of the policy's `decreaseTolerance`) is a typing slip or the wrong
 * meter; the new serial equal to the old one is no swap; a negative or non-finite initial reading is
 * no counter; a swap after `now` (beyond the clock-skew tolerance) cannot have happened yet.
 */
export function swapProblemsOf(input: {
  readonly oldFinal: number;
  readonly newInitial: number;
  readonly oldSerial: string | null;
  readonly newSerial: string;
  readonly at: number;
  readonly lastReading: { readonly time: number; readonly value: number } | null;
  readonly decreaseTolerance: number;
  readonly now: number;
  readonly clockSkewToleranceMinutes: number;
}): SwapProblem[] {
  const out: SwapProblem[] = [];
  const last = input.lastReading;
  if (last !== null && last.time <= input.at && input.oldFinal < last.value - input.decreaseTolerance) {
    out.push('old-final-below-last-reading');
  }
  if (input.oldSerial !== null && input.oldSerial.trim() === input.newSerial.trim()) {
    out.push('new-serial-same-as-old');
  }
  if (!Number.isFinite(input.newInitial) || input.newInitial < 0 || !Number.isFinite(input.oldFinal)) {
    out.push('initial-not-a-counter');
  }
  if (input.at > input.now + input.clockSkewToleranceMinutes * 60_000) {
    out.push('swap-in-future');
  }
  return out;
}
