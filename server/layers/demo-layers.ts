import { boxContains, type DemoCountyArea, type DemoProvince } from '#shared/demo/index';
import { demoCountyOutlines, demoServiceLayerIds } from '#shared/demo/outlines';
import { createRandom } from '#shared/demo/random';
import type { Site } from '#shared/domain/index';
import type { SpatialLayerKind } from '#shared/verdicts/spatial';
import type { LayerImportReport } from '#shared/verdicts/spatial-wire';
import type { Database } from '../db/database';
import { importLayer } from './store';

/**
 * The demo province's spatial layers (演示数据 — not real boundaries, zones or rivers), imported on a
 * seeded service through the same path as an operator's files, so they sync to laptops as real layers
 * do: the stand-in county outlines, and a few protection zones and river reaches drawn around demo
 * sites. Every name says it is demo data. Deterministic: the same layers from the same demo province.
 */
export const demoLayerIds = demoServiceLayerIds satisfies Record<SpatialLayerKind, string>;

export const demoLayerNames = {
  division: '示范县界（演示数据）',
  protection_zone: '示范水源保护区（演示数据）',
  river_reach: '示范监测河段（演示数据）',
} as const satisfies Record<SpatialLayerKind, string>;

/** How many zones and reaches the demo draws: enough to see and check, few enough to read. */
const demoFeatureCount = 8;
const metresPerDegree = 111_320;

type GeoJsonFeature = {
  readonly type: 'Feature';
  readonly properties: Record<string, string>;
  readonly geometry: { readonly type: string; readonly coordinates: unknown };
};

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** A position `east`, `north` metres from a site. */
function offset(site: Site, east: number, north: number): [number, number] {
  const lat = site.position.lat + north / metresPerDegree;
  const lng = site.position.lng + east / (metresPerDegree * Math.cos((site.position.lat * Math.PI) / 180));
  return [round(lng), round(lat)];
}

/**
 * Sites of a kind to draw for: active, registered inside their county (the demo's few mis-entered
 * positions are left to the division check), at most one a county, the lowest codes first.
 */
function pickSites(demo: DemoProvince, kind: Site['kind']): { site: Site; county: DemoCountyArea }[] {
  const counties = new Map(demo.counties.map((c) => [c.code, c]));
  const seen = new Set<string>();
  const out: { site: Site; county: DemoCountyArea }[] = [];
  for (const site of [...demo.sites].sort((a, b) => a.code.localeCompare(b.code))) {
    const county = counties.get(site.divisionCode);
    if (
      site.kind !== kind ||
      site.status !== 'active' ||
      county === undefined ||
      seen.has(county.code) ||
      !boxContains(county.box, site.position)
    ) {
      continue;
    }
    seen.add(county.code);
    out.push({ site, county });
    if (out.length === demoFeatureCount) {
      break;
    }
  }
  return out;
}

/**
 * A first-grade protection zone (一级保护区) around each of a few water-quality stations: a ragged
 * 16-sided ring of 500–900 m, its centre shifted at most a fifth of that, so the station lies inside.
 * Tied to the station by its code only — not by its water source, which would make other stations of
 * the same source be judged against a zone drawn for one.
 */
function demoZones(demo: DemoProvince): GeoJsonFeature[] {
  return pickSites(demo, 'source_quality').map(({ site }) => {
    const random = createRandom(20261208).fork(site.code);
    const radius = random.between(500, 900);
    const [cx, cy] = [random.between(-0.2, 0.2) * radius, random.between(-0.2, 0.2) * radius];
    const ring: [number, number][] = [];
    for (let i = 0; i < 16; i += 1) {
      const angle = (i / 16) * 2 * Math.PI;
      const r = radius * random.between(0.85, 1.1);
      ring.push(offset(site, cx + r * Math.cos(angle), cy + r * Math.sin(angle)));
    }
    ring.push(ring[0]!);
    return {
      type: 'Feature',
      properties: {
        code: `PZ-${site.code}`,
        name: `${site.waterSource ?? site.name}一级保护区（演示）`,
        sites: site.code,
      },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
}

/**
 * A monitored reach (监测河段) past each of a few boundary sections: about 4 km of river along a
 * random heading, meandering at most 150 m either side, so the section lies well within the policy's
 * distance. Tied by site code only, for the same reason as the zones.
 */
function demoReaches(demo: DemoProvince): GeoJsonFeature[] {
  return pickSites(demo, 'boundary_section').map(({ site, county }) => {
    const random = createRandom(20261209).fork(site.code);
    const heading = random.between(0, Math.PI);
    const [ux, uy] = [Math.cos(heading), Math.sin(heading)];
    const line: [number, number][] = [];
    for (let i = -4; i <= 4; i += 1) {
      const along = i * 500;
      const across = i === 0 ? random.between(-60, 60) : random.between(-150, 150);
      line.push(offset(site, along * ux - across * uy, along * uy + across * ux));
    }
    return {
      type: 'Feature',
      properties: {
        code: `RR-${site.code}`,
        name: `${site.waterSource ?? ''}${county.shortName}段（演示）`,
        sites: site.code,
      },
      geometry: { type: 'LineString', coordinates: line },
    };
  });
}

function demoOutlineFeatures(): GeoJsonFeature[] {
  return demoCountyOutlines().map((f) => ({
    type: 'Feature',
    properties: { code: f.code ?? '', name: f.name ?? '' },
    geometry: f.geometry,
  }));
}

/** The demo layers as the GeoJSON files an operator would import, by kind. */
export function demoLayerFiles(demo: DemoProvince): Record<SpatialLayerKind, GeoJsonFeature[]> {
  return {
    division: demoOutlineFeatures(),
    protection_zone: demoZones(demo),
    river_reach: demoReaches(demo),
  };
}

/** Imports the demo layers into the province (as the demo seed's own actor), each through `importLayer`. */
export async function importDemoLayers(
  db: Database,
  demo: DemoProvince,
  by: { readonly actor: string; readonly scope: string },
  now: number,
): Promise<LayerImportReport[]> {
  const files = demoLayerFiles(demo);
  const reports: LayerImportReport[] = [];
  for (const kind of ['division', 'protection_zone', 'river_reach'] as const) {
    const features = files[kind];
    if (features.length === 0) {
      continue;
    }
    const bytes = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
    reports.push(
      await importLayer(
        db,
        { bytes, format: 'geojson', name: `${demoLayerIds[kind]}.geojson` },
        { kind, name: demoLayerNames[kind], id: demoLayerIds[kind], region: by.scope },
        by,
        now,
      ),
    );
  }
  return reports;
}
