import { z } from 'zod';
import { apiPrefix } from './wire';

export const photoPaths = {
  status: (sha256: string) => `${apiPrefix}/photos/${sha256}/upload`,
  chunk: (sha256: string, offset: number) => `${apiPrefix}/photos/${sha256}/upload?offset=${offset}`,
  complete: (sha256: string) => `${apiPrefix}/photos/${sha256}/complete`,
  download: (sha256: string) => `${apiPrefix}/photos/${sha256}`,
} as const;

export const sha256HexPattern = /^[0-9a-f]{64}$/;
export const photoChunkMaxBytes = 1024 * 1024;
export const photoMaxBytes = 50_000_000;

export const photoUploadStartSchema = z
  .object({ bytes: z.number().int().min(1).max(photoMaxBytes) })
  .strict();

/**
 * Where an upload stands on the service. `received` is the resume offset: a device that lost its
 * connection asks, then sends from there. `stored` means the verified photo is on the service.
 */
export type PhotoUploadStatus = {
  readonly sha256: string;
  readonly bytes: number;
  readonly received: number;
  readonly stored: boolean;
};

export const photoUploadStatusSchema = z
  .object({ sha256: z.string(), bytes: z.number().int(), received: z.number().int(), stored: z.boolean() })
  .strict() satisfies z.ZodType<PhotoUploadStatus>;
