import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UploadItem, UploadStatus } from '../../shared/host/contract/index';
import type { HostHandlers } from '../../shared/host/dispatch';
import {
  createSyncClient,
  isRetryable,
  retryAfterMs,
  uploadPhoto,
  type ClientErrorCode,
  type HttpFetch,
} from '../../shared/sync/index';

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

type QueueFile = { version: 1; serviceUrl: string | null; lastSuccessAt: number | null; items: UploadItem[] };

const keepDone = 500;

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
  let state: QueueFile | null = null;
  let running = false;
  let cancelTimer: (() => void) | null = null;
  let saving: Promise<void> = Promise.resolve();

  async function load(): Promise<QueueFile> {
    if (state !== null) {
      return state;
    }
    try {
      const parsed = JSON.parse(await readFile(deps.file, 'utf8')) as QueueFile;
      // An upload that was running when the host stopped resumes from the service's offset.
      state = {
        ...parsed,
        items: parsed.items.map((i) => (i.state === 'uploading' ? { ...i, state: 'queued' as const } : i)),
      };
    } catch {
      state = { version: 1, serviceUrl: null, lastSuccessAt: null, items: [] };
    }
    return state;
  }

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

  function summary(s: QueueFile): UploadStatus {
    const open = s.items.filter((i) => i.state !== 'done');
    const waits = open.map((i) => i.nextRetryAt).filter((t): t is number => t !== null);
    return {
      serviceUrl: s.serviceUrl,
      pending: open.length,
      failed: s.items.filter((i) => i.state === 'failed').length,
      done: s.items.filter((i) => i.state === 'done').length,
      lastSuccessAt: s.lastSuccessAt,
      nextRetryAt: waits.length > 0 ? Math.min(...waits) : null,
      items: s.items,
    };
  }

  async function changed(): Promise<void> {
    const s = await load();
    await save();
    deps.emit(summary(s));
  }

  function update(sha256: string, patch: Partial<UploadItem>): void {
    if (state !== null) {
      state = { ...state, items: state.items.map((i) => (i.sha256 === sha256 ? { ...i, ...patch } : i)) };
    }
  }

  function schedule(s: QueueFile): void {
    cancelTimer?.();
    cancelTimer = null;
    const waits = s.items
      .filter((i) => i.state !== 'done' && i.nextRetryAt !== null)
      .map((i) => i.nextRetryAt as number);
    if (waits.length > 0 && s.serviceUrl !== null) {
      cancelTimer = setTimer(() => void pump(), Math.max(0, Math.min(...waits) - deps.now()));
    }
  }

  async function pump(): Promise<void> {
    if (running) {
      return;
    }
    running = true;
    try {
      for (;;) {
        const s = await load();
        if (s.serviceUrl === null) {
          return;
        }
        const now = deps.now();
        const next = s.items.find(
          (i) => i.state !== 'done' && (i.nextRetryAt === null || i.nextRetryAt <= now),
        );
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
      update(item.sha256, {
        state: 'failed',
        lastError: 'not-found: the photo is not in the local photo store',
        nextRetryAt: deps.now() + 3_600_000,
        attempts: item.attempts + 1,
      });
      await changed();
      return;
    }
    update(item.sha256, { state: 'uploading', bytes: bytes.byteLength });
    await changed();
    const client = createSyncClient({ baseUrl: serviceUrl, fetch: deps.fetch, token: deps.token });
    const result = await uploadPhoto(client, item.sha256, bytes, {
      ...(deps.chunkBytes ? { chunkBytes: deps.chunkBytes } : {}),
      onProgress: ({ sent }) => {
        update(item.sha256, { sent });
        deps.emit(summary(state!));
      },
    });
    if (result.ok && result.value.stored) {
      const now = deps.now();
      update(item.sha256, {
        state: 'done',
        sent: bytes.byteLength,
        doneAt: now,
        lastError: null,
        nextRetryAt: null,
      });
      state = { ...state!, lastSuccessAt: now };
      const done = state.items.filter((i) => i.state === 'done');
      if (done.length > keepDone) {
        const drop = new Set(done.slice(0, done.length - keepDone).map((i) => i.sha256));
        state = { ...state, items: state.items.filter((i) => !drop.has(i.sha256)) };
      }
    } else {
      const error = result.ok
        ? { code: 'internal' as const, message: 'the service did not confirm the photo as stored' }
        : result.error;
      const attempts = item.attempts + 1;
      deps.log(`upload of ${item.sha256} failed (${error.code}): ${error.message}`);
      update(item.sha256, {
        state: 'failed',
        attempts,
        lastError: `${error.code}: ${error.message}`,
        nextRetryAt:
          deps.now() + retryDelay(attempts, error.code, result.ok ? 0 : retryAfterMs(result.details)),
      });
    }
    await changed();
  }

  return {
    async configure(serviceUrl: string | null): Promise<UploadStatus> {
      const s = await load();
      state = { ...s, serviceUrl };
      await changed();
      void pump();
      return summary(state);
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
          continue;
        }
        items.push({
          sha256,
          bytes: bytes.byteLength,
          sent: 0,
          state: 'queued',
          attempts: 0,
          lastError: null,
          nextRetryAt: null,
          doneAt: null,
        });
      }
      if (items.length > 0) {
        state = { ...s, items: [...s.items, ...items] };
        await changed();
        void pump();
      }
      return { queued: items.length, missing };
    },
    async status(): Promise<UploadStatus> {
      return summary(await load());
    },
    async retryNow(): Promise<UploadStatus> {
      const s = await load();
      state = { ...s, items: s.items.map((i) => (i.state === 'done' ? i : { ...i, nextRetryAt: null })) };
      await changed();
      void pump();
      return summary(state);
    },
    /** Resolves when no upload is running (tests). */
    async idle(): Promise<void> {
      while (running) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await saving;
    },
    stop(): void {
      cancelTimer?.();
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
