import { isCollectionName, type CollectionName } from '#shared/domain/index';

/**
 * A record the sync service refused. The record itself stays in the device database (nothing is
 * removed before the service acknowledged it by id); this is why it was refused and what the crew did
 * about it. Refusals are kept in the device's storage so they survive a restart, and they are never
 * sent again without the crew asking (resend, move) — see `release`.
 */
export type Refusal = {
  readonly collection: CollectionName;
  readonly id: string;
  /** The service's code (a `SyncErrorCode`, or a newer one this app version does not know yet). */
  readonly code: string;
  /** The service's own words, kept for the supervisor and the diagnostic bundle, not shown as the reason. */
  readonly message: string;
  /**
   * What the reason is rendered with: the service's parameters where its answer carried them, plus what
   * the device knew when it sent the row (`division` of the record, `region` of the account).
   */
  readonly params: Readonly<Record<string, string | number>>;
  /** Device time of the first refusal and of the latest one (ms). */
  readonly firstRefusedAt: number;
  readonly refusedAt: number;
  /** How many pushes of this record were refused (each one asked for by the crew after the first). */
  readonly times: number;
  /** When the crew exported it for a supervisor (it stays listed: exporting is not a fix). */
  readonly exportedAt: number | null;
};

/** One refused row as a push answer carries it, plus what the device knew when sending it. */
export type RefusedRow = {
  readonly id: string;
  readonly code: string;
  readonly message: string;
  readonly params?: Readonly<Record<string, string | number>>;
};

export type RefusalStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const refusalStorageKey = 'wrm.sync.refusals';
/** Where earlier versions of the app kept refused rows (`{ [collection]: RowRejection[] }`). */
export const legacyRefusalStorageKey = 'wrm.sync.failed';

function key(collection: string, id: string): string {
  return `${collection}/${id}`;
}

function cleanParams(value: unknown): Record<string, string | number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) {
      out[k] = v;
    }
  }
  return out;
}

function parseRefusal(value: unknown): Refusal | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const r = value as Record<string, unknown>;
  if (!isCollectionName(r['collection']) || typeof r['id'] !== 'string' || typeof r['code'] !== 'string') {
    return null;
  }
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const refusedAt = num(r['refusedAt'], 0);
  return {
    collection: r['collection'],
    id: r['id'],
    code: r['code'],
    message: typeof r['message'] === 'string' ? r['message'] : '',
    params: cleanParams(r['params']),
    firstRefusedAt: num(r['firstRefusedAt'], refusedAt),
    refusedAt,
    times: Math.max(1, num(r['times'], 1)),
    exportedAt: typeof r['exportedAt'] === 'number' ? r['exportedAt'] : null,
  };
}

function load(storage: RefusalStorage | null): Refusal[] {
  const read = (k: string): unknown => {
    try {
      const text = storage?.getItem(k);
      return text ? (JSON.parse(text) as unknown) : null;
    } catch {
      return null;
    }
  };
  const current = read(refusalStorageKey);
  if (Array.isArray(current)) {
    return current.map(parseRefusal).filter((r): r is Refusal => r !== null);
  }
  // Rows refused before this version: `{ [collection]: { id, code, message }[] }`, kept as they were.
  const legacy = read(legacyRefusalStorageKey);
  if (typeof legacy !== 'object' || legacy === null) {
    return [];
  }
  return Object.entries(legacy as Record<string, unknown>).flatMap(([collection, rows]) =>
    Array.isArray(rows)
      ? rows
          .map((row) => parseRefusal({ ...(row as object), collection }))
          .filter((r): r is Refusal => r !== null)
      : [],
  );
}

/**
 * The refused records of this device, kept in `storage` (the renderer's localStorage). Every change is
 * written through at once, so a refusal the screen showed is still there after a crash or restart.
 */
export function createRefusalStore(options: {
  readonly storage: RefusalStorage | null;
  readonly now: () => number;
}) {
  const entries = new Map<string, Refusal>(load(options.storage).map((r) => [key(r.collection, r.id), r]));
  /** Refusals the crew acted on, until the service answers again (a second refusal counts on). */
  const released = new Map<string, Refusal>();
  const listeners = new Set<() => void>();
  let snapshot: readonly Refusal[] = [...entries.values()];

  function changed(): void {
    snapshot = [...entries.values()];
    options.storage?.setItem(refusalStorageKey, JSON.stringify(snapshot));
    listeners.forEach((l) => l());
  }

  return {
    /** Every refusal, oldest first. */
    list: (): readonly Refusal[] => snapshot,
    of: (collection: CollectionName): readonly Refusal[] =>
      snapshot.filter((r) => r.collection === collection),
    get: (collection: CollectionName, id: string): Refusal | null => entries.get(key(collection, id)) ?? null,
    has: (collection: CollectionName, id: string): boolean => entries.has(key(collection, id)),
    /**
     * Takes the answer to one push: refused rows are kept (a row refused again keeps its first time
     * and counts up); rows the service stored are no longer refused.
     */
    applyPushOutcome(
      collection: CollectionName,
      accepted: readonly string[],
      refused: readonly RefusedRow[],
    ): void {
      if (accepted.length === 0 && refused.length === 0) {
        return;
      }
      let dirty = false;
      for (const id of accepted) {
        released.delete(key(collection, id));
        dirty = entries.delete(key(collection, id)) || dirty;
      }
      const at = options.now();
      for (const row of refused) {
        const before = entries.get(key(collection, row.id)) ?? released.get(key(collection, row.id));
        released.delete(key(collection, row.id));
        entries.delete(key(collection, row.id));
        entries.set(key(collection, row.id), {
          collection,
          id: row.id,
          code: row.code,
          message: row.message,
          params: cleanParams(row.params),
          firstRefusedAt: before?.firstRefusedAt ?? at,
          refusedAt: at,
          times: (before?.times ?? 0) + 1,
          exportedAt: before?.exportedAt ?? null,
        });
        dirty = true;
      }
      if (dirty) {
        changed();
      }
    },
    /**
     * The crew acted on a refused record (resend, or moved it): it goes back to the outbox and is sent
     * once more (and, without an answer, stays pending like any unsent record). Returns the refusal it had.
     */
    release(collection: CollectionName, id: string): Refusal | null {
      const before = entries.get(key(collection, id)) ?? null;
      if (before !== null) {
        released.set(key(collection, id), before);
        entries.delete(key(collection, id));
        changed();
      }
      return before;
    },
    markExported(collection: CollectionName, ids: readonly string[]): void {
      const at = options.now();
      let dirty = false;
      for (const id of ids) {
        const before = entries.get(key(collection, id));
        if (before !== undefined) {
          entries.set(key(collection, id), { ...before, exportedAt: at });
          dirty = true;
        }
      }
      if (dirty) {
        changed();
      }
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type RefusalStore = ReturnType<typeof createRefusalStore>;
