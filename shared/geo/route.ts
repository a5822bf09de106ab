import type { Wgs84 } from './coords';
import { distanceM, type Metres } from './distance';

/**
 * The day's route: an open path from where the crew is through every stop, by straight-line distance.
 * Nearest-neighbour gives a start, 2-opt removes crossings, or-opt moves stray stops. Exact for the handful of stops a crew has
 * on most days in practice (checked against brute force in the tests), and fast for a hundred.
 */
export type RouteLeg = {
  readonly fromIndex: number | null;
  readonly toIndex: number;
  readonly distanceM: Metres;
};

export type Route<T> = {
  /** The stops in visiting order. */
  readonly stops: readonly T[];
  /** Original index of each stop in visiting order. */
  readonly order: readonly number[];
  /** One leg per stop: from the previous stop (or the start, fromIndex null) to it. */
  readonly legs: readonly RouteLeg[];
  readonly totalM: Metres;
};

type Matrix = Float64Array;

function buildMatrix(points: readonly Wgs84[]): Matrix {
  const n = points.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const pi = points[i];
      const pj = points[j];
      if (pi !== undefined && pj !== undefined) {
        const d = distanceM(pi, pj);
        m[i * n + j] = d;
        m[j * n + i] = d;
      }
    }
  }
  return m;
}

function pathLength(path: readonly number[], m: Matrix, n: number): number {
  let sum = 0;
  for (let i = 1; i < path.length; i += 1) {
    sum += m[(path[i - 1] ?? 0) * n + (path[i] ?? 0)] ?? 0;
  }
  return sum;
}

function nearestNeighbour(first: number, nodes: readonly number[], m: Matrix, n: number): number[] {
  const path = [first];
  const left = new Set(nodes.filter((i) => i !== first));
  let at = first;
  while (left.size > 0) {
    let best = -1;
    let bestD = Infinity;
    for (const j of left) {
      const d = m[at * n + j] ?? Infinity;
      if (d < bestD || (d === bestD && j < best)) {
        best = j;
        bestD = d;
      }
    }
    path.push(best);
    left.delete(best);
    at = best;
  }
  return path;
}

/** 2-opt on an open path whose first node stays fixed (the crew's position, or the chosen first stop). */
function twoOpt(path: number[], m: Matrix, n: number): number[] {
  const p = [...path];
  const d = (i: number, j: number) => m[(p[i] ?? 0) * n + (p[j] ?? 0)] ?? 0;
  let improved = true;
  let rounds = 0;
  while (improved && rounds < 1000) {
    improved = false;
    rounds += 1;
    for (let i = 0; i < p.length - 2; i += 1) {
      for (let k = i + 2; k < p.length; k += 1) {
        // Reversing p[i+1..k] swaps edges (i,i+1),(k,k+1) for (i,k),(i+1,k+1); an open end has no (k,k+1).
        const before = d(i, i + 1) + (k + 1 < p.length ? d(k, k + 1) : 0);
        const after = d(i, k) + (k + 1 < p.length ? d(i + 1, k + 1) : 0);
        if (after < before - 1e-9) {
          p.splice(i + 1, k - i, ...p.slice(i + 1, k + 1).reverse());
          improved = true;
        }
      }
    }
  }
  return p;
}

/**
 * Or-opt: moves a run of 1–3 stops (either way round) to another place in the path. 2-opt alone
 * leaves detours that only a move fixes; the pair together is what the tests hold to brute force.
 */
function orOpt(path: number[], m: Matrix, n: number): { path: number[]; improved: boolean } {
  const d = (i: number | undefined, j: number | undefined) =>
    i === undefined || j === undefined ? 0 : (m[i * n + j] ?? 0);
  for (let seg = 1; seg <= 3; seg += 1) {
    for (let i = 1; i + seg <= path.length; i += 1) {
      const run = path.slice(i, i + seg);
      const prev = path[i - 1];
      const next = path[i + seg];
      const first = run[0];
      const last = run[seg - 1];
      const gain = d(prev, first) + d(last, next) - (next === undefined ? 0 : d(prev, next));
      const rest = [...path.slice(0, i), ...path.slice(i + seg)];
      for (let j = 1; j <= rest.length; j += 1) {
        if (j === i) {
          continue; // its own place
        }
        const a = rest[j - 1];
        const b = rest[j];
        const bridge = b === undefined ? 0 : d(a, b);
        const forward = d(a, first) + d(last, b) - bridge;
        const backward = d(a, last) + d(first, b) - bridge;
        const cost = Math.min(forward, seg > 1 ? backward : Infinity);
        if (cost < gain - 1e-9) {
          const piece = forward <= backward || seg === 1 ? run : [...run].reverse();
          return { path: [...rest.slice(0, j), ...piece, ...rest.slice(j)], improved: true };
        }
      }
    }
  }
  return { path, improved: false };
}

