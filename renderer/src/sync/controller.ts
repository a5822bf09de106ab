import type { RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import {
  collectionNames,
  eventCollectionNames,
  isEventCollectionName,
  type CollectionName,
} from '../../../shared/domain/index';
import type { HostClient } from '../../../shared/host/client';
import {
  createSyncClient,
  retryAfterMs,
  type Checkpoint,
  type ClientErrorCode,
  type EnrollResponse,
  type HttpFetch,
  type PushResponse,
  type SyncClient,
} from '../../../shared/sync/index';
import type { AppDatabase } from '../db/database';
import { createBackoff } from './backoff';
import { openLiveStream, type StreamFetch } from './live-stream';
import { readOutbox, readUnstamped } from './outbox-census';
import { createSendingTracker, reviewEntries } from './outbox-status';
import { createPulledStamps, refusalsOf, wireRows, type LocalPushRow } from './push-rows';
import { createRefusalActions } from './refusal-actions';
import { createRefusalStore, type RefusalStorage } from './refusal-store';
import { replicateCollection, type AnyCollection } from './replication';
import { createStatusKeeper } from './status-keeper';
import { createSyncStore, initialSyncState, type SyncSettings, type SyncStore } from './sync-store';

export type SyncControllerOptions = {
  readonly db: AppDatabase;
  readonly host: HostClient;
  readonly fetch: HttpFetch;
  readonly streamFetch: StreamFetch;
  /** Where settings and refusals are kept (the renderer's localStorage). */
  readonly storage: (RefusalStorage & Pick<Storage, 'removeItem'>) | null;
  readonly now: () => number;
  readonly isOnline: () => boolean;
  /** Replication identifier prefix (tests run several devices in one process). */
  readonly instance?: string;
  /** How long changes settle before the Sync centre's counts are read again (ms). */
  readonly recountDelayMs?: number;
};

const settingsKey = 'wrm.sync.settings';

class SyncRequestError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function readSettings(storage: SyncControllerOptions['storage']): SyncSettings | null {
  try {
    const text = storage?.getItem(settingsKey);
    return text ? (JSON.parse(text) as SyncSettings) : null;
  } catch {
    return null;
  }
}

/**
 * Replicates every collection of the device database with the sync service and keeps the Sync
 * centre's state. It composes the parts: `replication` (RxDB's protocol per collection), the shared
 * `backoff`, the `refusal-store` (refused records, kept across restarts and never sent again without
 * the crew), `outbox-status` and `outbox-census` (pending / sent / stored / refused per record),
 * `photo-queue-status` (the host's upload queue read against the photo records) and
 * `refusal-actions` (resend, move, export). Nothing is removed from the device: a field record counts
 * as stored once the service's copy, stamped with its receipt time, has come back.
 */
export function createSyncController(options: SyncControllerOptions) {
  const store: SyncStore = createSyncStore(initialSyncState(readSettings(options.storage)), options.now);
  const refusals = createRefusalStore({ storage: options.storage, now: options.now });
  const backoff = createBackoff({ now: options.now });
  const tracker = createSendingTracker();
  const stamps = createPulledStamps();
  const replications = new Map<CollectionName, RxReplicationState<Record<string, unknown>, Checkpoint>>();
  const streams = new Map<CollectionName, Subject<'RESYNC'>>();
  let live: { stop(): void } | null = null;
  let client: SyncClient | null = null;
  const cleanups: (() => void)[] = [];

  const scope = () => store.get().settings?.account.scope ?? null;

  const keeper = createStatusKeeper({
    db: options.db,
    host: options.host,
    store,
    refusals,
    tracker,
    delayMs: options.recountDelayMs ?? 300,
  });

  function problem(
    name: CollectionName | null,
    code: ClientErrorCode,
    message: string,
    details?: readonly unknown[],
  ): never {
    const error = { code, message, at: options.now() };
    if (code === 'revoked' || code === 'unauthorized') {
      store.set((s) => ({ ...s, phase: 'revoked', lastError: error }));
      void pauseAll();
    } else {
      const nextRetryAt = backoff.failed(retryAfterMs(details));
      store.set((s) => ({
        ...s,
        phase: options.isOnline() ? 'error' : 'offline',
        lastError: error,
        nextRetryAt,
      }));
    }
    if (name !== null) {
      store.updateCollection(name, { lastError: error });
    }
    store.log(`${name ?? 'sync'}: ${code}: ${message}`);
    throw new SyncRequestError(code, message);
  }

  function answered(name: CollectionName): void {
    backoff.succeeded();
    store.updateCollection(name, { lastSyncAt: options.now(), lastError: null });
    store.set((s) => ({ ...s, phase: 'idle', lastError: null, nextRetryAt: null }));
  }

  /** Bookkeeping of one answered push, whoever sent it (a replication, a sweep, a resend). */
  function pushed(name: CollectionName, sent: readonly LocalPushRow[], response: PushResponse): void {
    const region = scope() ?? '';
    const { refused, localOnly } = refusalsOf(name, sent, response.rejected, region);
    // Accepted field events stay "sent" until their stamped copy is here; reference records are done.
    tracker.answered(
      name,
      isEventCollectionName(name)
        ? response.rejected.map((r) => r.id)
        : sent.map((r) => String(r.newDocumentState['id'])),
    );
    refusals.applyPushOutcome(name, response.accepted, refused);
    store.set((s) => ({ ...s, clockSkewMs: response.receivedAt - options.now() }));
    for (const r of refused) {
      store.log(`${name}/${r.id} refused: ${r.code}: ${r.message}`);
    }
    if (localOnly > 0) {
      store.log(`${name}: ${localOnly} local-only record(s) the service does not hold were not sent`);
    }
    if (response.accepted.length > 0) {
      // Pull at once: the acknowledged records come back with the service's receipt time.
      setTimeout(() => streams.get(name)?.next('RESYNC'), 0);
    }
    if (response.review.length > 0) {
      store.log(`${name}: ${response.review.length} overlapping edit(s) sent to review`);
      void refreshReviews();
    }
    keeper.schedule();
  }

  /** Sends records straight to the service (not through RxDB, which pushes a record once per change). */
  async function pushDirect(
    name: CollectionName,
    docs: readonly Record<string, unknown>[],
  ): Promise<boolean> {
    if (client === null) {
      return false;
    }
    for (let i = 0; i < docs.length; i += 500) {
      const rows: LocalPushRow[] = docs.slice(i, i + 500).map((d) => ({ newDocumentState: d }));
      const ids = rows.map((r) => String(r.newDocumentState['id']));
      tracker.sent(name, ids);
      const result = await client.push(name, { rows: wireRows(rows) });
      if (!result.ok) {
        tracker.unanswered(name, ids);
        store.log(`${name}: push: ${result.error.code}: ${result.error.message}`);
        keeper.schedule();
        return false;
      }
      pushed(name, rows, result.value);
    }
    return true;
  }

  const actions = createRefusalActions({
    db: options.db,
    refusals,
    now: options.now,
    region: scope,
    send: async (name, docs) => {
      await pushDirect(name, docs);
    },
  });

  /**
   * Sends every field record still without a receipt stamp and not refused straight to the service
   * (pushing an event twice is a no-op there), then pulls: a reconnect never depends on a replication's
   * retry timer. Refused records are left alone: they wait for the crew.
   */
  async function sweepUnacknowledged(): Promise<void> {
    for (const name of eventCollectionNames) {
      const census = await readOutbox(options.db, name);
      const ids = census.unstamped.filter((id) => !refusals.has(name, id));
      const docs = await readUnstamped(options.db, name, ids);
      if (docs.length === 0) {
        continue;
      }
      if (!(await pushDirect(name, docs))) {
        return;
      }
      streams.get(name)?.next('RESYNC');
    }
  }

  async function refreshReviews(): Promise<void> {
    if (client === null) {
      return;
    }
    const result = await client.reviews({ mine: true, status: 'open' });
    if (result.ok) {
      for (const name of collectionNames) {
        const ids = result.value.reviews.filter((r) => r.collection === name).map((r) => r.recordId);
        const current = store.get().collections[name];
        if (ids.length !== current.inReview) {
          // Base data has no outbox of its own: its per-record list is the edits in review.
          store.updateCollection(
            name,
            isEventCollectionName(name)
              ? { inReview: ids.length }
              : { inReview: ids.length, entries: reviewEntries(ids) },
          );
        }
      }
    }
  }

  async function pauseAll(): Promise<void> {
    await Promise.all([...replications.values()].map((r) => r.pause()));
  }

  async function stop(): Promise<void> {
    live?.stop();
    live = null;
    await Promise.all([...replications.values()].map((r) => r.cancel()));
    replications.clear();
    stamps.clear();
    tracker.clear();
    keeper.cancel();
    cleanups.splice(0).forEach((c) => c());
  }

  async function start(): Promise<void> {
    const settings = store.get().settings;
    if (settings === null) {
      store.set((s) => ({ ...s, phase: 'not-enrolled' }));
      return;
    }
    const secret = await options.host.call('secrets.get', { name: 'device-token' });
    const token = secret.ok ? secret.value.value : null;
    if (token === null) {
      store.set((s) => ({ ...s, phase: 'not-enrolled' }));
      return;
    }
    const sync = createSyncClient({ baseUrl: settings.serviceUrl, fetch: options.fetch, token: () => token });
    client = sync;
    store.set((s) => ({ ...s, phase: options.isOnline() ? 'syncing' : 'offline' }));
    const hooks = {
      problem,
      answered,
      pushed,
      sending: (name: CollectionName, ids: readonly string[]) => {
        tracker.sent(name, ids);
        keeper.schedule();
      },
      // No answer: the rows are pending again, and the screen must say so at once.
      unanswered: (name: CollectionName, ids: readonly string[]) => {
        tracker.unanswered(name, ids);
        keeper.schedule();
      },
      isRefused: (name: CollectionName, id: string) => refusals.has(name, id),
    };
    for (const name of collectionNames) {
      const stream$ = new Subject<'RESYNC'>();
      streams.set(name, stream$);
      const state = replicateCollection({
        name,
        collection: options.db.collections[name] as unknown as AnyCollection,
        client: sync,
        scope: settings.account.scope,
        identifier: `wrm-sync-${options.instance ?? 'app'}-${settings.serviceUrl}-${settings.deviceId}-${name}`,
        backoff,
        stream$: stream$.asObservable(),
        stamps,
        hooks,
      });
      const errors = state.error$.subscribe(() => undefined);
      cleanups.push(() => errors.unsubscribe());
      replications.set(name, state);
    }
    live = openLiveStream({
      baseUrl: settings.serviceUrl,
      token,
      fetch: options.streamFetch,
      onEvent: (event) => {
        const targets = event.type === 'hello' ? collectionNames : event.collections;
        targets.forEach((n) => streams.get(n)?.next('RESYNC'));
      },
      onDown: (message) => store.log(`live stream: ${message}`),
    });
    cleanups.push(options.host.subscribe('uploads.changed', keeper.setPhotos));
    const status = await options.host.call('uploads.configure', { serviceUrl: settings.serviceUrl });
    if (status.ok) {
      keeper.setPhotos(status.value);
    }
    for (const name of collectionNames) {
      const sub = (options.db.collections[name] as unknown as AnyCollection).$.subscribe(keeper.schedule);
      cleanups.push(() => sub.unsubscribe());
    }
    const reviews = setInterval(() => void refreshReviews(), 60_000);
    cleanups.push(() => clearInterval(reviews));
    keeper.schedule();
    void refreshReviews();
  }

  async function adopt(serviceUrl: string, enrolled: EnrollResponse): Promise<void> {
    const saved = await options.host.call('secrets.set', { name: 'device-token', value: enrolled.token });
    if (!saved.ok) {
      throw new SyncRequestError(
        'internal',
        `the device token could not be kept in the keychain: ${saved.error.message}`,
      );
    }
    const settings: SyncSettings = {
      serviceUrl,
      account: enrolled.account,
      deviceId: enrolled.device.id,
      deviceName: enrolled.device.name,
      enrolledAt: options.now(),
    };
    options.storage?.setItem(settingsKey, JSON.stringify(settings));
    await stop();
    store.set((s) => ({ ...s, settings, phase: 'starting', lastError: null }));
    await start();
  }

  async function restartReplications(): Promise<void> {
    for (const state of replications.values()) {
      if (state.isPaused()) {
        await state.start();
      }
      state.reSync();
    }
  }

  return {
    store,
    start,
    async stop(): Promise<void> {
      await stop();
    },
    /** Stops and lets go of the refusal store's listener (tests; the app's controller lives as long as the page). */
    async dispose(): Promise<void> {
      await stop();
      keeper.dispose();
    },
    async enroll(
      input: { serviceUrl: string; deviceName: string } & (
        { code: string } | { username: string; password: string }
      ),
    ) {
      const anonymous = createSyncClient({
        baseUrl: input.serviceUrl,
        fetch: options.fetch,
        token: () => null,
      });
      const previous = store.get().settings?.deviceId;
      const result =
        'code' in input
          ? await anonymous.enroll({
              code: input.code,
              deviceName: input.deviceName,
              ...(previous ? { deviceId: previous } : {}),
            })
          : await anonymous.login({
              username: input.username,
              password: input.password,
              deviceName: input.deviceName,
              ...(previous ? { deviceId: previous } : {}),
            });
      if (!result.ok) {
        return result;
      }
      await adopt(input.serviceUrl.replace(/\/+$/, ''), result.value);
      return result;
    },
    /** Forget the enrolment (the token); every record and every refusal stays on the device. */
    async signOut(): Promise<void> {
      await stop();
      await options.host.call('secrets.delete', { name: 'device-token' });
      await options.host.call('uploads.configure', { serviceUrl: null });
      options.storage?.removeItem(settingsKey);
      client = null;
      store.set({ ...initialSyncState(null), refusals: refusals.list() });
    },
    /** Tries everything pending again now. Refused records are not among them: they wait for the crew. */
    async retryNow(): Promise<void> {
      backoff.reset();
      store.set((s) => ({ ...s, nextRetryAt: null }));
      if (store.get().phase === 'revoked') {
        return;
      }
      await restartReplications();
      await sweepUnacknowledged();
      await options.host.call('uploads.retryNow', {});
      await refreshReviews();
    },
    async setOnline(online: boolean): Promise<void> {
      if (online) {
        // Failures while the network was down say nothing about the service: start again at once
        // instead of waiting out a backoff of up to a minute (and the upload queue's, of minutes).
        backoff.reset();
        store.set((s) => ({
          ...s,
          nextRetryAt: null,
          phase: s.phase === 'offline' ? 'syncing' : s.phase,
        }));
        await restartReplications();
        void sweepUnacknowledged();
        if (store.get().settings !== null) {
          void options.host.call('uploads.retryNow', {});
        }
      } else {
        store.set((s) => ({ ...s, phase: s.settings === null ? s.phase : 'offline' }));
        await pauseAll();
      }
    },
    /** Waits until every replication has nothing left to push or pull (tests, and "sync now"). */
    async awaitInSync(): Promise<void> {
      await Promise.all([...replications.values()].map((r) => r.awaitInSync()));
      await keeper.recount();
    },
    /** The crew's actions on refused records (see refusal-actions). */
    refusals: {
      resend: actions.resend,
      move: actions.move,
      siteChoices: actions.siteChoices,
      exportFile: actions.exportFile,
    },
  };
}

export type SyncController = ReturnType<typeof createSyncController>;
