import { describe, expect, it } from 'vitest';
import { project, tileKey, tilesCovering, tileSize, unproject, worldSize } from './tile-grid';

describe('Web Mercator pixels', () => {
  it('matches Leaflet EPSG:3857 at known points and round-trips', () => {
    // Leaflet: L.CRS.EPSG3857.latLngToPoint([0, 0], 0) = (128, 128); the world is 256 · 2^z wide.
    expect(project(0, 0, 0)).toEqual({ x: 128, y: 128 });
    expect(worldSize(3)).toBe(2048);
    const p = project(25, 102, 7);
    // The textbook slippy-map formula, written differently: x = 2^z·256·(lng + 180)/360,
    // y = 2^z·256·(1 − ln(tan φ + sec φ)/π)/2.
    const phi = (25 * Math.PI) / 180;
    expect(p.x).toBeCloseTo((32768 * (102 + 180)) / 360, 6);
    expect(p.y).toBeCloseTo((32768 * (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI)) / 2, 6);
    const back = unproject(p.x, p.y, 7);
    expect(back.lat).toBeCloseTo(25, 9);
    expect(back.lng).toBeCloseTo(102, 9);
  });
});

describe('tilesCovering', () => {
  it('covers the rectangle and its margin, centre tiles first, inside the world', () => {
    const tiles = tilesCovering({ minX: 300, minY: 300, maxX: 700, maxY: 500 }, 30, 3);
    const keys = new Set(tiles.map((t) => `${t.x},${t.y}`));
    // x: (300-30)/256 → 1 … (700+30)/256 → 2; y: 1 … 2.
    expect(keys).toEqual(new Set(['1,1', '2,1', '1,2', '2,2']));
    const edge = tilesCovering({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, 100, 1);
    expect(edge.every((t) => t.x >= 0 && t.y >= 0 && t.x <= 1 && t.y <= 1)).toBe(true);
    const wide = tilesCovering({ minX: 0, minY: 0, maxX: 5 * tileSize, maxY: tileSize }, 0, 5);
    const centre = wide[0]!;
    expect(Math.abs(centre.x - 2.5)).toBeLessThanOrEqual(0.5);
  });

  it('names tiles by zoom and position', () => {
    expect(tileKey(7, { x: 99, y: 55 })).toBe('7/99/55');
  });
});
