import { z } from 'zod';
import { defineCollection } from '../collection';
import { divisionCode, epochMs, provenance, recordId, wgs84Position } from '../primitives';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in lower-case hex');

/**
 * Metadata of an evidence photo. The image itself is stored by the host, content-addressed by the
 * sha256 of the stored (resized, stamped) JPEG; the original's hash is kept as proof.
 */
export const photoMetaSchema = z
  .object({
    id: recordId,
    siteId: z.string().min(1).max(64),
    divisionCode: divisionCode,
    siteCode: z.string().max(40),
    patrolId: z.string().max(64).nullable(),
    faultId: z.string().max(64).nullable(),
    checklistItemId: z.string().max(80).nullable(),
    originalSha256: sha256Hex,
    storedSha256: sha256Hex,
    bytes: z.number().int().min(1).max(50_000_000),
    width: z.number().int().min(1).max(20_000),
    height: z.number().int().min(1).max(20_000),
    mime: z.literal('image/jpeg'),
    /** When the photo was taken: EXIF time where present, else capture/import time. */
    takenAt: epochMs,
    takenAtSource: z.enum(['exif', 'capture', 'import']),
    position: wgs84Position.nullable(),
    watermarked: z.boolean(),
    caption: z.string().max(500).nullable(),
    ...provenance,
  })
  .strict();
export type PhotoMeta = z.infer<typeof photoMetaSchema>;

export const photosCollection = defineCollection({
  name: 'photos',
  version: 0,
  kind: 'event',
  schema: photoMetaSchema,
  indexes: ['siteId', 'divisionCode'],
  encrypted: [],
  description: '照片元数据 evidence-photo metadata (append-only; images go through the upload queue)',
});
