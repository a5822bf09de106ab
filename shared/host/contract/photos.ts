import { z } from 'zod';
import { method } from './define';

/**
 * Evidence photos. The renderer sends the picked file (or the webcam frame) in base64 chunks of at
 * most `photoChunkBytes`; the host refuses as soon as the total passes its size limit, then resizes
 * (long edge ≤ 2048 px), reads EXIF time and position, hashes the original, stamps site, time,
 * position and operator (metadata always, a visible 水印 on request) and stores the JPEG by its sha256.
 * Refusals are named: the failure carries one of `photoRefusals` as `refusal`.
 */
export { photoRefusals, type PhotoRefusal } from './photo-refusals';

export const photoChunkBytes = 4 * 1024 * 1024;
const uploadId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export type ProcessedPhoto = {
  readonly storedSha256: string;
  readonly originalSha256: string;
  readonly bytes: number;
  readonly originalBytes: number;
  readonly width: number;
  readonly height: number;
  readonly takenAt: number;
  readonly takenAtSource: 'exif' | 'capture' | 'import';
  /** EXIF GPS where present, else the device position given at capture. */
  readonly position: { readonly lat: number; readonly lng: number } | null;
  readonly positionSource: 'exif' | 'device' | 'none';
  readonly exif: { readonly present: boolean; readonly time: boolean; readonly gps: boolean };
  readonly watermarked: boolean;
  /** The stamp lines (also in the JPEG's EXIF ImageDescription). */
  readonly stamp: readonly string[];
};

export const photosMethods = {
  /** Appends a chunk of an upload (ids made by the renderer); refuses past the host's size limit. */
  'photos.putChunk': method<{ readonly received: number }>()(
    z
      .object({
        uploadId,
        offset: z.number().int().min(0),
        dataBase64: z
          .string()
          .min(1)
          .max(Math.ceil((photoChunkBytes * 4) / 3) + 4),
      })
      .strict(),
  ),
  /** Processes a complete upload into a stored evidence JPEG. */
  'photos.process': method<ProcessedPhoto>()(
    z
      .object({
        uploadId,
        source: z.enum(['import', 'capture']),
        siteCode: z.string().min(1).max(40),
        operatorId: z.string().min(1).max(64),
        /** The device position at capture time (used when the photo has no EXIF GPS). */
        devicePosition: z
          .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
          .strict()
          .nullable(),
        watermark: z.boolean(),
        /** An imported photo without EXIF time is refused unless the crew accepts the import time. */
        allowMissingExif: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Drops an upload the crew abandoned. */
  'photos.discard': method<{ readonly discarded: boolean }>()(z.object({ uploadId }).strict()),
  /** A stored photo (optionally scaled down for display) as base64 JPEG. */
  'photos.read': method<{ readonly dataBase64: string; readonly mime: 'image/jpeg' }>()(
    z.object({ sha256, maxEdge: z.number().int().min(32).max(4096).nullable().default(null) }).strict(),
  ),
};

export const photosEvents = {};
