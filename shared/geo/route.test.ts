import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wgs84, type Wgs84 } from './coords';
import { distanceM } from './distance';
import { orderRoute, routeInOrder } from './route';

function permutations(n: number): number[][] {
  if (n === 0) {
    return [[]];
  }
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

function bruteForce(start: Wgs84 | null, stops: readonly Wgs84[]): number {
  let best = Infinity;
  for (const perm of permutations(stops.length)) {
    const path = [...(start ? [start] : []), ...perm.map((i) => stops[i] as Wgs84)];
    let len = 0;
    for (let i = 1; i < path.length; i += 1) {
      len += distanceM(path[i - 1] as Wgs84, path[i] as Wgs84);
    }
    best = Math.min(best, len);
  }
  return best;
}

// A county-sized box around Kunming, where a day's stops are.
const point = fc
  .tuple(fc.double({ min: 24.5, max: 25.5, noNaN: true }), fc.double({ min: 102.3, max: 103.3, noNaN: true }))
  .map(([lat, lng]) => wgs84(lat, lng));

describe('route ordering', () => {
  it('is never worse than 10 % off the brute-force optimum, and optimal on at least 95 % of small cases', () => {
    let optimal = 0;
    let cases = 0;
    fc.assert(
      fc.property(
        fc.option(point, { nil: null }),
        fc.array(point, { minLength: 1, maxLength: 7 }),
        (start, stops) => {
          const route = orderRoute(start, stops, (p) => p);
          const best = bruteForce(start, stops);
          cases += 1;
          if (route.totalM <= best + 1e-6) {
            optimal += 1;
          }
          expect(route.totalM).toBeLessThanOrEqual(best * 1.1 + 1e-6);
          expect([...route.order].sort((a, b) => a - b)).toEqual(stops.map((_, i) => i));
        },
      ),
      { numRuns: 300, seed: 20261125, endOnFailure: true },
    );
    expect(optimal / cases).toBeGreaterThanOrEqual(0.95);
  });

  it('visits collinear stops in order from the start, with legs that add up', () => {
    const start = wgs84(25, 102);
    const stops = [wgs84(25, 102.3), wgs84(25, 102.1), wgs84(25, 102.2)];
    const route = orderRoute(start, stops, (p) => p);
    expect(route.order).toEqual([1, 2, 0]);
    expect(route.legs.map((l) => l.fromIndex)).toEqual([null, 1, 2]);
    expect(route.legs.reduce((s, l) => s + l.distanceM, 0)).toBeCloseTo(route.totalM, 6);
    expect(route.totalM).toBeCloseTo(distanceM(start, wgs84(25, 102.3)), 0);
  });

  it('keeps a hand-made order and measures it', () => {
    const start = wgs84(25, 102);
    const stops = [wgs84(25, 102.3), wgs84(25, 102.1)];
    const manual = routeInOrder(start, stops, (p) => p);
    expect(manual.stops).toEqual(stops);
    expect(manual.totalM).toBeGreaterThan(orderRoute(start, stops, (p) => p).totalM);
  });

  it('handles no stops and no position', () => {
    expect(orderRoute(null, [], (p: Wgs84) => p).totalM).toBe(0);
    const one = orderRoute(null, [wgs84(25, 102)], (p) => p);
    expect(one.order).toEqual([0]);
    expect(one.totalM).toBe(0);
  });

  it('orders a hundred stops quickly', () => {
    const stops = fc.sample(point, { numRuns: 100, seed: 7 });
    const t0 = performance.now();
    const route = orderRoute(wgs84(25, 102.8), stops, (p) => p);
    expect(route.order.length).toBe(100);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
