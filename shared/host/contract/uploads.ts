import { z } from 'zod';
import { event, method } from './define';

export const uploadStates = ['queued', 'uploading', 'done', 'failed'] as const;
export type UploadState = (typeof uploadStates)[number];

/** One photo in the host's upload queue (the queue survives restarts; the photo stays on disk). */
export type UploadItem = {
  readonly sha256: string;
  readonly bytes: number;
  /** Bytes the service has confirmed (the resume point). */
  readonly sent: number;
  readonly state: UploadState;
  readonly attempts: number;
  /** `code: message` of the last failure, in the service's words. */
  readonly lastError: string | null;
  readonly nextRetryAt: number | null;
  readonly doneAt: number | null;
};

export type UploadStatus = {
  readonly serviceUrl: string | null;
  readonly pending: number;
  readonly failed: number;
  readonly done: number;
  readonly lastSuccessAt: number | null;
  readonly nextRetryAt: number | null;
  readonly items: readonly UploadItem[];
};

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in lower-case hex');

/**
 * The photo upload queue runs in the host, next to the photo store: chunked, resumable, verified by
 * sha256 on the service. It reads the device token from the host's secret store itself.
 */
export const uploadsMethods = {
  /** Which sync service to upload to (null: stop uploading). */
  'uploads.configure': method<UploadStatus>()(
    z.object({ serviceUrl: z.string().url().max(2048).nullable() }).strict(),
  ),
  /** Queues photos of the photo store by hash; queuing one twice is a no-op. */
  'uploads.enqueue': method<{ readonly queued: number; readonly missing: readonly string[] }>()(
    z.object({ sha256: z.array(sha256).min(1).max(10_000) }).strict(),
  ),
  'uploads.status': method<UploadStatus>()(z.object({}).strict()),
  /** Retries failed and waiting uploads now instead of at their next retry time. */
  'uploads.retryNow': method<UploadStatus>()(z.object({}).strict()),
};

export const uploadsEvents = {
  'uploads.changed': event<UploadStatus>(),
};
