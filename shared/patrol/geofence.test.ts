import { describe, expect, it } from 'vitest';
import { decideCheckIn, distanceM } from './geofence';

const site = { lat: 26.2211, lng: 104.1047 };
/** Moves north by `m` metres (1° of latitude ≈ 111.195 km on the mean sphere). */
const north = (m: number) => ({ lat: site.lat + m / 111_195.08, lng: site.lng });

describe('geofence', () => {
  it('measures great-circle distances', () => {
    expect(distanceM(site, site)).toBe(0);
    expect(distanceM({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195, 0);
    // Beijing (Tiananmen) to Shanghai (People's Square): ~1067 km.
    const d = distanceM({ lat: 39.9087, lng: 116.3975 }, { lat: 31.2304, lng: 121.4737 });
    expect(d / 1000).toBeGreaterThan(1060);
    expect(d / 1000).toBeLessThan(1075);
    expect(distanceM(site, north(150))).toBeCloseTo(150, 0);
  });

  it('lets a check-in inside the radius through without a reason', () => {
    const d = decideCheckIn({ site, position: north(199), radiusM: 200 });
    expect(d).toMatchObject({ ok: true, inside: true, outsideRadiusReason: null });
    expect(d.distanceM).toBeCloseTo(199, 0);
    // A reason given inside the radius is not kept: it is only for visits outside.
    expect(decideCheckIn({ site, position: north(10), radiusM: 200, reason: 'x' })).toMatchObject({
      outsideRadiusReason: null,
    });
  });

  it('requires the crew reason beyond the radius or without a position, and keeps it', () => {
    expect(decideCheckIn({ site, position: north(201), radiusM: 200 })).toMatchObject({
      ok: false,
      reason: 'reason-required',
    });
    expect(decideCheckIn({ site, position: north(201), radiusM: 200, reason: '   ' })).toMatchObject({
      ok: false,
    });
    expect(decideCheckIn({ site, position: north(350), radiusM: 500 })).toMatchObject({
      ok: true,
      inside: true,
    });
    expect(
      decideCheckIn({ site, position: north(350), radiusM: 200, reason: ' 道路塌方，对岸观测 ' }),
    ).toMatchObject({
      ok: true,
      inside: false,
      outsideRadiusReason: '道路塌方，对岸观测',
    });
    expect(decideCheckIn({ site, position: null, radiusM: 200 })).toMatchObject({
      ok: false,
      reason: 'reason-required',
      distanceM: null,
    });
    expect(decideCheckIn({ site, position: null, radiusM: 200, reason: '无卫星信号' })).toMatchObject({
      ok: true,
      distanceM: null,
      inside: false,
    });
  });

  it('refuses a radius that is not a distance', () => {
    for (const radiusM of [0, -5, Number.NaN, 1e9]) {
      expect(decideCheckIn({ site, position: site, radiusM })).toMatchObject({
        ok: false,
        reason: 'invalid-radius',
      });
    }
  });
});
