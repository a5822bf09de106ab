import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  SyncError,
  photoChunkMaxBytes,
  photoPaths,
  photoUploadStartSchema,
  sha256HexPattern,
  type PhotoUploadStatus,
} from '../../shared/sync/index';
import { scoped } from '../db/scoped';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { partialKey, type BlobStore } from '../photos/blob-store';

const shaParam = z.object({
  sha256: z.string().regex(sha256HexPattern, 'must be a sha256 in lower-case hex'),
});
const offsetQuery = z.object({ offset: z.coerce.number().int().min(0) }).strict();

/**
 * Photos: a device asks where an upload stands (POST …/upload), sends chunks at that offset
 * (PUT …/upload?offset=n), then asks the service to verify the sha256 and store it (POST …/complete).
 * Any of the three may be repeated after a cut connection. Downloads only for photos of your region.
 */
export function registerPhotoRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const store = (): BlobStore => {
    if (ctx.photos === null) {
      throw new SyncError('unavailable', 'this sync service has no photo storage configured');
    }
    return ctx.photos;
  };

  const status = async (sha256: string, deviceId: string): Promise<PhotoUploadStatus> => {
    const blobs = store();
    const size = await blobs.size(sha256);
    if (size !== null) {
      return { sha256, bytes: size, received: size, stored: true };
    }
    const { rows } = await ctx.db.query<{ bytes: number }>(
      'select bytes from photo_uploads where sha256 = $1 and device_id = $2',
      [sha256, deviceId],
    );
    const bytes = rows[0]?.bytes;
    if (bytes === undefined) {
      throw new SyncError('not-found', `no upload of photo ${sha256} was started from this device`);
    }
    return { sha256, bytes, received: await blobs.partialSize(partialKey(sha256, deviceId)), stored: false };
  };

  app.post(
    photoPaths.status(':sha256'),
    { schema: { tags: ['photos'], summary: 'Start or resume an upload: where it stands (resume offset)' } },
    async (request) => {
      const p = await principalOf(ctx, request);
      const { sha256 } = parseWith(shaParam, request.params, 'the photo name');
      const { bytes } = parseWith(photoUploadStartSchema, request.body, 'the upload start');
      if ((await store().size(sha256)) === null) {
        await ctx.db.query(
          `insert into photo_uploads (sha256, device_id, bytes, started_at) values ($1, $2, $3, $4)
           on conflict (sha256, device_id) do update set bytes = excluded.bytes`,
          [sha256, p.deviceId, bytes, ctx.now()],
        );
      }
      return status(sha256, p.deviceId);
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
      const before = await status(sha256, p.deviceId);
      if (before.stored) {
        return before;
      }
      if (offset !== before.received) {
        throw new SyncError(
          'wrong-offset',
          `this upload continues at byte ${before.received}, not ${offset}`,
          [{ received: before.received }],
        );
      }
      if (offset + request.body.byteLength > before.bytes) {
        throw new SyncError('too-large', `the chunk runs past the photo's declared ${before.bytes} bytes`);
      }
      const received = await store().append(partialKey(sha256, p.deviceId), offset, request.body);
      if (received !== offset + request.body.byteLength) {
        throw new SyncError('wrong-offset', `this upload continues at byte ${received}`, [{ received }]);
      }
      return { ...before, received };
    },
  );

  app.post(
    photoPaths.complete(':sha256'),
    { schema: { tags: ['photos'], summary: 'Verify the sha256 of the uploaded bytes and store the photo' } },
    async (request) => {
      const p = await principalOf(ctx, request);
      const { sha256 } = parseWith(shaParam, request.params, 'the photo name');
      const before = await status(sha256, p.deviceId);
      if (before.stored) {
        return before;
      }
      if (before.received !== before.bytes) {
        throw new SyncError('wrong-offset', `only ${before.received} of ${before.bytes} bytes arrived`, [
          { received: before.received },
        ]);
      }
      const matched = await store().commit(partialKey(sha256, p.deviceId), sha256);
      await ctx.db.query('delete from photo_uploads where sha256 = $1 and device_id = $2', [
        sha256,
        p.deviceId,
      ]);
      if (!matched) {
        throw new SyncError(
          'checksum-mismatch',
          `the uploaded bytes do not hash to ${sha256}; the partial upload was discarded — send it again`,
        );
      }
      await ctx.db.query(
        `insert into photo_blobs (sha256, bytes, stored_at, device_id) values ($1, $2, $3, $4)
         on conflict (sha256) do nothing`,
        [sha256, before.bytes, ctx.now(), p.deviceId],
      );
      return { sha256, bytes: before.bytes, received: before.bytes, stored: true };
    },
  );

  app.get(
    photoPaths.download(':sha256'),
    { schema: { tags: ['photos'], summary: 'Download a photo of a record of your region' } },
    async (request, reply) => {
      const p = await principalOf(ctx, request);
      const { sha256 } = parseWith(shaParam, request.params, 'the photo name');
      // Only a photo named by a photo record the caller may see (row-level security applies).
      const visible = await scoped(
        ctx.db,
        p.scope,
        async (tx) =>
          (
            await tx.query(
              `select 1 from records where collection = 'photos' and doc->>'storedSha256' = $1 limit 1`,
              [sha256],
            )
          ).rows.length > 0,
      );
      const stream = visible ? await store().open(sha256) : null;
      if (stream === null) {
        throw new SyncError('not-found', `no photo ${sha256} in your region`);
      }
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400').send(stream);
    },
  );
}
