import { z } from 'zod';
import type { Site } from '../domain/index';
import { json, type Finding } from '../relations/findings';
import {
  distanceToGeometryM,
  placeInArea,
  type LayerGeometry,
  type PlaceInArea,
  type Position,
} from './spatial-geometry';

/**
 * Spatial checks (空间数据核查) — they join the 户站点证 relation checks:
 *
 * - `position-outside-division`: a site whose registered position lies outside the outline of its
 *   registered division (county or township, matched by its 6-digit code). A position exactly on the
 *   border is inside. No outline for the code: no finding (nothing to judge by).
 * - `outside-protection-zone`: a drinking-water-source water-quality station (`source_quality`) outside
 *   every protection zone drawn for it — zones name their stations by site code, or else by the water
 *   source a station registers. On the border is inside. No zone for the station: no finding.
 * - `far-from-reach`: a site farther than the province policy's `spatial.reachMaxDistanceM` from the
 *   river reach drawn for it (by site code, or else by the river the site registers as its water
 *   source). Exactly at the threshold is near. No reach for the site: no finding.
 *
 * Each finding proposes a correction: a position that must be measured again on site (GNSS), or, when a
 * site lies within the threshold of another reach, that reach's river as the site's water source.
 */
export const spatialLayerKinds = ['division', 'protection_zone', 'river_reach'] as const;
export type SpatialLayerKind = (typeof spatialLayerKinds)[number];

export const spatialPolicySchema = z
  .object({
    /** A site farther than this from its river reach is `far-from-reach`, metres. */
    reachMaxDistanceM: z.number().int().min(10).max(50_000),
  })
  .strict();
export type SpatialPolicy = z.infer<typeof spatialPolicySchema>;
export const demoSpatialPolicy: SpatialPolicy = { reachMaxDistanceM: 500 };

/** One feature of a layer as the checks read it (the service's import writes these fields). */
export type SpatialFeature = {
  readonly kind: SpatialLayerKind;
  /** Division code (division), zone or reach code; null when the source had none. */
  readonly code: string | null;
  readonly name: string | null;
  /** Sites the feature is drawn for, by site code (zones and reaches; empty: by water source). */
  readonly siteCodes: readonly string[];
  /** The water source or river the feature is (zones and reaches). */
  readonly waterSource: string | null;
  readonly geometry: LayerGeometry;
};

export type SpatialIndex = {
  readonly divisions: ReadonlyMap<string, readonly LayerGeometry[]>;
  readonly zonesBySite: ReadonlyMap<string, readonly SpatialFeature[]>;
  readonly zonesBySource: ReadonlyMap<string, readonly SpatialFeature[]>;
  readonly reachesBySite: ReadonlyMap<string, readonly SpatialFeature[]>;
  readonly reachesBySource: ReadonlyMap<string, readonly SpatialFeature[]>;
  readonly reaches: readonly SpatialFeature[];
};

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

export function buildSpatialIndex(features: readonly SpatialFeature[]): SpatialIndex {
  const divisions = new Map<string, LayerGeometry[]>();
  const zonesBySite = new Map<string, SpatialFeature[]>();
  const zonesBySource = new Map<string, SpatialFeature[]>();
  const reachesBySite = new Map<string, SpatialFeature[]>();
  const reachesBySource = new Map<string, SpatialFeature[]>();
  const reaches: SpatialFeature[] = [];
  for (const f of features) {
    if (f.kind === 'division') {
      if (f.code !== null) {
        push(divisions, f.code, f.geometry);
      }
      continue;
    }
    const bySite = f.kind === 'protection_zone' ? zonesBySite : reachesBySite;
    const bySource = f.kind === 'protection_zone' ? zonesBySource : reachesBySource;
    for (const code of f.siteCodes) {
      push(bySite, code, f);
    }
    if (f.waterSource !== null) {
      push(bySource, f.waterSource, f);
    }
    if (f.kind === 'river_reach') {
      reaches.push(f);
    }
  }
  return { divisions, zonesBySite, zonesBySource, reachesBySite, reachesBySource, reaches };
}

const positionOf = (p: { lat: number; lng: number }): Position => [p.lng, p.lat];

