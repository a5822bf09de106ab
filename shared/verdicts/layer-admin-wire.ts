import { z } from 'zod';
import { apiPrefix } from '../sync/wire';
import { layerInfoSchema } from './spatial-wire';

/**
 * The operator console's layer routes (beside the import in spatial-wire.ts): the admin's list, which
 * also says who imported each layer, and the removal of a layer. Laptops never call these; they read
 * `GET /v1/layers`, which stays as it is, and drop a layer once it is no longer listed there.
 */
export const layerAdminPaths = {
  list: `${apiPrefix}/admin/layers`,
  remove: (id: string) => `${apiPrefix}/admin/layers/${id.startsWith(':') ? id : encodeURIComponent(id)}`,
} as const;

export const adminLayerInfoSchema = layerInfoSchema.extend({ importedBy: z.string() }).strict();
export type AdminLayerInfo = z.infer<typeof adminLayerInfoSchema>;

export const adminLayerListResponseSchema = z.object({ layers: z.array(adminLayerInfoSchema) }).strict();
export type AdminLayerListResponse = z.infer<typeof adminLayerListResponseSchema>;

export const layerRemovedResponseSchema = z.object({ id: z.string(), removed: z.literal(true) }).strict();
export type LayerRemovedResponse = z.infer<typeof layerRemovedResponseSchema>;

/** What a refused layer file's features are named for, one entry of the error's details per feature. */
export const layerFeatureProblemCodes = [
  'no-geometry',
  'wrong-geometry',
  'bad-coordinates',
  'open-ring',
  'no-code',
  'bad-code',
  'duplicate-code',
  'outside-region',
  'no-link',
] as const;

/** What is wrong with a layer file as a whole (the error's one detail is `{ file: code }`). */
export const layerFileProblemCodes = [
  'not-geojson',
  'not-json',
  'no-shapefile',
  'several-shapefiles',
  'not-xml',
  'not-kml',
  'no-features',
  'too-many-features',
  'too-many-positions',
] as const;
export type LayerFileProblemCode = (typeof layerFileProblemCodes)[number];
