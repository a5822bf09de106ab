import { z } from 'zod';
import { datums, type Datum } from '../../geo/coords';
import {
  tileLayerIds,
  tileSourceKinds,
  type ImageFormat,
  type TileSourceDefinition,
} from '../../geo/tile-sources';
import { event, method } from './define';

/**
 * Offline base maps: tile sources (settings), areas downloaded into or imported as MBTiles files (one
 * per area), and tiles served from them to the map. The host holds the files and the keys; the
 * renderer never fetches a tile server itself.
 */
export type TileSourceInfo = TileSourceDefinition & {
  readonly hasKey: boolean;
  /** The key's last four characters, for "key …a1b2 saved". */
  readonly keyHint: string | null;
};

export const areaStates = ['downloading', 'paused', 'interrupted', 'complete'] as const;
export type AreaState = (typeof areaStates)[number];

export type PlainBounds = {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
};

export type TileArea = {
  readonly id: string;
  readonly name: string;
  readonly origin: 'download' | 'import';
  /** The source it was downloaded from; imports serve as their own source `area:<id>`. */
  readonly sourceId: string;
  readonly datum: Datum;
  readonly state: AreaState;
  /** WGS84 bounds of the planned (download) or stored (import) area, when known. */
  readonly bounds: PlainBounds | null;
  readonly zooms: readonly number[];
  readonly format: ImageFormat | null;
  /** Tile positions × layers planned, done so far (fetched or absent upstream), and absent upstream. */
  readonly total: number;
  readonly done: number;
  readonly missing: number;
  readonly sizeBytes: number;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
};

export type TileEstimate = {
  readonly tileCount: number;
  readonly layers: number;
  readonly estimatedBytes: number;
  readonly cap: number;
  readonly overCap: boolean;
};

export type TilesSettings = {
  /** Most tile positions one area may hold (per layer). */
  readonly tileCapPerArea: number;
  /** Fetch tiles no area holds from the source while online. */
  readonly onlineFallback: boolean;
};

export type ServedTile = {
  readonly format: ImageFormat;
  readonly dataBase64: string;
  readonly from: 'area' | 'network';
  /**
   * Set when an area has no tile this deep and an ancestor tile is served instead: the renderer shows
   * the part at column `col`, row `row` of its 2^levels × 2^levels grid, enlarged.
   */
  readonly overzoom: { readonly levels: number; readonly col: number; readonly row: number } | null;
};

const id = z.string().min(1).max(80);
const bounds = z
  .object({
    south: z.number().min(-85.06).max(85.06),
    west: z.number().min(-180).max(180),
    north: z.number().min(-85.06).max(85.06),
    east: z.number().min(-180).max(180),
  })
  .strict()
  .refine((b) => b.south < b.north && b.west < b.east, 'south must be below north and west left of east');
const zooms = z.array(z.number().int().min(0).max(22)).min(1).max(23);

const sourceInput = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1).max(80),
    kind: z.enum(tileSourceKinds),
    urlTemplate: z.string().max(1000).nullable(),
    subdomains: z.array(z.string().max(20)).max(16).readonly(),
    datum: z.enum(datums),
    minZoom: z.number().int().min(0).max(22),
    maxZoom: z.number().int().min(0).max(22),
  })
  .strict();

export const tilesMethods = {
  'tiles.listSources': method<readonly TileSourceInfo[]>()(z.object({}).strict()),
  /** Creates or updates a source; `key` undefined keeps the stored key, null removes it. */
  'tiles.saveSource': method<TileSourceInfo>()(
    z.object({ source: sourceInput, key: z.string().trim().max(200).nullable().optional() }).strict(),
  ),
  'tiles.deleteSource': method<{ readonly deleted: boolean }>()(z.object({ id }).strict()),
  /** Fetches one tile to check the URL and the key. */
  'tiles.testSource': method<{ readonly format: ImageFormat; readonly bytes: number }>()(
    z.object({ id }).strict(),
  ),
  'tiles.getSettings': method<TilesSettings>()(z.object({}).strict()),
  'tiles.saveSettings': method<TilesSettings>()(
    z
      .object({ tileCapPerArea: z.number().int().min(100).max(1_000_000), onlineFallback: z.boolean() })
      .strict(),
  ),
  'tiles.estimate': method<TileEstimate>()(z.object({ sourceId: id, bounds, zooms }).strict()),
  'tiles.startDownload': method<TileArea>()(
    z.object({ sourceId: id, name: z.string().trim().min(1).max(80), bounds, zooms }).strict(),
  ),
  'tiles.pauseDownload': method<TileArea>()(z.object({ areaId: id }).strict()),
  'tiles.resumeDownload': method<TileArea>()(z.object({ areaId: id }).strict()),
  /** Stops a download and deletes its partial file. */
  'tiles.cancelDownload': method<{ readonly deleted: boolean }>()(z.object({ areaId: id }).strict()),
  'tiles.listAreas': method<readonly TileArea[]>()(z.object({}).strict()),
  'tiles.renameArea': method<TileArea>()(
    z.object({ areaId: id, name: z.string().trim().min(1).max(80) }).strict(),
  ),
  'tiles.deleteArea': method<{ readonly deleted: boolean }>()(z.object({ areaId: id }).strict()),
  /** Imports an MBTiles file made elsewhere (QGIS …) in base64 chunks, in order. */
  'tiles.beginImport': method<{ readonly importId: string; readonly chunkBytes: number }>()(
    z
      .object({
        fileName: z.string().min(1).max(255),
        sizeBytes: z
          .number()
          .int()
          .min(1)
          .max(8 * 2 ** 30),
      })
      .strict(),
  ),
  'tiles.importChunk': method<{ readonly received: number }>()(
    z
      .object({ importId: id, offset: z.number().int().min(0), dataBase64: z.string().max(12 * 2 ** 20) })
      .strict(),
  ),
  'tiles.finishImport': method<TileArea>()(
    z.object({ importId: id, name: z.string().trim().min(1).max(80), datum: z.enum(datums) }).strict(),
  ),
  'tiles.abortImport': method<{ readonly aborted: boolean }>()(z.object({ importId: id }).strict()),
  /** One tile for the map: from an area of the source, else (online fallback) from the source itself. */
  'tiles.getTile': method<ServedTile | null>()(
    z
      .object({
        sourceId: id,
        layer: z.enum(tileLayerIds),
        z: z.number().int().min(0).max(22),
        x: z.number().int().min(0),
        y: z.number().int().min(0),
      })
      .strict(),
  ),
};

export type TileDownloadProgress = Pick<
  TileArea,
  'id' | 'state' | 'total' | 'done' | 'missing' | 'sizeBytes' | 'error'
>;

export const tilesEvents = {
  /** A download advanced, paused, stopped on an error, or completed. */
  'tiles.progress': event<TileDownloadProgress>(),
};
