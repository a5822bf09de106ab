import type { RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { collectionNames, eventCollectionNames, type CollectionName } from '#shared/domain/index';
import type { HostClient } from '#shared/host/client';
import {
  createSyncClient,
  type Checkpoint,
  type EnrollResponse,
  type HttpFetch,
  type SyncClient,
} from '#shared/sync/index';
import type { AppDatabase } from '../db/database';
import { collectionReady, isCollectionOpen } from '../db/deferred-collections';
import { createBackoff } from './backoff';
import {
  forgetEnrolment,
  keepEnrolment,
  readSettings,
  readToken,
  requestEnrolment,
  serviceBase,
  type EnrolmentRequest,
  type SettingsStorage,
} from './enrolment';
import { createEnrolmentWork, type UnsentWork } from './enrolment-work';
import { createFirstPullRecord, runFirstPull } from './first-pull';
import { createFirstPullReaders } from './first-pull-readers';
import { openLiveStream, type StreamFetch } from './live-stream';
import { readOutbox } from './outbox-census';
import { outboxReport } from './outbox-report';
import { createOutboxSender } from './outbox-sender';
import { createSendingTracker } from './outbox-status';
import { createPushOutcomes } from './push-outcomes';
import { createPulledStamps } from './push-rows';
import { createRefusalActions } from './refusal-actions';
import { createRefusalStore } from './refusal-store';
import { replicateCollection, type AnyCollection } from './replication';
import { createStatusKeeper } from './status-keeper';
import { createSyncStore, initialSyncState, type SyncStore } from './sync-store';

export type SyncControllerOptions = {
  readonly db: AppDatabase;
  readonly host: HostClient;
  readonly fetch: HttpFetch;
  readonly streamFetch: StreamFetch;
  /** Where settings and refusals are kept (the renderer's localStorage). */
  readonly storage: SettingsStorage | null;
  readonly now: () => number;
  readonly isOnline: () => boolean;
  /** Replication identifier prefix (tests run several devices in one process). */
  readonly instance?: string;
  /** How long changes settle before the Sync centre's counts are read again (ms). */
  readonly recountDelayMs?: number;
};

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
  const work = createEnrolmentWork(options.storage);
  const backoff = createBackoff({ now: options.now });
  const tracker = createSendingTracker();
  const stamps = createPulledStamps();
  const firstPull = createFirstPullRecord(options.storage);
  const firstPullReaders = createFirstPullReaders();
  const replications = new Map<CollectionName, RxReplicationState<Record<string, unknown>, Checkpoint>>();
  const streams = new Map<CollectionName, Subject<'RESYNC'>>();
  /** Replications waiting for their collection to open (awaitInSync waits for them to start). */
  const deferredStarts = new Set<Promise<void>>();
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
    isDemoWork: work.isDemoWork,
  });

  const resync = (name: CollectionName) => streams.get(name)?.next('RESYNC');
  const outcomes = createPushOutcomes({
    store,
    backoff,
    tracker,
    refusals,
    now: options.now,
    isOnline: options.isOnline,
    scope,
    recount: keeper.schedule,
    resync,
    pauseAll,
    reviewsChanged: () => void sender.refreshReviews(),
  });
  const sender = createOutboxSender({
    db: options.db,
    client: () => client,
    store,
    tracker,
    refusals,
    isDemoWork: work.isDemoWork,
    pushed: outcomes.pushed,
    recount: keeper.schedule,
    resync,
  });

  const actions = createRefusalActions({
    db: options.db,
    refusals,
    now: options.now,
    region: scope,
    send: async (name, docs) => {
      await sender.pushDirect(name, docs);
    },
  });

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
    const token = await readToken(options.host);
    if (token === null) {
      store.set((s) => ({ ...s, phase: 'not-enrolled' }));
      return;
    }
    const sync = createSyncClient({
      baseUrl: settings.serviceUrl,
      fetch: options.fetch,
      token: () => token,
      // Each push and pull says what this laptop has not yet synced (the operator console shows it).
      outbox: () => outboxReport(store.get()),
    });
    client = sync;
    store.set((s) => ({ ...s, phase: options.isOnline() ? 'syncing' : 'offline' }));
    // A new laptop's first pull: started wave by wave, map inputs first (see first-pull.ts).
    const firstPending = firstPull.pending(settings.deviceId);
    let firstPullCurrent = true;
    cleanups.push(() => {
      firstPullCurrent = false;
    });
    const hooks = {
      problem: outcomes.problem,
      answered: outcomes.answered,
      pushed: outcomes.pushed,
      sending: (name: CollectionName, ids: readonly string[]) => {
        tracker.sent(name, ids);
        keeper.schedule();
      },
      edited: (name: CollectionName, ids: readonly string[]) => {
        tracker.edited(name, ids);
        keeper.schedule();
      },
      // No answer: the rows are pending again, and the screen must say so at once.
      unanswered: (name: CollectionName, ids: readonly string[]) => {
        tracker.unanswered(name, ids);
        keeper.schedule();
      },
      // Demo work is held back like a refused record: never pushed (see enrolment-work).
      isRefused: (name: CollectionName, id: string) => refusals.has(name, id) || work.isDemoWork(name, id),
    };
    // Replication and change counts per collection, once the collection is open: at once for those
    // opened with the database, after the background open for `corrections` (db/deferred-collections).
    let stopped = false;
    cleanups.push(() => {
      stopped = true;
    });
    const replicate = (name: CollectionName, collection: AnyCollection) => {
      const stream$ = new Subject<'RESYNC'>();
      streams.set(name, stream$);
      const state = replicateCollection({
        name,
        collection,
        client: sync,
        scope: settings.account.scope,
        identifier: `wrm-sync-${options.instance ?? 'app'}-${settings.serviceUrl}-${settings.deviceId}-${name}`,
        backoff,
        stream$: stream$.asObservable(),
        stamps,
        hooks,
        first: firstPending.includes(name),
      });
      const errors = state.error$.subscribe(() => undefined);
      const sub = collection.$.subscribe(keeper.schedule);
      cleanups.push(
        () => errors.unsubscribe(),
        () => sub.unsubscribe(),
      );
      replications.set(name, state);
    };
    for (const name of collectionNames) {
      if (isCollectionOpen(options.db, name)) {
        replicate(name, options.db.collections[name] as unknown as AnyCollection);
      } else {
        // A failed open is not swallowed: the database context shows the database error screen.
        const later = collectionReady(options.db, name).then((c) => {
          if (!stopped) {
            replicate(name, c as unknown as AnyCollection);
            keeper.schedule();
          }
        });
        deferredStarts.add(later.catch(() => undefined));
      }
    }
    void runFirstPull({
      deviceId: settings.deviceId,
      record: firstPull,
      store,
      replication: (name) => replications.get(name),
      client: sync,
      storedCount: (name) =>
        (options.db.collections[name] as unknown as AnyCollection | undefined)?.count().exec() ??
        Promise.resolve(0),
      current: () => firstPullCurrent,
      readers: firstPullReaders,
    });
    live = openLiveStream({
      baseUrl: settings.serviceUrl,
      token,
      fetch: options.streamFetch,
      onEvent: (event) => {
        const targets = event.type === 'hello' ? collectionNames : event.collections;
        targets.forEach(resync);
      },
      onDown: (message) => store.log(`live stream: ${message}`),
    });
    cleanups.push(options.host.subscribe('uploads.changed', keeper.setPhotos));
    const status = await options.host.call('uploads.configure', { serviceUrl: settings.serviceUrl });
    if (status.ok) {
      keeper.setPhotos(status.value);
    }
    const reviews = setInterval(() => void sender.refreshReviews(), 60_000);
    cleanups.push(() => clearInterval(reviews));
    keeper.schedule();
    void sender.refreshReviews();
  }

  async function unsentWork(): Promise<UnsentWork> {
    const unsent = [];
    for (const name of eventCollectionNames) {
      unsent.push({ name, ids: (await readOutbox(options.db, name)).unstamped });
    }
    return unsent;
  }

  async function adopt(serviceUrl: string, enrolled: EnrollResponse): Promise<void> {
    // Marked before the enrolment is kept: no push may ever see demo work unmarked.
    if (store.get().settings === null) {
      work.enrolled(await unsentWork());
    }
    const settings = await keepEnrolment(options, serviceUrl, enrolled);
    firstPull.begin(settings.deviceId);
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
    /** Screens that read what a first pull brings register here (see first-pull-readers). */
    firstPullReaders,
    start,
    async stop(): Promise<void> {
      await stop();
    },
    /** Stops and lets go of the refusal store's listener (tests; the app's controller lives as long as the page). */
    async dispose(): Promise<void> {
      await stop();
      keeper.dispose();
    },
    async enroll(input: EnrolmentRequest) {
      const result = await requestEnrolment(options.fetch, input, store.get().settings?.deviceId);
      if (!result.ok) {
        return result;
      }
      await adopt(serviceBase(input.serviceUrl), result.value);
      return result;
    },
    /** Forget the enrolment (the token); every record and every refusal stays on the device. */
    async signOut(): Promise<void> {
      await stop();
      work.carry(await unsentWork());
      await forgetEnrolment(options.host, options.storage);
      await options.host.call('uploads.configure', { serviceUrl: null });
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
      await sender.sweepUnacknowledged();
      await options.host.call('uploads.retryNow', {});
      await sender.refreshReviews();
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
        void sender.sweepUnacknowledged();
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
      await Promise.all(deferredStarts);
      await Promise.all([...replications.values()].map((r) => r.awaitInSync()));
      await keeper.recount();
    },
    /** How many records made while not enrolled stay on this laptop, never sent. */
    demoWorkCount: work.demoCount,
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
