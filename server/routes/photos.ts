import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  SyncError,
  photoChunkMaxBytes,
  photoPaths,
  photoUploadStartSchema,
  sha256HexPattern,
} from '#shared/sync/index';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { appendChunk, completeUpload, openPhoto, startUpload, type PhotoDeps } from '../photos/uploads';

const shaParam = z.object({
  sha256: z.string().regex(sha256HexPattern, 'must be a sha256 in lower-case hex'),
});
const offsetQuery = z.object({ offset: z.coerce.number().int().min(0) }).strict();

/**
 * Photos: a device asks where an upload stands (POST …/upload), sends chunks at that offset
 * (PUT …/upload?offset=n), then asks the service to verify the sha256 and store it (POST …/complete).
 * Any of the three may be repeated after a cut connection, through any node. An upload belongs to a
 * photo record of the device's region; downloads only for photos whose bytes your region uploaded.
 */
export function registerPhotoRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = (): PhotoDeps => {
    if (ctx.photos === null) {
      throw new SyncError('unavailable', 'this sync service has no photo storage configured');
    }
    return { db: ctx.db, store: ctx.photos, now: ctx.now, limits: ctx.uploadLimits };
  };

  app.post(
    photoPaths.status(':sha256'),
    { schema: { tags: ['photos'], summary: 'Start or resume an upload: where it stands (resume offset)' } },
    async (request) => {
      const p = await principalOf(ctx, request);
      const { sha256 } = parseWith(shaParam, request.params, 'the photo name');
      const { bytes } = parseWith(photoUploadStartSchema, request.body, 'the upload start');
      return startUpload(deps(), p, sha256, bytes);
    },
  );

  app.put(
    photoPaths.status(':sha256'),
    {
      bodyLimit: photoChunkMaxBytes,
      schema: { tags: ['photos'], summary: 'Append one chunk (application/octet-stream) at ?offset=' },
    },
    async (request) => {
      const p = await principalOf(ctx, request);
      const { sha256 } = parseWith(shaParam, request.params, 'the photo name');
      const { offset } = parseWith(offsetQuery, request.query, 'the chunk query');
      if (!(request.body instanceof Uint8Array)) {
        throw new SyncError('invalid-body', 'a chunk is sent as application/octet-stream');
      }
      return appendChunk(deps(), p, sha256, offset, request.body);
    },
  );

  app.post(
    photoPaths.complete(':sha256'),
    { schema: { tags: ['photos'], summary: 'Verify the sha256 of the uploaded bytes and store the photo' } },
    async (request) => {
      const p = await principalOf(ctx, request);
      const { sha256 } = parseWith(shaParam, request.params, 'the photo name');
      return completeUpload(deps(), p, sha256);
    },
  );

  app.get(
    photoPaths.download(':sha256'),
    { schema: { tags: ['photos'], summary: 'Download a photo of a record of your region' } },
    async (request, reply) => {
      const p = await principalOf(ctx, request);
      const { sha256 } = parseWith(shaParam, request.params, 'the photo name');
      const stream = await openPhoto(deps(), p, sha256);
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(stream);
    },
  );
}
