import { describe, expect, it } from 'vitest';
import { wgs84 } from './coords';
import { bearingDeg, compassPoint, distanceM } from './distance';

describe('distance and bearing', () => {
  it('measures a degree of latitude as about 111.2 km and Beijing–Shanghai as about 1,068 km', () => {
    expect(distanceM(wgs84(30, 110), wgs84(31, 110))).toBeCloseTo(111_195, -1);
    const d = distanceM(wgs84(39.9042, 116.4074), wgs84(31.2304, 121.4737));
    expect(d / 1000).toBeGreaterThan(1060);
    expect(d / 1000).toBeLessThan(1075);
  });

  it('gives compass bearings', () => {
    const o = wgs84(25, 102);
    expect(bearingDeg(o, wgs84(26, 102))).toBeCloseTo(0, 6);
    expect(bearingDeg(o, wgs84(25, 103))).toBeCloseTo(90, 0);
    expect(bearingDeg(o, wgs84(24, 102))).toBeCloseTo(180, 6);
    expect(compassPoint(bearingDeg(o, wgs84(25.5, 102.5)))).toBe('NE');
    expect(compassPoint(bearingDeg(o, wgs84(25, 101)))).toBe('W');
  });
});
