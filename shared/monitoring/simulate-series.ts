import { createRandom } from '../demo/random';
import type { ElementCode, MonitoredValue } from './values';

/**
 * Plausible, clean monitoring series for tests and benchmarks: every slot reported once, on time, by
 * the receiver, with values a healthy site shows — an intake's pump running or at rest with ±5 % noise
 * and a cumulative volume that is exactly the trapezoid integral of its flow; water quality and level
 * as slow random walks that never repeat a value and stay inside their plausible ranges.
 */
export type SeriesSpec = {
  readonly siteCode: string;
  readonly elements: readonly ElementCode[];
  /** First slot, ms since epoch (a multiple of the interval). */
  readonly from: number;
  readonly slots: number;
  readonly intervalMinutes: number;
  readonly seed: number;
};

/** Centre and greatest step per slot of the random walks (steps stay far below the spike threshold). */
const walks: Partial<Record<ElementCode, { readonly centre: number; readonly step: number }>> = {
  level: { centre: 120, step: 0.02 },
  velocity: { centre: 1.2, step: 0.01 },
  ph: { centre: 7.4, step: 0.02 },
  do: { centre: 7, step: 0.05 },
  turbidity: { centre: 30, step: 0.3 },
  codmn: { centre: 4, step: 0.03 },
  cod: { centre: 15, step: 0.1 },
  nh3n: { centre: 0.5, step: 0.005 },
  tp: { centre: 0.1, step: 0.001 },
  tn: { centre: 1, step: 0.01 },
  conductivity: { centre: 400, step: 2 },
  temperature: { centre: 18, step: 0.1 },
};

export function simulateCleanSeries(spec: SeriesSpec): MonitoredValue[] {
  const random = createRandom(spec.seed);
  const stepMs = spec.intervalMinutes * 60_000;
  const out: MonitoredValue[] = [];
  const base = random.between(20, 500);
  let running = random.chance(0.5);
  let flow = 0;
  let volume = Math.round(random.between(1_000, 1_000_000));
  const walk = new Map<ElementCode, number>();
  for (let i = 0; i < spec.slots; i += 1) {
    const time = spec.from + i * stepMs;
    const receivedAt = time + random.int(5_000, 300_000);
    if (random.chance(0.1)) {
      running = !running;
    }
    const nextFlow = running ? base * random.between(0.95, 1.05) : 0;
    if (i > 0) {
      volume += ((flow + nextFlow) / 2) * (stepMs / 3_600_000);
    }
    flow = nextFlow;
    for (const element of spec.elements) {
      let value: number;
      if (element === 'flow') {
        value = flow;
      } else if (element === 'volume') {
        value = volume;
      } else {
        const w = walks[element] ?? { centre: 10, step: 0.05 };
        const previous = walk.get(element) ?? w.centre;
        // A step never zero (a healthy analyser never repeats exactly), pulled back towards the centre.
        const size = w.step * random.between(0.1, 1);
        const sign =
          previous > w.centre * 1.1 ? -1 : previous < w.centre * 0.9 ? 1 : random.chance(0.5) ? 1 : -1;
        value = previous + sign * size;
        walk.set(element, value);
      }
      out.push({ siteCode: spec.siteCode, element, time, value, flag: null, source: 'receiver', receivedAt });
    }
  }
  return out;
}
