import { describe, expect, it } from 'vitest';
import { demoCountyOutlines } from '../demo/outlines';
import { generateDemoProvince } from '../demo/generate';
import { sampleRecords } from '../domain/fixtures';
import type { Site } from '../domain/index';
import { buildRelationIndex, checkSite } from '../relations/checks';
import {
  buildSpatialIndex,
  demoSpatialPolicy,
  divisionContainsIn,
  placeInDivision,
  spatialFindings,
  type SpatialFeature,
} from './spatial';
import {
  distanceToGeometryM,
  placeInArea,
  positionCount,
  simplifyGeometry,
  type LayerGeometry,
} from './spatial-geometry';

const base = sampleRecords.sites as unknown as Site;
const at = (lat: number, lng: number, extra: Partial<Site> = {}): Site => ({
  ...base,
  position: { lat, lng } as Site['position'],
  ...extra,
});

// A square county 530381 (103.9–104.1 E, 26.1–26.3 N) with a square hole (a county seat cut out).
const county: SpatialFeature = {
  kind: 'division',
  code: '530381',
  name: '宣威市',
  siteCodes: [],
  waterSource: null,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [103.9, 26.1],
        [104.1, 26.1],
        [104.1, 26.3],
        [103.9, 26.3],
        [103.9, 26.1],
      ],
      [
        [103.98, 26.18],
        [104.02, 26.18],
        [104.02, 26.22],
        [103.98, 26.22],
        [103.98, 26.18],
      ],
    ],
  },
};
const zone: SpatialFeature = {
  kind: 'protection_zone',
  code: 'Z1',
  name: '一级保护区',
  siteCodes: [],
  waterSource: '示例水库',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [104.0, 26.0],
        [104.01, 26.0],
        [104.01, 26.01],
        [104.0, 26.01],
        [104.0, 26.0],
      ],
    ],
  },
};
// A river reach along the parallel 26.0 N from 103.9 to 104.1 E.
const reach: SpatialFeature = {
  kind: 'river_reach',
  code: 'R1',
  name: '示例河宣威段',
  siteCodes: [],
  waterSource: '示例河',
  geometry: {
    type: 'LineString',
    coordinates: [
      [103.9, 26.0],
      [104.1, 26.0],
    ],
  },
};
const otherReach: SpatialFeature = {
  ...reach,
  code: 'R2',
  name: '另一河',
  waterSource: '另一河',
  geometry: {
    type: 'LineString',
    coordinates: [
      [103.9, 26.02],
      [104.1, 26.02],
    ],
  },
};
const index = buildSpatialIndex([county, zone, reach, otherReach]);
/** Metres per degree of latitude. */
const mPerDeg = 111_195;

describe('point in an area', () => {
  it('is inside, outside, in a hole, or on the border (edge, vertex, hole edge)', () => {
    const g = county.geometry;
    expect(placeInArea([104.05, 26.25], g)).toBe('inside');
    expect(placeInArea([104.2, 26.25], g)).toBe('outside');
    expect(placeInArea([104.0, 26.2], g)).toBe('outside');
    expect(placeInArea([104.1, 26.2], g)).toBe('border');
    expect(placeInArea([103.9, 26.1], g)).toBe('border');
    expect(placeInArea([104.02, 26.2], g)).toBe('border');
    expect(placeInArea([104.05, 26.25], reach.geometry)).toBe('outside');
  });

  it('measures the distance to a line in metres', () => {
    expect(distanceToGeometryM([104.0, 26.001], reach.geometry)).toBeCloseTo(0.001 * mPerDeg, -1);
    // Beyond the end of the line: to its end point.
    const beyond = distanceToGeometryM([104.2, 26.0], reach.geometry);
    expect(beyond).toBeGreaterThan(9_900);
    expect(beyond).toBeLessThan(10_100);
  });
});

describe('site outside its division', () => {
  it('is inside, outside, or on the border (which counts as inside); unknown division: no verdict', () => {
    expect(placeInDivision(index, '530381', { lat: 26.25, lng: 104.05 })).toBe('inside');
    expect(placeInDivision(index, '530381', { lat: 26.25, lng: 104.2 })).toBe('outside');
    expect(placeInDivision(index, '530381', { lat: 26.3, lng: 104.0 })).toBe('border');
    expect(placeInDivision(index, '530302', { lat: 26.25, lng: 104.05 })).toBeNull();
  });

  it('joins the relation checks as position-outside-division', () => {
    const contains = divisionContainsIn(index);
    const codesOf = (s: Site) =>
      checkSite(
        s,
        buildRelationIndex({
          sites: [s],
          waterUsers: [],
          permits: [],
          equipment: [],
          divisionContains: contains,
          spatialFindings: (x) => spatialFindings(x, index, demoSpatialPolicy),
          today: '2026-12-07',
        }),
      ).findings.map((f) => f.code);
    const kind = { kind: 'boundary_section' as const, waterSource: null };
    expect(codesOf(at(26.25, 104.05, kind))).toEqual([]);
    expect(codesOf(at(26.3, 104.05, kind))).toEqual([]);
    expect(codesOf(at(26.35, 104.05, kind))).toEqual(['position-outside-division']);
  });
});

