import type { UploadStatus } from '#shared/host/contract/index';

/** A photo record of this laptop, as far as its file's upload matters. */
export type PhotoRecordRef = {
  readonly id: string;
  readonly storedSha256: string;
  /** The service stored the record (its receipt stamp is here). */
  readonly stored: boolean;
};

/**
 * The photo files' row of the Sync centre:
 * - `blocked`: files whose every photo record was refused by the service — the file is not
 *   evidence of anything the service holds, so it is not counted as pending, failed or stored, and
 *   is not uploaded until the crew acts on the record;
 * - `pending`: files waiting in the host's queue, or not in it yet;
 * - `failed`: uploads the queue gave up on for now (it retries by itself);
 * - `stored`: files the service verified.
 * `lastSuccessAt` is withheld while anything failed or is blocked: "last successful sync" never
 * stands on a row that failed.
 */
export type PhotoFilesStatus = {
  readonly pending: number;
  readonly failed: number;
  readonly blocked: number;
  readonly stored: number;
  readonly lastSuccessAt: number | null;
  /** The last failure of a failed upload, in the service's words (for the log and the bundle). */
  readonly lastError: string | null;
  readonly nextRetryAt: number | null;
  /** Hashes of the blocked files. */
  readonly blockedSha256: readonly string[];
};

export function photoFilesStatus(
  upload: UploadStatus | null,
  records: readonly PhotoRecordRef[],
  isRefused: (photoId: string) => boolean,
): PhotoFilesStatus {
  const byHash = new Map<string, { all: number; refused: number }>();
  for (const record of records) {
    const entry = byHash.get(record.storedSha256) ?? { all: 0, refused: 0 };
    entry.all += 1;
    entry.refused += isRefused(record.id) ? 1 : 0;
    byHash.set(record.storedSha256, entry);
  }
  const blocked = new Set(
    [...byHash].filter(([, e]) => e.all > 0 && e.refused === e.all).map(([sha]) => sha),
  );
  const items = new Map((upload?.items ?? []).map((i) => [i.sha256, i]));
  let pending = 0;
  let failed = 0;
  let stored = 0;
  let lastError: string | null = null;
  for (const sha of byHash.keys()) {
    if (blocked.has(sha)) {
      continue;
    }
    const item = items.get(sha);
    if (item === undefined) {
      pending += 1;
    } else if (item.state === 'done') {
      stored += 1;
    } else if (item.state === 'failed') {
      failed += 1;
      lastError ??= item.lastError;
    } else {
      pending += 1;
    }
  }
  const clean = failed === 0 && blocked.size === 0;
  return {
    pending,
    failed,
    blocked: blocked.size,
    stored,
    lastSuccessAt: clean ? (upload?.lastSuccessAt ?? null) : null,
    lastError,
    nextRetryAt: upload?.nextRetryAt ?? null,
    blockedSha256: [...blocked],
  };
}

/**
 * Hashes to hand to the host's upload queue: files with a record the service stored, and none that is
 * blocked. A file goes up after its record, so a refused record never leaves its photo on the service
 * as evidence of nothing.
 */
export function photosToUpload(records: readonly PhotoRecordRef[], status: PhotoFilesStatus): string[] {
  const blocked = new Set(status.blockedSha256);
  return [...new Set(records.filter((r) => r.stored).map((r) => r.storedSha256))].filter(
    (sha) => !blocked.has(sha),
  );
}
