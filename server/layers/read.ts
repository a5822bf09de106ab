import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { parseZip } from 'shpjs';
import { zipStructureProblem } from './zip-check';
import { SyncError } from '#shared/sync/index';
import { layerFeatureProblemCodes, type LayerFileProblemCode } from '#shared/verdicts/layer-admin-wire';
import type { SpatialFeature, SpatialLayerKind } from '#shared/verdicts/spatial';
import { positionCount, type LayerGeometry, type Position } from '#shared/verdicts/spatial-geometry';

/**
 * Reading an operator's layer file: GeoJSON, a zipped ESRI Shapefile (read by shpjs, reprojected to
 * WGS84 through its .prj) or KML (read by @tmcw/togeojson over an @xmldom DOM), then each feature
 * checked against the layer's kind. A file that cannot be read at all is refused with what is wrong
 * with it; every wrong feature is named (its number, its name when it has one, what is wrong).
 */
/** GeoJSON as the readers hand it over (only what the checks look at). */
type Geometry =
  | {
      readonly type: 'Polygon' | 'MultiPolygon' | 'LineString' | 'MultiLineString';
      readonly coordinates: unknown;
    }
  | { readonly type: 'Point' | 'MultiPoint'; readonly coordinates: unknown }
  | { readonly type: 'GeometryCollection'; readonly geometries: readonly Geometry[] };
type Feature = {
  readonly type: 'Feature';
  readonly geometry: Geometry | null;
  readonly properties: Record<string, unknown> | null;
};

export const layerFormats = ['geojson', 'shapefile', 'kml'] as const;
export type LayerFormat = (typeof layerFormats)[number];

/** The closed lists live with the wire types, where the console reads them for its catalogs. */
export const layerProblemCodes = layerFeatureProblemCodes;
export type LayerProblem = {
  /** 1-based feature number in the file. */
  readonly feature: number;
  readonly name: string | null;
  readonly code: (typeof layerProblemCodes)[number];
  readonly message: string;
};

/** The largest layer one import takes. */
export const layerLimits = { features: 20_000, positions: 2_000_000 } as const;

/** A file refused whole: its closed reason in the details (for the console's words), and the service's message. */
const fileError = (file: LayerFileProblemCode, message: string) =>
  new SyncError('import-invalid', message, [{ file }]);

/** The format of a file from its name, else its first bytes (PK… is a zip, < is XML, { is JSON). */
export function layerFormatOf(name: string, bytes: Uint8Array): LayerFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) {
    return 'shapefile';
  }
  if (lower.endsWith('.kml')) {
    return 'kml';
  }
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) {
    return 'geojson';
  }
  let i = 0;
  // Skip a UTF-8 byte-order mark and white space.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    i = 3;
  }
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) {
    i += 1;
  }
  if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b) {
    return 'shapefile';
  }
  if (bytes[i] === 0x3c) {
    return 'kml';
  }
  if (bytes[i] === 0x7b) {
    return 'geojson';
  }
  return null;
}

function asCollection(value: unknown, what: string): Feature[] {
  const v = value as { type?: unknown; features?: unknown };
  if (v !== null && typeof v === 'object' && v.type === 'FeatureCollection' && Array.isArray(v.features)) {
    return v.features as Feature[];
  }
  if (v !== null && typeof v === 'object' && v.type === 'Feature') {
    return [v as Feature];
  }
  throw fileError('not-geojson', `${what} is not a GeoJSON FeatureCollection or Feature`);
}

async function readShapefile(bytes: Uint8Array): Promise<Feature[]> {
  const damaged = zipStructureProblem(bytes);
  if (damaged !== null) {
    throw fileError(
      'no-shapefile',
      `the zip holds no readable ESRI Shapefile (.shp with its .dbf): ${damaged}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = await parseZip(bytes);
  } catch (error) {
    throw fileError(
      'no-shapefile',
      `the zip holds no readable ESRI Shapefile (.shp with its .dbf): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const layers = Array.isArray(parsed) ? parsed : [parsed];
  if (layers.length !== 1) {
    const names = layers.map((l) => (l as { fileName?: string }).fileName ?? '?').join(', ');
    throw fileError(
      'several-shapefiles',
      `the zip holds ${layers.length} Shapefiles (${names}); import one layer per file`,
    );
  }
  return asCollection(layers[0], 'the Shapefile');
}

function readKml(bytes: Uint8Array): Feature[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') {
          errors.push(message.split('\n')[0] ?? message);
        }
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    errors.push(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error));
  }
  if (errors.length > 0 || doc! === undefined) {
    throw fileError('not-xml', `the KML is not well-formed XML: ${errors[0] ?? 'unreadable'}`);
  }
  if (doc.documentElement?.nodeName.toLowerCase() !== 'kml') {
    throw fileError(
      'not-kml',
      `the XML file is not KML (its root element is ${doc.documentElement?.nodeName ?? 'missing'})`,
    );
  }
  return kml(doc).features;
}

