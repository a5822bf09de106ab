import type { ElementCode, MonitoredValue } from '../../monitoring/values';
import { swapShift, type CounterSwap } from '../counter-swap';
import type { AuditPolicy } from './audit-policy';
import { extendRun, findingOfRun, type AuditFinding, type EvidencePoint, type Run } from './finding';
import { fillSlot, newSlotState, type SlotState } from './slots';
import { newSpikeState, pushSpike, type SpikeSeries, type SpikeState } from './spike';

/**
 * The audit of one element's series, value by value in device-time order. Its state is plain data (the
 * audit cursor) so the next chunk of the series continues where this one ended.
 *
 * Rules judged here, in order, for the values sharing one device time:
 * - `future_time`: a device time later than the receipt by more than the policy's clock-skew tolerance,
 *   or (for what the receiver delivered) earlier by more than `pastToleranceDays`. Such a value's time
 *   cannot place it, so no other rule sees it. Consecutive ones are one finding.
 * - `duplicate`: more than one original value (receiver or file) at the same time. A 补报 (`backfill`)
 *   value is a correction: it replaces the original rather than duplicating it. The value judged
 *   further is the latest correction, else the first original received.
 * - `negative`: below zero for an element that cannot be negative (named instead of `out_of_range`);
 * - `out_of_range`: outside the instrument's range where the site lists one (量程), else the element's
 *   plausible range (policy); the finding's parameters name the one that fired;
 *   such values fill their slot (the report came) but are not used by the rules below.
 * - `constant` (恒值): identical values spanning at least the element's window (zeros of an element at
 *   rest do not count);
 * - `cumulative_decrease`: a counter lower than its previous value by more than the tolerance, both on
 *   the continuous scale across the site's meter swaps (counter-swap.ts);
 * - `spike`: see spike.ts.
 */
export type ElementCursor = {
  time: Run | null;
  duplicate: Run | null;
  negative: Run | null;
  outOfRange: Run | null;
  constant: Run | null;
  constantValue: number;
  decrease: Run | null;
  /** Last accepted value (the previous reading of a counter). */
  last: EvidencePoint | null;
  spike: SpikeState;
  slots: SlotState;
};

export function newElementCursor(from: number, intervalMs: number): ElementCursor {
  return {
    time: null,
    duplicate: null,
    negative: null,
    outOfRange: null,
    constant: null,
    constantValue: 0,
    decrease: null,
    last: null,
    spike: newSpikeState(),
    slots: newSlotState(from, intervalMs),
  };
}

/** What the rules of one element read, resolved once per chunk from the policy and the site. */
export type ElementContext = {
  readonly head: { readonly siteCode: string; readonly element: ElementCode };
  readonly audit: AuditPolicy;
  readonly futureMs: number;
  readonly pastMs: number;
  /** The range `out_of_range` judges by: the instrument's where the site lists one, else the policy's. */
  readonly range: { readonly min: number; readonly max: number; readonly source: 'instrument' | 'plausible' };
  readonly nonNegative: boolean;
  readonly cumulative: boolean;
  readonly zeroIsRest: boolean;
  readonly constantMs: number | null;
  readonly spikeFloor: number;
  readonly intervalMs: number;
  readonly clockSkewToleranceMinutes: number;
  /** The site's counter swaps (any element; the counter rules pick their own). */
  readonly swaps: readonly CounterSwap[];
  /** How `spike` judges the values (`spikeFloor`, `zeroIsRest`, both ways) and a counter's rate. */
  readonly valueSeries: SpikeSeries;
  readonly rateSeries: SpikeSeries;
};

const point = (v: MonitoredValue): EvidencePoint => ({ time: v.time, value: v.value });

/** Whether a value's device time is from a wrong clock (see `future_time` above). */
export function clockIsWrong(v: MonitoredValue, futureMs: number, pastMs: number): boolean {
  return v.time - v.receivedAt > futureMs || (v.source === 'receiver' && v.receivedAt - v.time > pastMs);
}

