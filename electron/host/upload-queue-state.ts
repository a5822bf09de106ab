import type { UploadItem, UploadStatus } from '#shared/host/contract/index';
import { isRetryable, type ClientErrorCode } from '#shared/sync/index';

/** The queue as kept on disk. */
export type QueueState = {
  readonly version: 1;
  readonly serviceUrl: string | null;
  readonly lastSuccessAt: number | null;
  readonly items: readonly UploadItem[];
};

export const emptyQueue: QueueState = { version: 1, serviceUrl: null, lastSuccessAt: null, items: [] };

/** How many uploaded photos the queue still lists (the Sync centre shows them as done). */
const keepDone = 500;

/** How long a photo missing from the local store waits before it is looked for again. */
const missingPhotoWaitMs = 3_600_000;

/**
 * Backoff after the n-th failure: 2 s, 4 s … capped at 10 min, or longer when the service asked for
 * longer (`askedMs`, a 429's Retry-After); not-retryable errors wait an hour.
 */
export function retryDelay(attempts: number, code: ClientErrorCode, askedMs = 0): number {
  if (!isRetryable(code)) {
    return 3_600_000;
  }
  return Math.max(askedMs, Math.min(600_000, 1000 * 2 ** Math.min(attempts, 10)));
}

/** What the Sync centre shows of the queue. */
export function queueSummary(s: QueueState): UploadStatus {
  const open = s.items.filter((i) => i.state !== 'done');
  const waits = open.map((i) => i.nextRetryAt).filter((t): t is number => t !== null);
  return {
    serviceUrl: s.serviceUrl,
    pending: open.length,
    failed: s.items.filter((i) => i.state === 'failed').length,
    done: s.items.filter((i) => i.state === 'done').length,
    lastSuccessAt: s.lastSuccessAt,
    nextRetryAt: waits.length > 0 ? Math.min(...waits) : null,
    items: [...s.items],
  };
}

/** The next photo to upload now: the first not done whose wait is over. */
export function nextDue(s: QueueState, now: number): UploadItem | undefined {
  return s.items.find((i) => i.state !== 'done' && (i.nextRetryAt === null || i.nextRetryAt <= now));
}

/** When the queue must look again (the earliest wait of a photo not done), or null. */
export function nextWake(s: QueueState): number | null {
  const waits = s.items
    .filter((i) => i.state !== 'done' && i.nextRetryAt !== null)
    .map((i) => i.nextRetryAt as number);
  return waits.length > 0 ? Math.min(...waits) : null;
}

export function updateItem(s: QueueState, sha256: string, patch: Partial<UploadItem>): QueueState {
  return { ...s, items: s.items.map((i) => (i.sha256 === sha256 ? { ...i, ...patch } : i)) };
}

/** A new photo to upload, nothing sent yet. */
export function queuedItem(sha256: string, bytes: number): UploadItem {
  return {
    sha256,
    bytes,
    sent: 0,
    state: 'queued',
    attempts: 0,
    lastError: null,
    nextRetryAt: null,
    doneAt: null,
  };
}

/** The service confirmed the photo stored; the oldest done items beyond `keepDone` leave the list. */
export function markStored(s: QueueState, sha256: string, bytes: number, now: number): QueueState {
  const next = {
    ...updateItem(s, sha256, { state: 'done', sent: bytes, doneAt: now, lastError: null, nextRetryAt: null }),
    lastSuccessAt: now,
  };
  const done = next.items.filter((i) => i.state === 'done');
  if (done.length <= keepDone) {
    return next;
  }
  const drop = new Set(done.slice(0, done.length - keepDone).map((i) => i.sha256));
  return { ...next, items: next.items.filter((i) => !drop.has(i.sha256)) };
}

/** An upload failed: count the attempt and wait before the next (see `retryDelay`). */
export function markFailed(
  s: QueueState,
  item: UploadItem,
  error: { readonly code: ClientErrorCode; readonly message: string },
  now: number,
  askedMs: number,
): QueueState {
  const attempts = item.attempts + 1;
  return updateItem(s, item.sha256, {
    state: 'failed',
    attempts,
    lastError: `${error.code}: ${error.message}`,
    nextRetryAt: now + retryDelay(attempts, error.code, askedMs),
  });
}

/** The photo is not in the local store: look again in an hour. */
export function markMissing(s: QueueState, item: UploadItem, now: number): QueueState {
  return updateItem(s, item.sha256, {
    state: 'failed',
    lastError: 'not-found: the photo is not in the local photo store',
    nextRetryAt: now + missingPhotoWaitMs,
    attempts: item.attempts + 1,
  });
}

/** After a restart: an upload that was running resumes from the service's offset. */
export function resumed(s: QueueState): QueueState {
  return {
    ...s,
    items: s.items.map((i) => (i.state === 'uploading' ? { ...i, state: 'queued' as const } : i)),
  };
}
