import { z } from 'zod';
import { apiPrefix } from '../sync/wire';
import { spatialLayerKinds, type SpatialFeature } from './spatial';

/**
 * The service's spatial-layer routes: an admin imports a layer; a laptop lists the layers of its region
 * and fetches each one simplified for a zoom band (the map draws the band nearest its zoom).
 */
export const layerPaths = {
  import: `${apiPrefix}/admin/layers/import`,
  list: `${apiPrefix}/layers`,
  features: (id: string) => `${apiPrefix}/layers/${id.startsWith(':') ? id : encodeURIComponent(id)}`,
} as const;

/** The zoom bands a layer is served at: province, county and township views. */
export const layerZooms = [6, 9, 12] as const;
export type LayerZoom = (typeof layerZooms)[number];

/** The band to draw at a map zoom: the highest band not above it (the lowest below the first). */
export function layerZoomFor(mapZoom: number): LayerZoom {
  let band: LayerZoom = layerZooms[0];
  for (const z of layerZooms) {
    if (z <= mapZoom) {
      band = z;
    }
  }
  return band;
}

export const layerImportQuerySchema = z
  .object({
    kind: z.enum(spatialLayerKinds),
    /** The layer's name as the map lists it. */
    name: z.string().trim().min(1).max(80),
    /** Its id (lower-case letters, digits and dashes); the same id replaces the layer. Default: kind-region. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
      .optional(),
    /** The division-code prefix the layer covers, within the admin's region (default: that region). */
    region: z
      .string()
      .regex(/^(?:\d{2}|\d{4}|\d{6})$/)
      .optional(),
    /** The file's name (its extension tells the format when the content type does not). */
    file: z.string().max(200).optional(),
  })
  .strict();
export type LayerImportQuery = z.infer<typeof layerImportQuerySchema>;

const bboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const layerInfoSchema = z
  .object({
    id: z.string(),
    kind: z.enum(spatialLayerKinds),
    name: z.string(),
    /** The division-code prefix the layer covers. */
    region: z.string(),
    sourceFormat: z.enum(['geojson', 'shapefile', 'kml']),
    sourceName: z.string(),
    featureCount: z.number().int(),
    positionCount: z.number().int(),
    /** `[west, south, east, north]`. */
    bbox: bboxSchema,
    /** Rises with every import of the layer: a laptop holding an older version fetches it again. */
    version: z.number().int(),
    importedAt: z.number().int(),
  })
  .strict();
export type LayerInfo = z.infer<typeof layerInfoSchema>;

export const layerListResponseSchema = z.object({ layers: z.array(layerInfoSchema) }).strict();
export type LayerListResponse = z.infer<typeof layerListResponseSchema>;

const position = z.tuple([z.number(), z.number()]);
const layerGeometrySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }).strict(),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }).strict(),
  z.object({ type: z.literal('LineString'), coordinates: z.array(position) }).strict(),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position)) }).strict(),
]);

export const layerFeaturesResponseSchema = z
  .object({
    layer: layerInfoSchema,
    zoom: z.number().int(),
    features: z.array(
      z
        .object({
          kind: z.enum(spatialLayerKinds),
          code: z.string().nullable(),
          name: z.string().nullable(),
          siteCodes: z.array(z.string()),
          waterSource: z.string().nullable(),
          geometry: layerGeometrySchema,
        })
        .strict(),
    ),
  })
  .strict();
export type LayerFeaturesResponse = {
  readonly layer: LayerInfo;
  readonly zoom: LayerZoom;
  readonly features: readonly SpatialFeature[];
};

export const layerImportReportSchema = layerInfoSchema.extend({ replaced: z.boolean() }).strict();
export type LayerImportReport = z.infer<typeof layerImportReportSchema>;

export const layerFeaturesQuerySchema = z
  .object({
    zoom: z.coerce
      .number()
      .int()
      .refine((z) => (layerZooms as readonly number[]).includes(z), `one of ${layerZooms.join(', ')}`)
      .default(layerZooms[0]),
  })
  .strict();