/** The finding an open or closing run of `rule` amounts to (null: it does not qualify). */
export function runFinding(
  rule: 'future_time' | 'duplicate' | 'negative' | 'out_of_range' | 'constant' | 'cumulative_decrease',
  run: Run,
  ctx: ElementContext,
  ongoing: boolean,
): AuditFinding | null {
  if (rule === 'constant' && (ctx.constantMs === null || run.to - run.from < ctx.constantMs)) {
    return null; // most runs of equal values are one value long: no finding, nothing allocated
  }
  const head = { ...ctx.head, rule };
  switch (rule) {
    case 'future_time':
      return findingOfRun(
        run,
        head,
        {
          clockSkewToleranceMinutes: ctx.clockSkewToleranceMinutes,
          pastToleranceDays: ctx.audit.pastToleranceDays,
        },
        ongoing,
      );
    case 'duplicate':
      return findingOfRun(run, head, {}, ongoing);
    case 'negative':
      return findingOfRun(run, head, { min: 0 }, ongoing);
    case 'out_of_range':
      // The parameters' names say which range fired: the instrument's (量程) or the policy's.
      return findingOfRun(
        run,
        head,
        ctx.range.source === 'instrument'
          ? { instrumentMin: ctx.range.min, instrumentMax: ctx.range.max }
          : { plausibleMin: ctx.range.min, plausibleMax: ctx.range.max },
        ongoing,
      );
    case 'constant':
      return ctx.constantMs !== null && run.to - run.from >= ctx.constantMs
        ? findingOfRun(run, head, { windowHours: ctx.constantMs / 3_600_000 }, ongoing)
        : null;
    case 'cumulative_decrease':
      return findingOfRun(run, head, { tolerance: ctx.audit.decreaseTolerance }, ongoing);
  }
}

function close(
  rule: Parameters<typeof runFinding>[0],
  run: Run | null,
  ctx: ElementContext,
  out: AuditFinding[],
): null {
  if (run !== null) {
    const f = runFinding(rule, run, ctx, false);
    if (f !== null) {
      out.push(f);
    }
  }
  return null;
}

/**
 * Judges the values of one device time (`values[start..end)`, non-empty, all of this element and time;
 * mutates `c`).
 * Returns the accepted value (valid time and value) or null; findings that closed go to `out`.
 */
export function pushTimestamp(
  c: ElementCursor,
  values: readonly MonitoredValue[],
  start: number,
  end: number,
  ctx: ElementContext,
  out: AuditFinding[],
): EvidencePoint | null {
  const only = values[start] as MonitoredValue;
  if (end === start + 1 && !clockIsWrong(only, ctx.futureMs, ctx.pastMs)) {
    // One value at this time with a valid clock (nearly every time): the general case below with
    // no wrong time and at most one original, without its lists.
    c.time = close('future_time', c.time, ctx, out);
    c.duplicate = close('duplicate', c.duplicate, ctx, out);
    fillSlot(c.slots, only.time, ctx.intervalMs);
    return judgeValue(c, point(only), ctx, out);
  }
  let wrongTime = false;
  const originals: MonitoredValue[] = [];
  let correction: MonitoredValue | null = null;
  for (let i = start; i < end; i += 1) {
    const v = values[i] as MonitoredValue;
    if (clockIsWrong(v, ctx.futureMs, ctx.pastMs)) {
      wrongTime = true;
      c.time = extendRun(c.time, v.time, point(v));
      const offsetMinutes = Math.round((v.time - v.receivedAt) / 60_000);
      c.time.measures['largestOffsetMinutes'] =
        Math.abs(offsetMinutes) >= Math.abs(c.time.measures['largestOffsetMinutes'] ?? 0)
          ? offsetMinutes
          : (c.time.measures['largestOffsetMinutes'] ?? 0);
    } else if (v.source === 'backfill') {
      if (correction === null || v.receivedAt >= correction.receivedAt) {
        correction = v;
      }
    } else {
      originals.push(v);
    }
  }
  if (originals.length === 0 && correction === null) {
    return null; // only values with a wrong clock: they say nothing about this time
  }
  if (!wrongTime) {
    c.time = close('future_time', c.time, ctx, out);
  }
  if (originals.length > 1) {
    originals.sort((a, b) => a.receivedAt - b.receivedAt);
    for (const v of originals) {
      c.duplicate = extendRun(c.duplicate, v.time, point(v));
    }
  } else {
    c.duplicate = close('duplicate', c.duplicate, ctx, out);
  }
  const chosen = correction ?? (originals[0] as MonitoredValue);
  fillSlot(c.slots, chosen.time, ctx.intervalMs);
  return judgeValue(c, point(chosen), ctx, out);
}