/** The features of a layer file as GeoJSON, or a named error about the file itself. */
export async function readLayerFile(bytes: Uint8Array, format: LayerFormat): Promise<Feature[]> {
  switch (format) {
    case 'shapefile':
      return readShapefile(bytes);
    case 'kml':
      return readKml(bytes);
    case 'geojson': {
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch (error) {
        throw fileError(
          'not-json',
          `the GeoJSON is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return asCollection(value, 'the GeoJSON');
    }
  }
}

/** Property names read as each field, compared without case (DBF fields are at most 10 characters). */
const fieldNames = {
  code: [
    'code',
    'adcode',
    'divisioncode',
    'division_code',
    'xzqdm',
    'pac',
    'zonecode',
    'reachcode',
    '行政区划代码',
    '区划代码',
    '编码',
    '代码',
  ],
  name: ['name', 'xzqmc', 'mc', '名称', '行政区名称'],
  sites: ['sites', 'sitecodes', 'site_codes', 'stcd', '站点编码', '测站编码'],
  waterSource: [
    'watersource',
    'water_source',
    'source',
    'river',
    'rvnm',
    '水源',
    '水源地',
    '河流',
    '河流名称',
  ],
} as const;

function field(properties: Record<string, unknown>, names: readonly string[]): string | null {
  for (const [key, value] of Object.entries(properties)) {
    if (
      names.includes(key.toLowerCase()) &&
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    ) {
      const text = String(value).trim();
      if (text !== '') {
        return text;
      }
    }
  }
  return null;
}

class GeometryProblem extends Error {
  constructor(
    readonly code: LayerProblem['code'],
    message: string,
  ) {
    super(message);
  }
}

function position(value: unknown): Position {
  if (!Array.isArray(value) || value.length < 2) {
    throw new GeometryProblem('bad-coordinates', 'a position is not [longitude, latitude]');
  }
  const [lng, lat] = value as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    throw new GeometryProblem('bad-coordinates', 'a position has a coordinate that is not a number');
  }
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    throw new GeometryProblem(
      'bad-coordinates',
      `position ${lng}, ${lat} is not longitude, latitude in degrees (a projected file without its .prj?)`,
    );
  }
  return [lng, lat];
}

function line(value: unknown): Position[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw new GeometryProblem('bad-coordinates', 'a line has fewer than two positions');
  }
  return value.map(position);
}

function ring(value: unknown): Position[] {
  const r = line(value);
  const first = r[0]!;
  const last = r[r.length - 1]!;
  if (r.length < 4) {
    throw new GeometryProblem('open-ring', 'a polygon ring has fewer than four positions');
  }
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new GeometryProblem('open-ring', 'a polygon ring does not end where it starts');
  }
  return r;
}

/** A list of parts (a multi-geometry's coordinates). */
function partsOf(value: unknown): readonly unknown[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new GeometryProblem('bad-coordinates', 'a multi-part geometry has no parts');
  }
  return value as unknown[];
}

const polygon = (value: unknown): Position[][] => {
  if (!Array.isArray(value) || value.length === 0) {
    throw new GeometryProblem('bad-coordinates', 'a polygon has no ring');
  }
  return value.map(ring);
};

/** A GeoJSON geometry as a layer geometry of the kind's shape (areas, or lines for river reaches). */
function layerGeometry(geometry: Geometry | null, kind: SpatialLayerKind): LayerGeometry {
  if (geometry === null || geometry === undefined) {
    throw new GeometryProblem('no-geometry', 'the feature has no geometry');
  }
  const wantsLines = kind === 'river_reach';
  const parts: readonly Geometry[] =
    geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry];
  const polygons: Position[][][] = [];
  const lines: Position[][] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'Polygon':
        polygons.push(polygon(part.coordinates));
        break;
      case 'MultiPolygon':
        polygons.push(...partsOf(part.coordinates).map(polygon));
        break;
      case 'LineString':
        lines.push(line(part.coordinates));
        break;
      case 'MultiLineString':
        lines.push(...partsOf(part.coordinates).map(line));
        break;
      case 'Point':
      case 'MultiPoint':
      case 'GeometryCollection':
        throw new GeometryProblem(
          'wrong-geometry',
          `a ${part.type} is neither ${wantsLines ? 'a line' : 'an area'}`,
        );
    }
  }
  if (wantsLines) {
    if (polygons.length > 0 || lines.length === 0) {
      throw new GeometryProblem('wrong-geometry', 'a river reach is a line (LineString), not an area');
    }
    return lines.length === 1
      ? { type: 'LineString', coordinates: lines[0]! }
      : { type: 'MultiLineString', coordinates: lines };
  }
  if (lines.length > 0 || polygons.length === 0) {
    throw new GeometryProblem(
      'wrong-geometry',
      'an outline or protection zone is an area (Polygon), not a line',
    );
  }
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0]! }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/** Division codes: 6 digits (county, GB/T 2260) or 9/12 (township). */
const divisionCodePattern = /^\d{6}(?:\d{3}|\d{6})?$/;

/**
 * Checks every feature of a file against the layer's kind and region: geometry of the right shape with
 * valid coordinates; an outline's division code (read from `code`, `adcode`, `XZQDM`, … ), within the
 * region and not repeated; a zone or reach tied to its sites (by `sites` codes) or water source.
 */
export function checkLayerFeatures(
  features: readonly Feature[],
  kind: SpatialLayerKind,
  region: string,
): { features: SpatialFeature[]; problems: LayerProblem[] } {
  if (features.length === 0) {
    throw fileError('no-features', 'the file holds no features');
  }
  if (features.length > layerLimits.features) {
    throw fileError(
      'too-many-features',
      `the file holds ${features.length} features; one layer takes at most ${layerLimits.features}`,
    );
  }
  const out: SpatialFeature[] = [];
  const problems: LayerProblem[] = [];
  const seenCodes = new Map<string, number>();
  let positions = 0;
  features.forEach((f, i) => {
    const number = i + 1;
    const properties = f.properties ?? {};
    const name = field(properties, fieldNames.name);
    const problem = (code: LayerProblem['code'], message: string) =>
      problems.push({
        feature: number,
        name,
        code,
        message: `feature ${number}${name ? ` (${name})` : ''}: ${message}`,
      });
    let geometry: LayerGeometry;
    try {
      geometry = layerGeometry(f.geometry, kind);
    } catch (error) {
      if (error instanceof GeometryProblem) {
        problem(error.code, error.message);
        return;
      }
      throw error;
    }
    positions += positionCount(geometry);
    const code = field(properties, fieldNames.code);
    const siteCodes = (field(properties, fieldNames.sites) ?? '')
      .split(/[,，、;；\s]+/)
      .filter((c) => c !== '');
    const waterSource = field(properties, fieldNames.waterSource);
    if (kind === 'division') {
      if (code === null) {
        problem('no-code', `no division code (a property named ${fieldNames.code.slice(0, 5).join(', ')} …)`);
        return;
      }
      if (!divisionCodePattern.test(code)) {
        problem('bad-code', `division code ${code} is not 6, 9 or 12 digits`);
        return;
      }
      if (!code.startsWith(region)) {
        problem('outside-region', `division ${code} lies outside the layer's region ${region}`);
        return;
      }
      const first = seenCodes.get(code);
      if (first !== undefined) {
        problem('duplicate-code', `division ${code} is also feature ${first}`);
        return;
      }
      seenCodes.set(code, number);
    } else if (siteCodes.length === 0 && waterSource === null) {
      problem(
        'no-link',
        `names neither its sites (a property "sites" with site codes) nor its ${kind === 'river_reach' ? 'river ("river")' : 'water source ("source")'}`,
      );
      return;
    }
    out.push({ kind, code, name, siteCodes, waterSource, geometry });
  });
  if (positions > layerLimits.positions) {
    throw fileError(
      'too-many-positions',
      `the file holds about ${positions} positions; one layer takes at most ${layerLimits.positions}`,
    );
  }
  return { features: out, problems };
}
