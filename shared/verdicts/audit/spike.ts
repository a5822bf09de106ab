import type { ElementCode } from '../../monitoring/values';
import type { AuditPolicy } from './audit-policy';
import type { AuditFinding, EvidencePoint } from './finding';

/**
 * Rule `spike` (尖峰), by robust statistics rather than a fixed threshold. Each value is compared with
 * the median of the last `window` accepted values of the same series; its distance is measured in
 * scale = max(1.4826 × MAD, relativeFloor × |median|, absoluteFloor) (1.4826 × MAD estimates the
 * standard deviation of normal noise and ignores the outliers themselves). A value further than k ×
 * scale is a candidate; it is a spike only when the series comes back within k × scale after at most
 * `maxLength` values — a level that stays (a pump starting, a gate opening) is a change of state and
 * joins the reference. Nothing is judged before `minSamples` references exist. For an element whose
 * zero means rest, a zero value or a zero median is not judged (starting and stopping are operations).
 * A cumulative counter is judged on its rate of increase per hour between consecutive values, and only
 * for jumps upwards.
 */
export type SpikeState = {
  /** Reference values in arrival order (at most `window`). */
  ref: number[];
  /** The same values, sorted (kept to find median and MAD without sorting per value). */
  sorted: number[];
  /** Candidates waiting to see whether the series comes back. */
  pending: EvidencePoint[];
  /** Median and scale the pending candidates were judged against. */
  pendingMedian: number;
  pendingScale: number;
};

export function newSpikeState(): SpikeState {
  return { ref: [], sorted: [], pending: [], pendingMedian: 0, pendingScale: 0 };
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function addReference(s: SpikeState, x: number, window: number): void {
  const sorted = s.sorted;
  s.ref.push(x);
  if (s.ref.length > window) {
    // The oldest leaves and `x` enters: one shift of the sorted values between the two places.
    const old = s.ref.shift() as number;
    let i = lowerBound(sorted, old);
    const at = lowerBound(sorted, x);
    if (at <= i) {
      for (; i > at; i -= 1) {
        sorted[i] = sorted[i - 1] as number;
      }
      sorted[at] = x;
    } else {
      for (; i < at - 1; i += 1) {
        sorted[i] = sorted[i + 1] as number;
      }
      sorted[at - 1] = x;
    }
    return;
  }
  let i = sorted.length;
  sorted.push(x);
  for (; i > 0 && (sorted[i - 1] as number) >= x; i -= 1) {
    sorted[i] = sorted[i - 1] as number;
  }
  sorted[i] = x;
}

function medianOf(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = n >>> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median absolute deviation of a sorted array around its median: the deviations below the median
 * grow leftwards and those above grow rightwards, so merging the two walks gives them in order.
 */
function madOf(sorted: readonly number[], median: number): number {
  const n = sorted.length;
  const devs: number[] = new Array<number>(n);
  let left = lowerBound(sorted, median) - 1;
  let right = left + 1;
  for (let i = 0; i < n; i += 1) {
    const dl = left >= 0 ? median - (sorted[left] as number) : Infinity;
    const dr = right < n ? (sorted[right] as number) - median : Infinity;
    if (dl <= dr) {
      devs[i] = dl;
      left -= 1;
    } else {
      devs[i] = dr;
      right += 1;
    }
  }
  return medianOf(devs);
}

export type SpikeParameters = AuditPolicy['spike'];

/** The policy values a spike finding names. */
export function spikeParameters(p: SpikeParameters, element: ElementCode): Record<string, number> {
  return {
    k: p.k,
    window: p.window,
    minSamples: p.minSamples,
    maxLength: p.maxLength,
    relativeFloor: p.relativeFloor,
    absoluteFloor: p.absoluteFloor[element] ?? 0,
  };
}

/** How one series is judged: its absolute floor, and whether zero is rest and only rises count. */
export type SpikeSeries = {
  readonly absoluteFloor: number;
  readonly zeroIsRest: boolean;
  /** A counter's rate: a dip is the pump slowing or stopping, only a jump is suspect. */
  readonly upwardOnly: boolean;
};

/**
 * Feeds one value (mutates `s`); returns the spike it completes, if any (the pending candidates, now
 * known to have come back).
 */
export function pushSpike(
  s: SpikeState,
  point: EvidencePoint,
  p: SpikeParameters,
  series: SpikeSeries,
  head: Pick<AuditFinding, 'siteCode' | 'element'>,
): AuditFinding | null {
  const x = point.value;
  const enough = s.sorted.length >= p.minSamples;
  const median = enough ? medianOf(s.sorted) : 0;
  const judged = enough && !(series.zeroIsRest && (x === 0 || median === 0));
  let deviates = false;
  let scale = 0;
  if (judged) {
    const distance = series.upwardOnly ? x - median : Math.abs(x - median);
    const floor = Math.max(p.relativeFloor * Math.abs(median), series.absoluteFloor);
    // The scale is at least the floor: a value within k × floor cannot deviate, MAD or not (most values).
    if (distance > p.k * floor || floor === 0) {
      scale = Math.max(1.4826 * madOf(s.sorted, median), floor);
      deviates = scale > 0 ? distance > p.k * scale : distance > 0;
    }
  }
  if (deviates) {
    if (s.pending.length === 0) {
      s.pendingMedian = median;
      s.pendingScale = scale;
    }
    s.pending.push(point);
    if (s.pending.length > p.maxLength) {
      // It stayed: a new level, not a spike. The candidates become references.
      for (const c of s.pending) {
        addReference(s, c.value, p.window);
      }
      s.pending = [];
    }
    return null;
  }
  let found: AuditFinding | null = null;
  if (s.pending.length > 0) {
    if (judged) {
      const first = s.pending[0] as EvidencePoint;
      const last = s.pending[s.pending.length - 1] as EvidencePoint;
      found = {
        ...head,
        rule: 'spike',
        from: first.time,
        to: last.time,
        evidence: {
          values: [...s.pending],
          count: s.pending.length,
          measures: {
            median: s.pendingMedian,
            scale: s.pendingScale,
            returnedAt: point.time,
            returnedTo: x,
          },
        },
        parameters: spikeParameters(p, head.element),
        ongoing: false,
      };
    } else {
      // Came back to rest (or to an unjudged value): the candidates are not called spikes.
      for (const c of s.pending) {
        addReference(s, c.value, p.window);
      }
    }
    s.pending = [];
  }
  addReference(s, x, p.window);
  return found;
}
