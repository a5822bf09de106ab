import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { Reading } from '../domain/index';
import { auditChunk, auditSeries, startAudit } from './audit/audit-site';
import { hourly, hourMs, t0, testSite, valueAt } from './audit/audit-testing';
import { mergeFindings, type AuditFinding } from './audit/finding';
import {
  continuousSeries,
  lastCounterValue,
  continuousValue,
  counterSwapsOf,
  swapProblemsOf,
  volumeBetween,
  type CounterSwap,
} from './counter-swap';
import { demoPolicy } from './policy';

const swapReading = (over: Partial<Reading> & { oldFinal: number }): Reading => {
  const { oldFinal, ...rest } = over;
  return {
    ...(sampleRecords.readings as Reading),
    id: 'swap-1',
    value: 3,
    takenAt: t0 + 5 * hourMs,
    swap: {
      role: 'meter',
      oldEquipmentId: 'eq-1',
      oldSerial: 'A-100',
      oldFinal,
      oldFinalPhotoId: 'ph-old',
      newSerial: 'B-200',
      newModel: 'LDG-80',
      newInitialPhotoId: 'ph-new',
      faultId: null,
      correctionId: 'cr-1',
    },
    ...rest,
  };
};

describe('counter swaps of a site’s readings', () => {
  it('takes swap readings in time order, the new initial from the reading’s value', () => {
    const later = swapReading({ id: 'swap-2', oldFinal: 90, value: 0, takenAt: t0 + 9 * hourMs });
    const first = swapReading({ oldFinal: 1200 });
    const plain = { ...(sampleRecords.readings as Reading), id: 'rd-plain', swap: null };
    expect(counterSwapsOf([later, plain, first])).toEqual([
      { id: 'swap-1', element: 'volume', at: t0 + 5 * hourMs, oldFinal: 1200, newInitial: 3 },
      { id: 'swap-2', element: 'volume', at: t0 + 9 * hourMs, oldFinal: 90, newInitial: 0 },
    ]);
  });

  it('leaves out a withdrawn swap and one a correction replaced (the correction counts)', () => {
    const wrong = swapReading({ oldFinal: 1200 });
    const withdrawal = {
      ...wrong,
      id: 'wd-1',
      swap: null,
      supersedesId: 'swap-1',
      withdrawn: true,
    };
    expect(counterSwapsOf([wrong, withdrawal])).toEqual([]);
    const corrected = swapReading({ id: 'swap-1b', oldFinal: 1250, supersedesId: 'swap-1' });
    expect(counterSwapsOf([wrong, corrected]).map((s) => [s.id, s.oldFinal])).toEqual([['swap-1b', 1250]]);
  });
});

describe('the continuous scale', () => {
  const swaps: CounterSwap[] = [{ id: 's', element: 'volume', at: 100, oldFinal: 1000, newInitial: 5 }];
  it('a value at or after the swap is the new meter’s, carried by old final − new initial', () => {
    expect(continuousValue(swaps, 'volume', 99, 990)).toBe(990);
    expect(continuousValue(swaps, 'volume', 100, 5)).toBe(1000);
    expect(continuousValue(swaps, 'volume', 150, 25)).toBe(1020);
    expect(continuousValue(swaps, 'flow', 150, 25)).toBe(25);
    expect(volumeBetween(swaps, 'volume', { time: 90, value: 980 }, { time: 150, value: 25 })).toBe(40);
  });
});

/** A true cumulative volume over `n` hours from increments, and the meters' readings with swaps. */
const swappedSeries = fc
  .record({
    start: fc.integer({ min: 0, max: 10_000_000 }),
    increments: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 2, maxLength: 72 }),
    swapPoints: fc.uniqueArray(fc.integer({ min: 1, max: 71 }), { maxLength: 3 }),
    initials: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
    countedBefore: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ start, increments, swapPoints, initials, countedBefore }) => {
    const truth: number[] = [];
    let v = start;
    for (const inc of increments) {
      v += inc;
      truth.push(v);
    }
    const points = [...new Set(swapPoints.filter((p) => p < truth.length))].sort((a, b) => a - b);
    // Hour h's reading is taken at h; a swap at point p happens between hour p − 1 and hour p, after
    // the old meter counted part of that hour's water (`countedBefore`, at most the hour's increment).
    const swaps: CounterSwap[] = [];
    const readings: number[] = [];
    let offset = 0; // true − reading of the meter in place
    let next = 0;
    for (let h = 0; h < truth.length; h += 1) {
      if (next < points.length && points[next] === h) {
        const before = truth[h - 1] as number;
        const counted = Math.min(countedBefore[next] as number, (truth[h] as number) - before);
        const oldFinal = before + counted - offset;
        const newInitial = initials[next] as number;
        swaps.push({ id: `s${next}`, element: 'volume', at: t0 + h * hourMs - 1, oldFinal, newInitial });
        offset = before + counted - newInitial;
        next += 1;
      }
      readings.push((truth[h] as number) - offset);
    }
    return { start, truth, readings, swaps };
  });

