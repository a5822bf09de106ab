import { collectionNames, isCollectionName, type CollectionName } from '#shared/domain/index';
import { pullCountsSchema, syncPaths, type SyncClient } from '#shared/sync/index';
import type { SettingsStorage } from './enrolment';
import type { FirstPullReaders } from './first-pull-readers';
import type { FirstPullProgress, SyncStore } from './sync-store';

/**
 * A new laptop's first pull, in the order a crew needs it: the map's inputs (sites and their health),
 * then what the map marks on them (open faults, tasks), then the rest. On two cores a province's
 * collections pulled all at once share the writes, so the map waited for everything; one wave at a
 * time, the sites are in after a fraction of the whole.
 */
export const firstPullWaves: readonly (readonly CollectionName[])[] = (() => {
  const first: CollectionName[] = ['sites', 'site_health'];
  const second: CollectionName[] = ['fault_events', 'tasks'];
  const named = new Set<CollectionName>([...first, ...second]);
  return [first, second, collectionNames.filter((n) => !named.has(n))].map((wave) =>
    wave.filter((n) => collectionNames.includes(n)),
  );
})();

const storageKey = 'wrm.sync.firstPull';

type Kept = { readonly deviceId: string; readonly pending: readonly CollectionName[] };

/**
 * Which collections of this enrolment have not finished their first pull, kept across restarts (a
 * laptop closed half-way through its first pull resumes it, map still held), per device id.
 */
export function createFirstPullRecord(storage: SettingsStorage | null) {
  const read = (): Kept | null => {
    try {
      const text = storage?.getItem(storageKey);
      return text ? (JSON.parse(text) as Kept) : null;
    } catch {
      return null;
    }
  };
  const write = (kept: Kept) => {
    if (kept.pending.length === 0) {
      storage?.removeItem(storageKey);
    } else {
      storage?.setItem(storageKey, JSON.stringify(kept));
    }
  };
  return {
    /** An enrolment starts: every collection's first pull is ahead. */
    begin(deviceId: string): void {
      write({ deviceId, pending: [...collectionNames] });
    },
    pending(deviceId: string): CollectionName[] {
      const kept = read();
      return kept?.deviceId === deviceId ? kept.pending.filter(isCollectionName) : [];
    },
    done(deviceId: string, name: CollectionName): void {
      const kept = read();
      if (kept?.deviceId === deviceId) {
        write({ deviceId, pending: kept.pending.filter((n) => n !== name) });
      }
    },
  };
}
export type FirstPullRecord = ReturnType<typeof createFirstPullRecord>;

/** What the first pull needs of a collection's replication (RxDB's `RxReplicationState`). */
export type FirstPullReplication = {
  start(): Promise<void>;
  /** Resolves when the collection's pull has reached the service's head and stored what it got. */
  awaitInitialReplication(): Promise<void>;
};

export type FirstPullOptions = {
  readonly deviceId: string;
  readonly record: FirstPullRecord;
  readonly store: SyncStore;
  /** A collection's replication; undefined while its collection is not open yet (it is waited for). */
  readonly replication: (name: CollectionName) => FirstPullReplication | undefined;
  readonly client: SyncClient;
  /** Records of a collection stored on this laptop now (not deleted). */
  readonly storedCount: (name: CollectionName) => Promise<number>;
  /** False once this run was stopped (sign-out, a new enrolment): nothing more is started or kept. */
  readonly current: () => boolean;
  readonly progressEveryMs?: number;
  /** The screens reading what the pull brings (the map), waited for between waves. */
  readonly readers?: FirstPullReaders;
};

/** The longest a wave waits for the screens to read (a slow machine still gets its province). */
const readersCapMs = 60_000;

/**
 * Runs the pending first pulls wave by wave (`firstPullWaves`): a wave's replications are started,
 * and each collection leaves `SyncState.firstPull.pending` when its initial replication is done; the
 * next wave starts when the whole wave is in. The progress rows (stored / the region's total when the
 * pull began) are read from the database while it runs.
 */
export async function runFirstPull(options: FirstPullOptions): Promise<void> {
  const { deviceId, record, store } = options;
  let pending = record.pending(deviceId);
  if (pending.length === 0) {
    store.set((s) => ({ ...s, firstPull: null }));
    return;
  }
  // Before anything is awaited: the screens hold still from the moment the replications exist.
  store.set((s) => ({ ...s, firstPull: { pending, progress: [] } }));
  const totals = await regionTotals(options.client);
  const progress = async () => {
    const rows: FirstPullProgress[] = [];
    for (const name of collectionNames.filter((n) => pending.includes(n))) {
      rows.push({
        name,
        stored: await options.storedCount(name),
        total: totals === null ? null : (totals[name] ?? 0),
      });
    }
    if (options.current()) {
      store.set((s) => (s.firstPull === null ? s : { ...s, firstPull: { ...s.firstPull, progress: rows } }));
    }
  };
  const timer = setInterval(() => void progress(), options.progressEveryMs ?? 1000);
  try {
    await progress();
    for (const wave of firstPullWaves) {
      const names = wave.filter((n) => pending.includes(n));
      await Promise.all(
        names.map(async (name) => {
          let replication = options.replication(name);
          while (replication === undefined) {
            if (!options.current()) {
              return;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
            replication = options.replication(name);
          }
          await replication.start();
          await replication.awaitInitialReplication();
          if (!options.current()) {
            return;
          }
          record.done(deviceId, name);
          pending = pending.filter((n) => n !== name);
          store.set((s) => ({
            ...s,
            firstPull:
              pending.length === 0
                ? null
                : { pending, progress: (s.firstPull?.progress ?? []).filter((p) => p.name !== name) },
          }));
        }),
      );
      if (!options.current()) {
        return;
      }
      if (wave !== firstPullWaves.at(-1)) {
        // The screens this wave completed read their inputs before the next wave's writes begin.
        await options.readers?.settled(pending, readersCapMs);
      }
    }
  } finally {
    clearInterval(timer);
  }
}

/** The region's live records per collection (absent: none); null when the service cannot say (an older one). */
async function regionTotals(client: SyncClient): Promise<Partial<Record<CollectionName, number>> | null> {
  const answer = await client.request<unknown>('GET', syncPaths.counts);
  if (!answer.ok) {
    return null;
  }
  const parsed = pullCountsSchema.safeParse(answer.value);
  return parsed.success ? parsed.data.counts : null;
}