function judgeValue(
  c: ElementCursor,
  p: EvidencePoint,
  ctx: ElementContext,
  out: AuditFinding[],
): EvidencePoint | null {
  const negative = ctx.nonNegative && p.value < 0;
  const outOfRange =
    !negative && (p.value < ctx.range.min || p.value > ctx.range.max || !Number.isFinite(p.value));
  c.negative = negative ? extendRun(c.negative, p.time, p) : close('negative', c.negative, ctx, out);
  c.outOfRange = outOfRange
    ? extendRun(c.outOfRange, p.time, p)
    : close('out_of_range', c.outOfRange, ctx, out);
  if (negative || outOfRange) {
    return null;
  }
  judgeConstant(c, p, ctx, out);
  if (ctx.cumulative) {
    judgeCounter(c, p, ctx, out);
  } else {
    const spike = pushSpike(c.spike, p, ctx.audit.spike, ctx.valueSeries, ctx.head);
    if (spike !== null) {
      out.push(spike);
    }
  }
  c.last = p;
  return p;
}

function judgeConstant(c: ElementCursor, p: EvidencePoint, ctx: ElementContext, out: AuditFinding[]): void {
  if (ctx.zeroIsRest && p.value === 0) {
    c.constant = close('constant', c.constant, ctx, out);
    return;
  }
  if (c.constant === null || c.constantValue !== p.value) {
    close('constant', c.constant, ctx, out);
    c.constantValue = p.value;
    // The closed run's object starts the new one (a finding copies what it keeps), so a series whose
    // value changes at every reading allocates no run per value.
    let run = c.constant;
    if (run === null) {
      run = extendRun(null, p.time, p);
    } else {
      run.from = p.time;
      run.count = 0;
      run.points.length = 0;
      extendRun(run, p.time, p);
    }
    run.measures['value'] = p.value;
    c.constant = run;
    return;
  }
  extendRun(c.constant, p.time, p);
}

/** A counter: going backwards, and spikes of its rate of increase per hour. */
function judgeCounter(c: ElementCursor, p: EvidencePoint, ctx: ElementContext, out: AuditFinding[]): void {
  const prev = c.last;
  if (prev === null) {
    return;
  }
  // Across a swap the new meter's value is compared on the old one's scale (a new baseline, continuous).
  const value = p.value + swapShift(ctx.swaps, ctx.head.element, prev.time, p.time);
  if (value < prev.value - ctx.audit.decreaseTolerance) {
    if (c.decrease === null) {
      c.decrease = extendRun(null, prev.time, prev);
      c.decrease.measures['decrease'] = 0;
    }
    extendRun(c.decrease, p.time, p);
    c.decrease.measures['decrease'] = (c.decrease.measures['decrease'] ?? 0) + (prev.value - value);
    return;
  }
  c.decrease = close('cumulative_decrease', c.decrease, ctx, out);
  const hours = (p.time - prev.time) / 3_600_000;
  if (hours > 0) {
    const rate = { time: p.time, value: (value - prev.value) / hours };
    const spike = pushSpike(c.spike, rate, ctx.audit.spike, ctx.rateSeries, ctx.head);
    if (spike !== null) {
      out.push(spike);
    }
  }
}

/** Findings of the runs still open at the end of a chunk (they may grow with the next one). */
export function openFindings(c: ElementCursor, ctx: ElementContext): AuditFinding[] {
  const open: [Parameters<typeof runFinding>[0], Run | null][] = [
    ['future_time', c.time],
    ['duplicate', c.duplicate],
    ['negative', c.negative],
    ['out_of_range', c.outOfRange],
    ['constant', c.constant],
    ['cumulative_decrease', c.decrease],
  ];
  return open.flatMap(([rule, run]) => {
    const f = run === null ? null : runFinding(rule, run, ctx, true);
    return f === null ? [] : [f];
  });
}