function refine(path: number[], m: Matrix, n: number): number[] {
  let p = twoOpt(path, m, n);
  for (let round = 0; round < 10_000; round += 1) {
    const moved = orOpt(p, m, n);
    if (!moved.improved) {
      break;
    }
    p = twoOpt(moved.path, m, n);
  }
  return p;
}

function legsOf(path: readonly number[], m: Matrix, n: number, hasStart: boolean): RouteLeg[] {
  const legs: RouteLeg[] = [];
  const offset = hasStart ? 1 : 0;
  for (let i = hasStart ? 1 : 0; i < path.length; i += 1) {
    const node = path[i] ?? 0;
    const prev = i > 0 ? (path[i - 1] ?? 0) : null;
    legs.push({
      fromIndex: prev === null || (hasStart && prev === 0) ? null : prev - offset,
      toIndex: node - offset,
      distanceM: (prev === null ? 0 : (m[prev * n + node] ?? 0)) as Metres,
    });
  }
  return legs;
}

/** Without a position every stop could come first: all of them for a short day, else the extremes. */
function candidateFirsts(points: readonly Wgs84[]): number[] {
  if (points.length <= 12) {
    return points.map((_, i) => i);
  }
  const pick = new Set<number>([0]);
  const by = (key: (p: Wgs84) => number, sign: 1 | -1) => {
    let best = 0;
    points.forEach((p, i) => {
      if (sign * key(p) > sign * key(points[best] ?? p)) {
        best = i;
      }
    });
    pick.add(best);
  };
  by((p) => p.lat, 1);
  by((p) => p.lat, -1);
  by((p) => p.lng, 1);
  by((p) => p.lng, -1);
  return [...pick];
}

/**
 * Orders `stops` into a route from `start` (or, with no position, from whichever first stop gives the
 * shortest path). Ties break by original index, so the same input always gives the same route.
 */
export function orderRoute<T>(
  start: Wgs84 | null,
  stops: readonly T[],
  positionOf: (stop: T) => Wgs84,
): Route<T> {
  const points = [...(start === null ? [] : [start]), ...stops.map(positionOf)];
  const n = points.length;
  const offset = start === null ? 0 : 1;
  if (stops.length === 0) {
    return { stops: [], order: [], legs: [], totalM: 0 as Metres };
  }
  const m = buildMatrix(points);
  const nodes = points.map((_, i) => i);
  let best: number[] = [];
  let bestLen = Infinity;
  const firsts = start === null ? candidateFirsts(points) : [0];
  for (const first of firsts) {
    const path = refine(nearestNeighbour(first, nodes, m, n), m, n);
    const len = pathLength(path, m, n);
    if (len < bestLen - 1e-9) {
      best = path;
      bestLen = len;
    }
  }
  const order = best.slice(offset).map((i) => i - offset);
  return {
    stops: order.map((i) => stops[i] as T),
    order,
    legs: legsOf(best, m, n, start !== null),
    totalM: bestLen as Metres,
  };
}

/** Length of a route in a given (e.g. hand-edited) order: the legs as the crew will drive them. */
export function routeInOrder<T>(
  start: Wgs84 | null,
  stops: readonly T[],
  positionOf: (stop: T) => Wgs84,
): Route<T> {
  const points = [...(start === null ? [] : [start]), ...stops.map(positionOf)];
  const m = buildMatrix(points);
  const path = points.map((_, i) => i);
  return {
    stops: [...stops],
    order: stops.map((_, i) => i),
    legs: legsOf(path, m, points.length, start !== null),
    totalM: pathLength(path, m, points.length) as Metres,
  };
}
