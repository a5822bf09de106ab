import type { HostHandlers } from '#shared/host/dispatch';
import {
  refuse,
  defaultPhotoLimits,
  PhotoRefusalError,
  processPhoto,
  thumbnail,
  type PhotoLimits,
} from './photo-pipeline';
import type { PhotoStore } from './photo-store';

export type PhotosServiceDeps = {
  readonly store: PhotoStore;
  readonly now: () => number;
  readonly limits?: PhotoLimits;
  /** Uploads not finished within this time are dropped (ms). */
  readonly stagingTtlMs?: number;
};

type Staged = { chunks: Buffer[]; size: number; touched: number };

/**
 * Photos arrive in chunks (the web shell's socket frames are bounded); they are staged in memory —
 * never more than the size limit per upload — and processed into the content-addressed store.
 */
export function createPhotosHandlers(
  deps: PhotosServiceDeps,
): Pick<HostHandlers, 'photos.putChunk' | 'photos.process' | 'photos.discard' | 'photos.read'> {
  const limits = deps.limits ?? defaultPhotoLimits;
  const ttl = deps.stagingTtlMs ?? 10 * 60_000;
  const staged = new Map<string, Staged>();
  const sweep = () => {
    const now = deps.now();
    for (const [id, s] of staged) {
      if (now - s.touched > ttl) {
        staged.delete(id);
      }
    }
  };
  return {
    'photos.putChunk': ({ uploadId, offset, dataBase64 }) => {
      sweep();
      const entry = staged.get(uploadId) ?? { chunks: [], size: 0, touched: deps.now() };
      if (offset !== entry.size) {
        refuse('conflict', 'photo-upload-unknown', `chunk at ${offset}, expected ${entry.size}`);
      }
      const chunk = Buffer.from(dataBase64, 'base64');
      if (entry.size + chunk.byteLength > limits.maxBytes) {
        staged.delete(uploadId);
        refuse(
          'too-large',
          'photo-too-large',
          `over the ${(limits.maxBytes / 1024 / 1024).toFixed(1)} MB limit`,
        );
      }
      entry.chunks.push(chunk);
      entry.size += chunk.byteLength;
      entry.touched = deps.now();
      staged.set(uploadId, entry);
      return { received: entry.size };
    },
    'photos.process': async (args) => {
      const entry = staged.get(args.uploadId);
      if (entry === undefined) {
        refuse('not-found', 'photo-upload-unknown', `no upload ${args.uploadId}`);
      }
      let processed: Awaited<ReturnType<typeof processPhoto>>;
      try {
        processed = await processPhoto(
          {
            bytes: Buffer.concat(entry.chunks),
            source: args.source,
            now: deps.now(),
            siteCode: args.siteCode,
            operatorId: args.operatorId,
            devicePosition: args.devicePosition,
            watermark: args.watermark,
            allowMissingExif: args.allowMissingExif,
          },
          limits,
        );
      } catch (error) {
        // A photo without EXIF stays staged so the crew can accept the import time without re-sending.
        if (!(error instanceof PhotoRefusalError && error.refusal === 'photo-no-exif')) {
          staged.delete(args.uploadId);
        }
        throw error;
      }
      staged.delete(args.uploadId);
      const { jpeg, facts } = processed;
      const stored = await deps.store.put(jpeg);
      return { ...facts, storedSha256: stored.sha256, bytes: stored.bytes };
    },
    'photos.discard': ({ uploadId }) => ({ discarded: staged.delete(uploadId) }),
    'photos.read': async ({ sha256, maxEdge }) => {
      const bytes = await deps.store.get(sha256);
      if (bytes === null) {
        refuse('not-found', 'photo-not-found', `no stored photo ${sha256}`);
      }
      const out = maxEdge === null ? Buffer.from(bytes) : await thumbnail(bytes, maxEdge);
      return { dataBase64: out.toString('base64'), mime: 'image/jpeg' as const };
    },
  };
}