describe('water-quality station outside its protection zone', () => {
  const station = (lat: number, lng: number, extra: Partial<Site> = {}) =>
    at(lat, lng, { kind: 'source_quality', waterSource: '示例水库', ...extra });
  const codes = (s: Site) => spatialFindings(s, index, demoSpatialPolicy).map((f) => f.code);

  it('inside or on the border: no finding; outside: a finding proposing a new position', () => {
    expect(codes(station(26.005, 104.005))).toEqual([]);
    expect(codes(station(26.01, 104.005))).toEqual([]);
    const [finding] = spatialFindings(station(26.02, 104.005), index, demoSpatialPolicy);
    expect(finding).toMatchObject({
      code: 'outside-protection-zone',
      severity: 'error',
      params: { zone: '一级保护区' },
      suggestion: { field: 'position', needsValue: true, proposedValueJson: 'null' },
    });
    expect(Number(finding!.params['distanceM'])).toBeCloseTo(0.01 * mPerDeg, -2);
  });

  it('a zone drawn for the station by its code wins; no zone or another kind: no finding', () => {
    const own = buildSpatialIndex([{ ...zone, siteCodes: [base.code], waterSource: null }]);
    expect(
      spatialFindings(station(26.5, 104.005, { waterSource: null }), own, demoSpatialPolicy),
    ).toHaveLength(1);
    expect(codes(station(26.5, 104.005, { waterSource: '无保护区的水源' }))).toEqual([]);
    expect(codes(at(26.5, 104.005, { kind: 'intake', waterSource: '示例水库' }))).toEqual([]);
  });
});

describe('site far from its river reach', () => {
  const site = (lat: number, waterSource = '示例河') =>
    at(lat, 104.0, { kind: 'boundary_section', waterSource });
  const limitDeg = demoSpatialPolicy.reachMaxDistanceM / mPerDeg;

  it('within the threshold (and exactly at it): no finding; beyond: a finding', () => {
    expect(spatialFindings(site(26.0 - limitDeg / 2), index, demoSpatialPolicy)).toEqual([]);
    expect(spatialFindings(site(26.0 - (limitDeg * 499.4) / 500), index, demoSpatialPolicy)).toEqual([]);
    const far = spatialFindings(site(25.98), index, demoSpatialPolicy);
    expect(far.map((f) => f.code)).toEqual(['far-from-reach']);
    expect(far[0]!.suggestion).toMatchObject({ field: 'position', needsValue: true });
  });

  it('proposes the river that does pass near as the water source', () => {
    const [finding] = spatialFindings(site(26.021), index, demoSpatialPolicy);
    expect(finding).toMatchObject({
      code: 'far-from-reach',
      params: { reach: '示例河宣威段', nearRiver: '另一河', limitM: 500 },
      suggestion: { field: 'waterSource', proposedValueJson: '"另一河"', needsValue: false },
    });
  });

  it('follows the province policy', () => {
    expect(spatialFindings(site(25.98), index, { reachMaxDistanceM: 3000 })).toEqual([]);
  });
});

describe('simplification per zoom', () => {
  const wiggly: LayerGeometry = {
    type: 'Polygon',
    coordinates: [
      [
        ...Array.from({ length: 200 }, (_, i) => [103 + i / 200, 26 + Math.sin(i) * 1e-4] as const),
        [104, 27],
        [103, 27],
        [103, 26],
      ],
    ],
  };

  it('drops detail invisible at a zoom, keeps rings closed and valid', () => {
    const low = simplifyGeometry(wiggly, 6);
    const high = simplifyGeometry(wiggly, 18);
    expect(positionCount(low)).toBeLessThan(10);
    expect(positionCount(high)).toBeGreaterThan(150);
    if (low.type !== 'Polygon') {
      throw new Error('a polygon stays a polygon');
    }
    const ring = low.coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.length).toBeGreaterThanOrEqual(4);
  });
});

describe('demo county outlines', () => {
  it('hold every demo site registered in the county, except the mis-entered ones', () => {
    const demo = generateDemoProvince({ endDay: '2026-12-06', sites: 2000 });
    const contains = divisionContainsIn(buildSpatialIndex(demoCountyOutlines()));
    const outside = demo.sites.filter((s) => contains(s.divisionCode, s.position) === false);
    expect(demo.sites.every((s) => contains(s.divisionCode, s.position) !== null)).toBe(true);
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.length / demo.sites.length).toBeLessThan(0.02);
  });
});
