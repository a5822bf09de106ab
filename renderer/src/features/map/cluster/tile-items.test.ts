import Supercluster from 'supercluster';
import { describe, expect, it } from 'vitest';
import { prng } from '../bench/synthetic-sites';
import { project, tilesCovering } from './tile-grid';
import { tileItems } from './tile-items';

type P = { i: number };

function index(n: number) {
  const rand = prng(7);
  const points = Array.from({ length: n }, (_, i) => ({
    type: 'Feature' as const,
    properties: { i },
    geometry: { type: 'Point' as const, coordinates: [100 + rand() * 4, 23 + rand() * 4] },
  }));
  const sc = new Supercluster<P, { n: number }>({ minZoom: 3, maxZoom: 11, radius: 60, extent: 256 });
  sc.load(points);
  return { sc, points };
}

describe('tileItems', () => {
  it('splits a view between its tiles with nothing lost and nothing twice', () => {
    const { sc } = index(3000);
    for (const zoom of [6, 9, 13]) {
      const a = project(27, 100, zoom);
      const b = project(23, 104, zoom);
      const tiles = tilesCovering({ minX: a.x, minY: a.y, maxX: b.x, maxY: b.y }, 0, zoom);
      const fromTiles = tiles.flatMap((t) => tileItems(sc, zoom, t));
      const whole = sc.getClusters([99.9, 22.9, 104.1, 27.1], zoom);
      expect(fromTiles.length).toBe(whole.length);
      const keys = fromTiles.map((item) => (item.site >= 0 ? `s${item.site}` : `c${item.cluster}`));
      expect(new Set(keys).size).toBe(keys.length);
      // Every item lies in the tile it came from.
      for (const t of tiles) {
        for (const item of tileItems(sc, zoom, t)) {
          expect(Math.floor(item.x / 256)).toBe(t.x);
          expect(Math.floor(item.y / 256)).toBe(t.y);
        }
      }
    }
  });

  it('gives clusters their count and single sites their index', () => {
    const { sc, points } = index(500);
    const zoom = 5;
    const a = project(27, 100, zoom);
    const b = project(23, 104, zoom);
    const items = tilesCovering({ minX: a.x, minY: a.y, maxX: b.x, maxY: b.y }, 0, zoom).flatMap((t) =>
      tileItems(sc, zoom, t),
    );
    const total = items.reduce((sum, item) => sum + item.count, 0);
    expect(total).toBe(points.length);
    expect(items.some((item) => item.cluster >= 0 && item.site === -1 && item.count > 1)).toBe(true);
    const high = 14;
    const p = project(points[0]!.geometry.coordinates[1]!, points[0]!.geometry.coordinates[0]!, high);
    const own = tileItems(sc, high, { x: Math.floor(p.x / 256), y: Math.floor(p.y / 256) });
    expect(own.some((item) => item.site === 0 && item.cluster === -1 && item.count === 1)).toBe(true);
  });
});
