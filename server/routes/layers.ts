import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SyncError } from '#shared/sync/index';
import {
  layerFeaturesQuerySchema,
  layerImportQuerySchema,
  layerPaths,
  layerZooms,
  type LayerZoom,
} from '#shared/verdicts/spatial-wire';
import { layerAdminPaths } from '#shared/verdicts/layer-admin-wire';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { layerFormatOf, type LayerFormat } from '../layers/read';
import { importLayer, layerFeatures, listLayers, listLayersForAdmin, removeLayer } from '../layers/store';

const layerFileLimit = 50 * 1024 * 1024;
const zipMime = 'application/zip';
const kmlMime = 'application/vnd.google-earth.kml+xml';
const geoJsonMime = 'application/geo+json';

const formatOfMime: Readonly<Record<string, LayerFormat>> = {
  [zipMime]: 'shapefile',
  'application/x-zip-compressed': 'shapefile',
  [kmlMime]: 'kml',
  [geoJsonMime]: 'geojson',
  'application/json': 'geojson',
};

/** The file of an import: its bytes, and its format from the content type, its name or its first bytes. */
function layerFile(request: FastifyRequest, name: string | undefined) {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const body = request.body;
  const bytes =
    body instanceof Uint8Array
      ? body
      : typeof body === 'string'
        ? new TextEncoder().encode(body)
        : body !== null && typeof body === 'object'
          ? new TextEncoder().encode(JSON.stringify(body))
          : null;
  if (bytes === null || bytes.length === 0) {
    throw new SyncError('invalid-body', 'send the layer file as the request body');
  }
  const format = formatOfMime[type] ?? layerFormatOf(name ?? '', bytes);
  if (format === null) {
    throw new SyncError(
      'invalid-body',
      `send a GeoJSON (${geoJsonMime}), a zipped ESRI Shapefile (${zipMime}) or KML (${kmlMime})`,
    );
  }
  return { bytes, format, name: name ?? `layer.${format === 'shapefile' ? 'zip' : format}` };
}

/**
 * Spatial layers: an admin imports a layer file into their region (all features or none); crews and
 * supervisors list the layers their region overlaps and fetch each simplified for a zoom band.
 */
export function registerLayerRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  for (const type of [zipMime, 'application/x-zip-compressed', kmlMime, geoJsonMime]) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: layerFileLimit }, (_req, body, done) =>
      done(null, body),
    );
  }

  app.post(
    layerPaths.import,
    {
      bodyLimit: layerFileLimit,
      schema: {
        tags: ['platform'],
        summary:
          'Import a spatial layer (county/township outlines, water-source protection zones, river reaches) from GeoJSON, a zipped ESRI Shapefile or KML; the layer is replaced whole, all features or none (admin, within their region)',
        consumes: [geoJsonMime, zipMime, kmlMime, 'application/json'],
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const query = parseWith(layerImportQuerySchema, request.query, 'the layer import query');
      return importLayer(
        ctx.db,
        layerFile(request, query.file),
        query,
        { actor: admin.username, scope: admin.scope },
        ctx.now(),
      );
    },
  );

  app.get(
    layerPaths.list,
    { schema: { tags: ['sync'], summary: 'The spatial layers of your region, with their versions' } },
    async (request) => {
      const principal = await principalOf(ctx, request);
      return { layers: await listLayers(ctx.db, principal.scope) };
    },
  );

  app.get(
    layerPaths.features(':id'),
    {
      schema: {
        tags: ['sync'],
        summary: `One spatial layer's features, simplified for a zoom band (${layerZooms.join(', ')})`,
      },
    },
    async (request) => {
      const principal = await principalOf(ctx, request);
      const { id } = request.params as { id: string };
      const query = parseWith(layerFeaturesQuerySchema, request.query, 'the layer query');
      return layerFeatures(ctx.db, principal.scope, id, query.zoom as LayerZoom);
    },
  );

  app.get(
    layerAdminPaths.list,
    {
      schema: {
        tags: ['platform'],
        summary: "The spatial layers of the admin's region, with who imported each (the console's list)",
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      return { layers: await listLayersForAdmin(ctx.db, admin.scope) };
    },
  );

  app.delete(
    layerAdminPaths.remove(':id'),
    {
      schema: {
        tags: ['platform'],
        summary:
          'Remove a spatial layer with its features (admin, a layer within their region); laptops drop it at their next refresh',
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const { id } = request.params as { id: string };
      return removeLayer(ctx.db, id, { actor: admin.username, scope: admin.scope }, ctx.now());
    },
  );
}
