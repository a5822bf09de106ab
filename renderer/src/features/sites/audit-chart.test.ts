import { describe, expect, it } from 'vitest';
import { chartScales, niceTicks, seriesPaths } from './audit-chart';

const box = { width: 400, height: 200, left: 40, right: 10, top: 10, bottom: 30 };
const hour = 3_600_000;

describe('the data-audit chart geometry', () => {
  it('spans every point and the whole window, values up with headroom', () => {
    const points = [
      { time: 0, value: 100 },
      { time: 10 * hour, value: 200 },
    ];
    const s = chartScales(box, points, { from: 5 * hour, to: 12 * hour });
    expect(s.x(0)).toBe(40);
    expect(s.x(12 * hour)).toBe(390);
    expect(s.y(s.max)).toBe(10);
    expect(s.y(s.min)).toBe(170);
    expect(s.y(200)).toBeLessThan(s.y(100));
    expect(s.min).toBeLessThan(100);
    expect(s.max).toBeGreaterThan(200);
  });

  it('draws a flat series in the middle and a one-instant window with width', () => {
    const s = chartScales(box, [{ time: 0, value: 7 }], { from: 0, to: 0 });
    expect(s.y(7)).toBeCloseTo(90);
    expect(s.to - s.from).toBe(2 * hour);
  });

  it('ticks on round steps', () => {
    expect(niceTicks(0, 100, 4)).toEqual([0, 50, 100]);
    expect(niceTicks(1003, 1187, 4)).toEqual([1050, 1100, 1150]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('breaks the line where nothing arrived', () => {
    const s = chartScales(box, [], { from: 0, to: 10 * hour });
    const paths = seriesPaths(
      [0, 1, 2, 6, 7].map((h) => ({ time: h * hour, value: h })),
      s,
      1.5 * hour,
    );
    expect(paths).toHaveLength(2);
    expect(paths[0]?.split('L')).toHaveLength(3);
  });
});