/** Where a position lies against its division's outline(s); null when the division has none. */
export function placeInDivision(
  index: SpatialIndex,
  divisionCode: string,
  position: { lat: number; lng: number },
): PlaceInArea | null {
  const outlines = index.divisions.get(divisionCode);
  if (outlines === undefined) {
    return null;
  }
  let border = false;
  for (const g of outlines) {
    const place = placeInArea(positionOf(position), g);
    if (place === 'inside') {
      return 'inside';
    }
    border ||= place === 'border';
  }
  return border ? 'border' : 'outside';
}

/**
 * `divisionContains` for the relation checks: a position on the border is inside; null for a division
 * no layer outlines.
 */
export function divisionContainsIn(
  index: SpatialIndex,
): (divisionCode: string, position: { lat: number; lng: number }) => boolean | null {
  return (divisionCode, position) => {
    const place = placeInDivision(index, divisionCode, position);
    return place === null ? null : place !== 'outside';
  };
}

/** The features drawn for a site: by its code first, else by its water source. */
function featuresFor(
  site: Site,
  bySite: ReadonlyMap<string, readonly SpatialFeature[]>,
  bySource: ReadonlyMap<string, readonly SpatialFeature[]>,
): readonly SpatialFeature[] {
  const own = bySite.get(site.code);
  if (own !== undefined) {
    return own;
  }
  return site.waterSource === null ? [] : (bySource.get(site.waterSource) ?? []);
}

const labelOf = (f: SpatialFeature) => f.name ?? f.code ?? f.waterSource ?? '—';

/** The zone and reach findings of one site (the division finding is the relation checks'). */
export function spatialFindings(site: Site, index: SpatialIndex, policy: SpatialPolicy): Finding[] {
  if (site.status === 'decommissioned') {
    return [];
  }
  const findings: Finding[] = [];
  const p = positionOf(site.position);
  const remeasure = (reason: string, code: Finding['code']) => ({
    targetCollection: 'sites' as const,
    targetId: site.id,
    field: 'position',
    currentValueJson: json(site.position),
    proposedValueJson: json(null),
    reason,
    findingCode: code,
    needsValue: true,
  });

  if (site.kind === 'source_quality') {
    const zones = featuresFor(site, index.zonesBySite, index.zonesBySource);
    if (zones.length > 0 && zones.every((z) => placeInArea(p, z.geometry) === 'outside')) {
      const names = zones.map(labelOf);
      const distanceM = Math.round(Math.min(...zones.map((z) => distanceToGeometryM(p, z.geometry))));
      findings.push({
        code: 'outside-protection-zone',
        severity: 'error',
        siteId: site.id,
        params: { zone: names.join('、'), distanceM },
        suggestion: remeasure(
          `水质站登记坐标在水源保护区 ${names.join('、')} 外 ${distanceM} 米，请在现场用 GNSS 重新测定`,
          'outside-protection-zone',
        ),
      });
    }
  }

  const reaches = featuresFor(site, index.reachesBySite, index.reachesBySource);
  if (reaches.length > 0) {
    const distanceM = Math.round(Math.min(...reaches.map((r) => distanceToGeometryM(p, r.geometry))));
    if (distanceM > policy.reachMaxDistanceM) {
      const names = reaches.map(labelOf);
      // Another river passes within the threshold: the registered water source is the likelier error.
      const near = index.reaches
        .filter((r) => !reaches.includes(r) && r.waterSource !== null)
        .map((r) => ({ r, d: distanceToGeometryM(p, r.geometry) }))
        .filter((x) => x.d <= policy.reachMaxDistanceM)
        .sort((a, b) => a.d - b.d)[0];
      findings.push({
        code: 'far-from-reach',
        severity: 'warning',
        siteId: site.id,
        params: {
          reach: names.join('、'),
          distanceM,
          limitM: policy.reachMaxDistanceM,
          nearRiver: near?.r.waterSource ?? '',
        },
        suggestion:
          near === undefined
            ? remeasure(
                `站点距登记河段 ${names.join('、')} ${distanceM} 米，超过 ${policy.reachMaxDistanceM} 米，请在现场用 GNSS 重新测定`,
                'far-from-reach',
              )
            : {
                targetCollection: 'sites',
                targetId: site.id,
                field: 'waterSource',
                currentValueJson: json(site.waterSource),
                proposedValueJson: json(near.r.waterSource),
                reason: `站点距登记河段 ${names.join('、')} ${distanceM} 米，距 ${near.r.waterSource} ${Math.round(near.d)} 米，请核实所在河流`,
                findingCode: 'far-from-reach',
                needsValue: false,
              },
      });
    }
  }
  return findings;
}
