import type { Datum } from './coords';
import type { TileCoord } from './tiles';

/**
 * Tile sources a crew can configure: 天地图 Tianditu (vector or imagery, each a base layer plus an
 * annotation layer, the user's key in every URL) and any XYZ URL template. Tianditu is drawn in
 * CGCS2000, which is WGS84 for a map: no shift. A source marked GCJ-02 shifts positions on screen only.
 */
export const tileSourceKinds = ['tianditu-vector', 'tianditu-imagery', 'xyz'] as const;
export type TileSourceKind = (typeof tileSourceKinds)[number];

export const tileLayerIds = ['base', 'annotation'] as const;
export type TileLayerId = (typeof tileLayerIds)[number];

export type TileSourceDefinition = {
  readonly id: string;
  readonly name: string;
  readonly kind: TileSourceKind;
  /** XYZ only: `https://host/{z}/{x}/{y}.png`, with optional `{s}`, `{-y}` and `{key}`. */
  readonly urlTemplate: string | null;
  /** XYZ only: values for `{s}`. */
  readonly subdomains: readonly string[];
  readonly datum: Datum;
  readonly minZoom: number;
  readonly maxZoom: number;
};

export class TileSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TileSourceError';
  }
}

const tiandituLayers: Record<'tianditu-vector' | 'tianditu-imagery', Record<TileLayerId, string>> = {
  'tianditu-vector': { base: 'vec', annotation: 'cva' },
  'tianditu-imagery': { base: 'img', annotation: 'cia' },
};

/** Web-Mercator ("w") WMTS tiles; t0…t7 are equivalent hosts. */
function tiandituTemplate(layer: string): string {
  return (
    `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0` +
    `&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}`
  );
}

export const tiandituSubdomains = ['0', '1', '2', '3', '4', '5', '6', '7'] as const;

export type TileLayerTemplate = {
  readonly layer: TileLayerId;
  readonly template: string;
  readonly subdomains: readonly string[];
};

export function layersOf(source: TileSourceDefinition): readonly TileLayerTemplate[] {
  if (source.kind === 'xyz') {
    return [{ layer: 'base', template: source.urlTemplate ?? '', subdomains: source.subdomains }];
  }
  const names = tiandituLayers[source.kind];
  return tileLayerIds.map((layer) => ({
    layer,
    template: tiandituTemplate(names[layer]),
    subdomains: tiandituSubdomains,
  }));
}

export function needsKey(source: TileSourceDefinition): boolean {
  return layersOf(source).some((l) => l.template.includes('{key}'));
}

/** Checks an XYZ template the user typed; throws `TileSourceError` naming what is wrong. */
export function validateUrlTemplate(template: string, subdomains: readonly string[]): void {
  let url: URL;
  try {
    url = new URL(template.replace(/\{[^}]*\}/g, '0'));
  } catch {
    throw new TileSourceError(`"${template}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TileSourceError(`tile URLs must start with http:// or https://, not ${url.protocol}`);
  }
  for (const part of ['{z}', '{x}']) {
    if (!template.includes(part)) {
      throw new TileSourceError(`the tile URL template has no ${part}`);
    }
  }
  if (!template.includes('{y}') && !template.includes('{-y}')) {
    throw new TileSourceError('the tile URL template has no {y} (or {-y} for TMS rows)');
  }
  if (template.includes('{s}') && subdomains.length === 0) {
    throw new TileSourceError('the tile URL template uses {s} but no subdomains are given');
  }
  const unknown = (template.match(/\{[^}]*\}/g) ?? []).filter(
    (p) => !['{z}', '{x}', '{y}', '{-y}', '{s}', '{key}'].includes(p),
  );
  if (unknown.length > 0) {
    throw new TileSourceError(`the tile URL template has unknown placeholders: ${unknown.join(', ')}`);
  }
}

export function validateSource(source: TileSourceDefinition): void {
  if (source.name.trim() === '') {
    throw new TileSourceError('a tile source needs a name');
  }
  if (
    !Number.isInteger(source.minZoom) ||
    !Number.isInteger(source.maxZoom) ||
    source.minZoom < 0 ||
    source.maxZoom > 22 ||
    source.minZoom > source.maxZoom
  ) {
    throw new TileSourceError(`zoom range ${source.minZoom}–${source.maxZoom} is not within 0–22`);
  }
  if (source.kind === 'xyz') {
    validateUrlTemplate(source.urlTemplate ?? '', source.subdomains);
  }
}

/** The URL of one tile. The subdomain is picked from x and y, so a tile always comes from one host. */
export function tileUrl(layer: TileLayerTemplate, tile: TileCoord, key: string | null): string {
  const needs = layer.template.includes('{key}');
  if (needs && (key === null || key.trim() === '')) {
    throw new TileSourceError('this tile source needs a key (天地图 key / tk): enter it in Settings');
  }
  const s =
    layer.subdomains.length > 0 ? (layer.subdomains[(tile.x + tile.y) % layer.subdomains.length] ?? '') : '';
  return layer.template
    .replaceAll('{z}', String(tile.z))
    .replaceAll('{x}', String(tile.x))
    .replaceAll('{-y}', String(2 ** tile.z - 1 - tile.y))
    .replaceAll('{y}', String(tile.y))
    .replaceAll('{s}', s)
    .replaceAll('{key}', encodeURIComponent(key ?? ''));
}

/** A URL safe to log or show: the key replaced by its last four characters. */
export function redactKey(url: string, key: string | null): string {
  if (key === null || key === '') {
    return url;
  }
  return url.replaceAll(encodeURIComponent(key), `…${key.slice(-4)}`);
}

export const imageFormats = ['png', 'jpg', 'webp'] as const;
export type ImageFormat = (typeof imageFormats)[number];

/** The raster format of tile bytes by their magic number; null for anything else (HTML error pages, pbf). */
export function imageFormatOf(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'jpg';
  }
  if (
    bytes.length >= 12 &&
    bytes[0] === 0x52 &&
    bytes[1] === 0x49 &&
    bytes[2] === 0x46 &&
    bytes[3] === 0x46 &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  ) {
    return 'webp';
  }
  return null;
}

export const imageMime: Record<ImageFormat, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
};

/** Typical bytes per tile of one layer, for the size estimate before a download (refined by what areas really took). */
export const typicalTileBytes: Record<TileSourceKind, number> = {
  'tianditu-vector': 14_000,
  'tianditu-imagery': 22_000,
  xyz: 18_000,
};
