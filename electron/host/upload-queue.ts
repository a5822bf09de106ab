import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UploadItem, UploadStatus } from '#shared/host/contract/index';
import type { HostHandlers } from '#shared/host/dispatch';
import { createSyncClient, retryAfterMs, uploadPhoto, type HttpFetch } from '#shared/sync/index';
import {
  emptyQueue,
  markFailed,
  markMissing,
  markStored,
  nextDue,
  nextWake,
  queuedItem,
  queueSummary,
  resumed,
  updateItem,
  type QueueState,
} from './upload-queue-state';

export type UploadQueueDeps = {
  /** Where the queue is kept (JSON, written atomically), so it survives restarts. */
  readonly file: string;
  readonly photos: { get(sha256: string): Promise<Uint8Array | null> };
  /** The device token, from the host's secret store. */
  readonly token: () => Promise<string | null>;
  readonly fetch: HttpFetch;
  readonly now: () => number;
  readonly emit: (status: UploadStatus) => void;
  readonly log: (message: string) => void;
  readonly chunkBytes?: number;
  /** Timer seam (tests pass their own). */
  readonly setTimer?: (run: () => void, ms: number) => () => void;
};

/**
 * The photo upload queue of the host: one upload at a time, resumable from the service's offset,
 * verified by sha256 on the service. A photo is marked done only when the service says it is stored;
 * the local photo is never removed here.
 */
export function createUploadQueue(deps: UploadQueueDeps) {
  const setTimer =
    deps.setTimer ??
    ((run: () => void, ms: number) => {
      const timer = setTimeout(run, ms);
      timer.unref?.();
      return () => clearTimeout(timer);
    });
  let state: QueueState | null = null;
  let running = false;
  // Set on shutdown: no upload starts and no timer is set after it.
  let stopped = false;
  let cancelTimer: (() => void) | null = null;
  let saving: Promise<void> = Promise.resolve();

  async function load(): Promise<QueueState> {
    if (state === null) {
      try {
        state = resumed(JSON.parse(await readFile(deps.file, 'utf8')) as QueueState);
      } catch {
        state = emptyQueue;
      }
    }
    return state;
  }

  /** Writes the queue atomically (a crash leaves the old file or the new one), one write at a time. */
  function save(): Promise<void> {
    const snapshot = JSON.stringify(state);
    saving = saving.then(async () => {
      await mkdir(dirname(deps.file), { recursive: true });
      const temp = `${deps.file}.${process.pid}.tmp`;
      await writeFile(temp, snapshot, { mode: 0o600 });
      await rename(temp, deps.file);
    });
    return saving;
  }

  async function changed(): Promise<void> {
    const s = await load();
    await save();
    deps.emit(queueSummary(s));
  }

  function update(next: (s: QueueState) => QueueState): void {
    if (state !== null) {
      state = next(state);
    }
  }

  function schedule(s: QueueState): void {
    cancelTimer?.();
    cancelTimer = null;
    const wake = nextWake(s);
    if (wake !== null && s.serviceUrl !== null && !stopped) {
      cancelTimer = setTimer(() => void pump(), Math.max(0, wake - deps.now()));
    }
  }

  async function pump(): Promise<void> {
    if (running || stopped) {
      return;
    }
    running = true;
    try {
      for (;;) {
        const s = await load();
        if (s.serviceUrl === null || stopped) {
          return;
        }
        const next = nextDue(s, deps.now());
        if (next === undefined) {
          schedule(s);
          return;
        }
        await uploadOne(s.serviceUrl, next);
      }
    } finally {
      running = false;
    }
  }

  async function uploadOne(serviceUrl: string, item: UploadItem): Promise<void> {
    const bytes = await deps.photos.get(item.sha256);
    if (bytes === null) {
      update((s) => markMissing(s, item, deps.now()));
      await changed();
      return;
    }
    update((s) => updateItem(s, item.sha256, { state: 'uploading', bytes: bytes.byteLength }));
    await changed();
    const client = createSyncClient({ baseUrl: serviceUrl, fetch: deps.fetch, token: deps.token });
    const result = await uploadPhoto(client, item.sha256, bytes, {
      ...(deps.chunkBytes ? { chunkBytes: deps.chunkBytes } : {}),
      onProgress: ({ sent }) => {
        update((s) => updateItem(s, item.sha256, { sent }));
        deps.emit(queueSummary(state!));
      },
    });
    if (result.ok && result.value.stored) {
      update((s) => markStored(s, item.sha256, bytes.byteLength, deps.now()));
    } else {
      const error = result.ok
        ? { code: 'internal' as const, message: 'the service did not confirm the photo as stored' }
        : result.error;
      deps.log(`upload of ${item.sha256} failed (${error.code}): ${error.message}`);
      const askedMs = result.ok ? 0 : retryAfterMs(result.details);
      update((s) => markFailed(s, item, error, deps.now(), askedMs));
    }
    await changed();
  }

  return {
    async configure(serviceUrl: string | null): Promise<UploadStatus> {
      const s = await load();
      state = { ...s, serviceUrl };
      await changed();
      void pump();
      return queueSummary(state);
    },
    async enqueue(hashes: readonly string[]): Promise<{ queued: number; missing: string[] }> {
      const s = await load();
      const known = new Set(s.items.map((i) => i.sha256));
      const fresh = [...new Set(hashes)].filter((h) => !known.has(h));
      const missing: string[] = [];
      const items: UploadItem[] = [];
      for (const sha256 of fresh) {
        const bytes = await deps.photos.get(sha256);
        if (bytes === null) {
          missing.push(sha256);
        } else {
          items.push(queuedItem(sha256, bytes.byteLength));
        }
      }
      if (items.length > 0) {
        state = { ...s, items: [...s.items, ...items] };
        await changed();
        void pump();
      }
      return { queued: items.length, missing };
    },
    async status(): Promise<UploadStatus> {
      return queueSummary(await load());
    },
    async retryNow(): Promise<UploadStatus> {
      const s = await load();
      state = { ...s, items: s.items.map((i) => (i.state === 'done' ? i : { ...i, nextRetryAt: null })) };
      await changed();
      void pump();
      return queueSummary(state);
    },
    /** Resolves when no upload is running (tests). */
    async idle(): Promise<void> {
      while (running) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await saving;
    },
    /** Shutdown: the retry timer is cleared and nothing starts after it (an upload under way ends). */
    stop(): void {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
    },
  };
}

export type UploadQueue = ReturnType<typeof createUploadQueue>;

export function createUploadsHandlers(
  queue: UploadQueue,
): Pick<HostHandlers, 'uploads.configure' | 'uploads.enqueue' | 'uploads.status' | 'uploads.retryNow'> {
  return {
    'uploads.configure': ({ serviceUrl }) => queue.configure(serviceUrl),
    'uploads.enqueue': ({ sha256 }) => queue.enqueue(sha256),
    'uploads.status': () => queue.status(),
    'uploads.retryNow': () => queue.retryNow(),
  };
}
