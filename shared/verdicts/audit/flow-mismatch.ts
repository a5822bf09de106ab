import { swapShift, type CounterSwap } from '../counter-swap';
import type { AuditPolicy } from './audit-policy';
import { extendRun, findingOfRun, type AuditFinding, type EvidencePoint, type Run } from './finding';

/**
 * Rule `cumulative_flow_mismatch`: between two consecutive accepted readings of the counter (volume,
 * m³), its increase must match the integral of instantaneous flow (m³/h) over the interval — by the
 * trapezoid rule over the accepted flow values from the first reading's time to the second's, both
 * ends present. It fires when |increase − integral| exceeds max(absTolerance, relTolerance × the larger
 * of the two). Intervals longer than `maxGapMinutes`, without flow at both ends, or where the counter
 * went backwards (its own rule) are not judged and end a run. Across a meter swap the increase is on the
 * continuous scale (counter-swap.ts): the old meter's count up to its final reading plus the new one's
 * from its initial reading. Consecutive mismatching intervals are one
 * finding on the counter's element, from the first interval's start to the last one's end.
 */
export type MismatchState = {
  /** The counter's last accepted reading. */
  lastVolume: EvidencePoint | null;
  /** Accepted flow values from `lastVolume`'s time on, in time order. */
  flows: EvidencePoint[];
  run: Run | null;
};

export function newMismatchState(): MismatchState {
  return { lastVolume: null, flows: [], run: null };
}

type MismatchPolicy = AuditPolicy['flowMismatch'];

export function mismatchParameters(p: MismatchPolicy): Record<string, number> {
  return { relTolerance: p.relTolerance, absTolerance: p.absTolerance, maxGapMinutes: p.maxGapMinutes };
}

/** The trapezoid integral of flow from `from` to `to` (null: no flow at either end), starting at `i`. */
function integral(flows: readonly EvidencePoint[], i: number, from: number, to: number): number | null {
  const first = flows[i];
  if (first?.time !== from) {
    return null;
  }
  let sum = 0;
  let prev = first;
  for (i += 1; i < flows.length; i += 1) {
    const f = flows[i] as EvidencePoint;
    if (f.time > to) {
      break;
    }
    sum += ((prev.value + f.value) / 2) * ((f.time - prev.time) / 3_600_000);
    prev = f;
  }
  return prev.time === to ? sum : null;
}

/**
 * Judges the counter readings of a chunk against the flow values (both accepted, in time order; the
 * chunk's flow values all precede the next chunk's). Mutates `s`; closed findings go to `out`.
 */
export function judgeMismatch(
  s: MismatchState,
  volumes: readonly EvidencePoint[],
  flows: readonly EvidencePoint[],
  p: MismatchPolicy,
  decreaseTolerance: number,
  siteCode: string,
  horizon: number,
  out: AuditFinding[],
  swaps: readonly CounterSwap[] = [],
): void {
  for (const f of flows) {
    s.flows.push(f);
  }
  const finding = (run: Run, ongoing: boolean) =>
    findingOfRun(
      run,
      { siteCode, element: p.volume, rule: 'cumulative_flow_mismatch' },
      mismatchParameters(p),
      ongoing,
    );
  let base = 0; // first flow value not before the previous reading (readings come in time order)
  for (const v of volumes) {
    const prev = s.lastVolume;
    while (prev !== null && base < s.flows.length && (s.flows[base] as EvidencePoint).time < prev.time) {
      base += 1;
    }
    let mismatch = false;
    const value = prev === null ? v.value : v.value + swapShift(swaps, p.volume, prev.time, v.time);
    if (
      prev !== null &&
      v.time - prev.time <= p.maxGapMinutes * 60_000 &&
      value >= prev.value - decreaseTolerance
    ) {
      const expected = integral(s.flows, base, prev.time, v.time);
      if (expected !== null) {
        const increase = value - prev.value;
        const allowed = Math.max(p.absTolerance, p.relTolerance * Math.max(increase, expected));
        if (Math.abs(increase - expected) > allowed) {
          mismatch = true;
          if (s.run === null) {
            s.run = extendRun(null, prev.time, prev);
            s.run.measures['increase'] = 0;
            s.run.measures['expected'] = 0;
          }
          extendRun(s.run, v.time, v);
          s.run.measures['increase'] = (s.run.measures['increase'] ?? 0) + increase;
          s.run.measures['expected'] = (s.run.measures['expected'] ?? 0) + expected;
        }
      }
    }
    if (!mismatch && s.run !== null) {
      out.push(finding(s.run, false));
      s.run = null;
    }
    s.lastVolume = v;
  }
  // Flow before the last reading is never integrated again (none at all before the first reading), nor
  // any once the next reading could only come after the longest judged interval.
  const since = s.lastVolume?.time ?? Infinity;
  s.flows = horizon > since + p.maxGapMinutes * 60_000 ? [] : s.flows.filter((f) => f.time >= since);
}

export function openMismatch(s: MismatchState, p: MismatchPolicy, siteCode: string): AuditFinding[] {
  return s.run === null
    ? []
    : [
        findingOfRun(
          s.run,
          { siteCode, element: p.volume, rule: 'cumulative_flow_mismatch' },
          mismatchParameters(p),
          true,
        ),
      ];
}