describe('continuity across swaps (property)', () => {
  it('cumulative volume on the continuous scale is the true volume, whatever the series and swap points', () => {
    fc.assert(
      fc.property(swappedSeries, ({ truth, readings, swaps }) => {
        const points = readings.map((value, h) => ({ time: t0 + h * hourMs, value }));
        expect(continuousSeries(swaps, 'volume', points).map((p) => p.value)).toEqual(truth);
        for (let h = 1; h < readings.length; h += 1) {
          const a = points[h - 1] as { time: number; value: number };
          const b = points[h] as { time: number; value: number };
          expect(volumeBetween(swaps, 'volume', a, b)).toBe((truth[h] as number) - (truth[h - 1] as number));
        }
      }),
    );
  });

  it('the audit raises no counter finding for a swapped series, whole or chunk by chunk', () => {
    fc.assert(
      fc.property(swappedSeries, fc.integer({ min: 1, max: 71 }), ({ readings, swaps }, cut) => {
        const hours = readings.length;
        const site = testSite(['volume'], { swaps });
        const values = readings.map((value, h) => valueAt('volume', h, value));
        const input = { site, policy: demoPolicy, now: t0 + 1000 * hourMs };
        const whole = auditSeries({ ...input, values, from: t0, to: t0 + hours * hourMs });
        expect(whole.ok).toBe(true);
        const counterRules = (fs: readonly AuditFinding[]) =>
          fs.filter((f) => f.rule === 'cumulative_decrease' || f.rule === 'cumulative_flow_mismatch');
        expect(whole.ok && counterRules(whole.value)).toEqual([]);
        const split = t0 + Math.min(cut, hours - 1) * hourMs;
        const first = auditChunk({
          ...input,
          values: values.filter((v) => v.time < split),
          cursor: startAudit(site, t0),
          to: split,
        });
        if (!first.ok) {
          throw new Error(first.error.message);
        }
        const second = auditChunk({
          ...input,
          values: values.filter((v) => v.time >= split),
          cursor: first.value.cursor,
          to: t0 + hours * hourMs,
        });
        expect(second.ok && counterRules(mergeFindings(first.value.findings, second.value.findings))).toEqual(
          [],
        );
      }),
    );
  });
});

describe('the audit across a swap', () => {
  const flow = () => 10;
  const volumeAt = (h: number) => 5000 + 10 * h;
  /** Meter swapped at hour 12 (just before its reading): old final 5115, new meter from 2. */
  const swap: CounterSwap = {
    id: 's',
    element: 'volume',
    at: t0 + 12 * hourMs - 60_000,
    oldFinal: 5115,
    newInitial: 2,
  };
  const readings = (h: number) => (h < 12 ? volumeAt(h) : volumeAt(h) - 5115 + 2);
  const values = [...hourly('flow', 24, flow), ...hourly('volume', 24, readings)];
  const audit = (swaps: readonly CounterSwap[]) => {
    const r = auditSeries({
      site: testSite(['flow', 'volume'], { swaps }),
      values,
      from: t0,
      to: t0 + 24 * hourMs,
      policy: demoPolicy,
      now: t0 + 1000 * hourMs,
    });
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    return r.value.map((f) => [f.rule, f.from]);
  };

  it('without the swap the meter change reads as a counter going backwards (the false finding)', () => {
    expect(audit([])).toContainEqual(['cumulative_decrease', t0 + 11 * hourMs]);
  });

  it('with the swap there is no finding: the interval is judged old count + new count against the flow', () => {
    expect(audit([swap])).toEqual([]);
  });

  it('a swap whose old final is mistyped still shows as a mismatch against the flow', () => {
    expect(audit([{ ...swap, oldFinal: 5315 }]).map(([rule]) => rule)).toContain('cumulative_flow_mismatch');
  });
});

describe('what a swap form checks', () => {
  const base = {
    oldFinal: 5115,
    newInitial: 2,
    oldSerial: 'A-100',
    newSerial: 'B-200',
    at: t0,
    lastReading: { time: t0 - hourMs, value: 5110 },
    decreaseTolerance: 0,
    now: t0,
    clockSkewToleranceMinutes: 10,
  };
  it('finds nothing in a plausible swap', () => {
    expect(swapProblemsOf(base)).toEqual([]);
  });
  it('names each problem', () => {
    expect(swapProblemsOf({ ...base, oldFinal: 5000 })).toEqual(['old-final-below-last-reading']);
    expect(swapProblemsOf({ ...base, newSerial: ' A-100 ' })).toEqual(['new-serial-same-as-old']);
    expect(swapProblemsOf({ ...base, newInitial: -1 })).toEqual(['initial-not-a-counter']);
    expect(swapProblemsOf({ ...base, at: t0 + hourMs })).toEqual(['swap-in-future']);
  });
});

describe('the value a swap form compares with', () => {
  const reading = (over: Partial<Reading>): Reading => ({
    ...(sampleRecords.readings as Reading),
    swap: null,
    ...over,
  });
  it('is the newest of the crew’s current readings and the platform’s value', () => {
    const a = reading({ id: 'a', takenAt: 100, value: 50 });
    const b = reading({ id: 'b', takenAt: 300, value: 70 });
    const withdrawn = reading({ id: 'w', takenAt: 400, value: 70, supersedesId: 'b', withdrawn: true });
    const flow = reading({ id: 'f', element: 'flow', takenAt: 500, value: 3 });
    expect(lastCounterValue([a, b, flow], 'volume', { at: 200, value: 60 })).toEqual({
      time: 300,
      value: 70,
    });
    expect(lastCounterValue([a, b, withdrawn], 'volume', { at: 200, value: 60 })).toEqual({
      time: 200,
      value: 60,
    });
    expect(lastCounterValue([], 'volume', null)).toBeNull();
  });
  it('is none when a swap came after it (that was another meter)', () => {
    const a = reading({ id: 'a', takenAt: 100, value: 50 });
    const swap = swapReading({ id: 's', takenAt: 200, value: 1, oldFinal: 55 });
    expect(lastCounterValue([a, swap], 'volume', { at: 150, value: 52 })).toBeNull();
  });
});
