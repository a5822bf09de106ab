import type { AuditFinding, Run } from './finding';
import { extendRun, findingOfRun } from './finding';

/**
 * Rule `missing` (漏报): an expected slot of an element with no value whose device time falls in it.
 * Slots are the multiples of the site's report interval since the epoch (for the intervals in use —
 * divisors of a day that divide 8 h — the same instants in Beijing time), from the first whole slot
 * of the audit onwards. A slot is judged once it has ended within the audited window and its allowed
 * delay has passed, so the last hour is not called missing while its report may still be on its way.
 * Consecutive missing slots are one finding from the first slot's start to the last one's.
 */
export type SlotState = {
  /** Index (time ÷ interval) of the next slot to judge. */
  next: number;
  /** Slots at or after `next` that have a value (few: only those not judged yet). */
  filled: number[];
  run: Run | null;
};

export function newSlotState(from: number, intervalMs: number): SlotState {
  return { next: Math.ceil(from / intervalMs), filled: [], run: null };
}

/** Marks the slot of a value with a valid time as filled (mutates `s`). */
export function fillSlot(s: SlotState, time: number, intervalMs: number): void {
  const index = Math.floor(time / intervalMs);
  if (index >= s.next && s.filled[s.filled.length - 1] !== index) {
    s.filled.push(index);
  }
}

export type SlotContext = {
  readonly head: Pick<AuditFinding, 'siteCode' | 'element'>;
  readonly intervalMs: number;
  readonly delayMs: number;
};

/**
 * Judges the slots that ended by `horizon` and whose delay has passed by `now` (mutates `s`); closed
 * runs of missing slots go to `out`.
 */
export function judgeSlots(
  s: SlotState,
  ctx: SlotContext,
  horizon: number,
  now: number,
  out: AuditFinding[],
): void {
  const { intervalMs } = ctx;
  const limit = Math.min(Math.floor(horizon / intervalMs), Math.floor((now - ctx.delayMs) / intervalMs));
  let f = 0;
  for (let k = s.next; k < limit; k += 1) {
    while (f < s.filled.length && (s.filled[f] as number) < k) {
      f += 1;
    }
    if (s.filled[f] === k) {
      if (s.run !== null) {
        out.push(missingFinding(s.run, ctx, false));
        s.run = null;
      }
    } else {
      s.run = extendRun(s.run, k * intervalMs, null);
    }
  }
  if (limit > s.next) {
    s.filled = s.filled.filter((k) => k >= limit);
    s.next = limit;
  }
}

export function missingFinding(run: Run, ctx: SlotContext, ongoing: boolean): AuditFinding {
  return findingOfRun(
    run,
    { ...ctx.head, rule: 'missing' },
    { slotMinutes: ctx.intervalMs / 60_000, allowedDelayMinutes: ctx.delayMs / 60_000 },
    ongoing,
  );
}
