import type { RxCollection } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
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
  initialCheckpoint,
  pullLimitDefault,
  retryAfterMs,
  type Checkpoint,
  type ClientErrorCode,
  type EnrollResponse,
  type HttpFetch,
  type RowRejection,
  type SyncClient,
  type WireDocument,
} from '../../../shared/sync/index';
import type { AppDatabase } from '../db/database';
import { createBackoff } from './backoff';
import { openLiveStream, type StreamFetch } from './live-stream';
import { createSyncStore, initialSyncState, type SyncSettings, type SyncStore } from './sync-store';

export type SyncControllerOptions = {
  readonly db: AppDatabase;
  readonly host: HostClient;
  readonly fetch: HttpFetch;
  readonly streamFetch: StreamFetch;
  readonly storage: Storage | null;
  readonly now: () => number;
  readonly isOnline: () => boolean;
  /** Replication identifier prefix (tests run several devices in one process). */
  readonly instance?: string;
};

const settingsKey = 'wrm.sync.settings';
const failedKey = 'wrm.sync.failed';
/** Records of the built-in demo data are never uploaded: they are not crew work. */
const demoDevice = 'demo-device';

class SyncRequestError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function readJson<T>(storage: Storage | null, key: string): T | null {
  try {
    const text = storage?.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** Only the record's own fields and RxDB's deletion flag go on the wire. */
function wireDoc(doc: Record<string, unknown>): WireDocument {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!key.startsWith('_') || key === '_deleted') {
      out[key] = value;
    }
  }
  return { ...out, _deleted: doc['_deleted'] === true } as WireDocument;
}

/**
 * Replicates every collection of the device database with the sync service (RxDB's protocol: pull by
 * checkpoint, push with the assumed master state, live stream), pauses offline, backs off on errors,
 * and keeps the Sync centre's numbers. Nothing is removed from the device: a field record counts as
 * acknowledged once the service's copy, stamped with its receipt time, has come back.
 */
export function createSyncController(options: SyncControllerOptions) {
  const store: SyncStore = createSyncStore(
    initialSyncState(readJson<SyncSettings>(options.storage, settingsKey)),
  );
  const backoff = createBackoff({ now: options.now });
  const replications = new Map<CollectionName, RxReplicationState<Record<string, unknown>, Checkpoint>>();
  const streams = new Map<CollectionName, Subject<'RESYNC'>>();
  /**
   * The service's stamped copies of this device's own events that a pull brought while the local copy
   * was still waiting for its push; RxDB does not apply those (a local write not yet pushed wins in
   * its downstream), so the push hands them back (see acknowledgedCopies).
   */
  const pulledStamps = new Map<CollectionName, Map<string, WireDocument>>();
  let live: { stop(): void } | null = null;
  let client: SyncClient | null = null;
  let token: string | null = null;
  const cleanups: (() => void)[] = [];
  const failedRows = new Map<CollectionName, RowRejection[]>(
    Object.entries(readJson<Record<string, RowRejection[]>>(options.storage, failedKey) ?? {}) as [
      CollectionName,
      RowRejection[],
    ][],
  );
  for (const [name, rows] of failedRows) {
    store.updateCollection(name, { failed: rows });
  }

  const saveFailed = () =>
    options.storage?.setItem(failedKey, JSON.stringify(Object.fromEntries(failedRows)));

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

  function succeeded(name: CollectionName): void {
    backoff.succeeded();
    store.updateCollection(name, { lastSyncAt: options.now(), lastError: null });
    store.set((s) => ({ ...s, phase: 'idle', lastError: null, nextRetryAt: null }));
  }

  function recordPushOutcome(
    name: CollectionName,
    accepted: readonly string[],
    rejected: readonly RowRejection[],
  ): void {
    const kept = (failedRows.get(name) ?? []).filter(
      (r) => !accepted.includes(r.id) && !rejected.some((x) => x.id === r.id),
    );
    const next = [...kept, ...rejected];
    failedRows.set(name, next);
    saveFailed();
    store.updateCollection(name, { failed: next });
    for (const r of rejected) {
      store.log(`${name}/${r.id} refused: ${r.code}: ${r.message}`);
    }
  }

  async function rememberPulledStamps(
    name: CollectionName,
    collection: RxCollection<Record<string, unknown>>,
    documents: readonly WireDocument[],
  ): Promise<void> {
    const stamped = documents.filter((d) => typeof d['receivedAt'] === 'number');
    if (stamped.length === 0) {
      return;
    }
    const local = await collection.findByIds(stamped.map((d) => d.id)).exec();
    const waiting = pulledStamps.get(name) ?? new Map<string, WireDocument>();
    for (const doc of stamped) {
      const mine = local.get(doc.id);
      if (mine !== undefined && typeof mine.get('receivedAt') !== 'number') {
        waiting.delete(doc.id);
        waiting.set(doc.id, doc);
      }
    }
    // Bounded: a copy RxDB did apply after all is never asked for again.
    for (const id of waiting.keys()) {
      if (waiting.size <= 10_000) {
        break;
      }
      waiting.delete(id);
    }
    pulledStamps.set(name, waiting);
  }

  /**
   * Field events the service accepted go back to RxDB as the service's copy, stamped with its receipt
   * time (the master state of a conflict, which RxDB's default handler takes). Without this the local
   * copy keeps `receivedAt: null` whenever a pull passed the stamped copy before the push was answered
   * (e.g. the answer was cut after the commit, and the retry was acknowledged as already present): the
   * pull checkpoint is past it, so it never comes again, and the record stays pending for good. The
   * stamp is the pulled copy's when one came, else this push's receipt time (the service's own for a
   * record it stored now; a later pull corrects it otherwise).
   */
  function acknowledgedCopies(
    name: CollectionName,
    rows: readonly { newDocumentState: Record<string, unknown> }[],
    response: { readonly accepted: readonly string[]; readonly receivedAt: number },
  ): WireDocument[] {
    const accepted = new Set(response.accepted);
    const waiting = pulledStamps.get(name);
    const copies: WireDocument[] = [];
    for (const row of rows) {
      const doc = row.newDocumentState;
      const id = String(doc['id']);
      if (!accepted.has(id) || typeof doc['receivedAt'] === 'number') {
        continue;
      }
      const pulled = waiting?.get(id);
      waiting?.delete(id);
      copies.push(pulled ?? { ...wireDoc(doc), receivedAt: response.receivedAt });
    }
    return copies;
  }

  function replicate(name: CollectionName, sync: SyncClient, settings: SyncSettings): void {
    const stream$ = new Subject<'RESYNC'>();
    streams.set(name, stream$);
    const collection = options.db.collections[name] as unknown as RxCollection<Record<string, unknown>>;
    const state = replicateRxCollection<Record<string, unknown>, Checkpoint>({
      collection,
      replicationIdentifier: `wrm-sync-${options.instance ?? 'app'}-${settings.serviceUrl}-${settings.deviceId}-${name}`,
      live: true,
      retryTime: 1000,
      waitForLeadership: false,
      autoStart: true,
      pull: {
        batchSize: pullLimitDefault,
        stream$: stream$.asObservable(),
        handler: async (checkpoint, batchSize) => {
          await backoff.wait();
          const result = await sync.pull(name, checkpoint ?? initialCheckpoint, batchSize);
          if (!result.ok) {
            problem(name, result.error.code, result.error.message, result.details);
          }
          succeeded(name);
          if (isEventCollectionName(name)) {
            await rememberPulledStamps(name, collection, result.value.documents);
          }
          return { documents: result.value.documents as never[], checkpoint: result.value.checkpoint };
        },
      },
      push: {
        batchSize: 500,
        handler: async (rows) => {
          const scope = settings.account.scope;
          const send = rows.filter((r) => {
            const doc = r.newDocumentState as Record<string, unknown>;
            if (isEventCollectionName(name)) {
              return doc['deviceId'] !== demoDevice;
            }
            // A reference record of another region that the device never pulled from the service
            // (its built-in demo data) is not this account's to send.
            return r.assumedMasterState !== undefined || String(doc['divisionCode']).startsWith(scope);
          });
          if (send.length === 0) {
            return [];
          }
          await backoff.wait();
          const result = await sync.push(name, {
            rows: send.map((r) => ({
              assumedMasterState: r.assumedMasterState
                ? wireDoc(r.assumedMasterState as Record<string, unknown>)
                : null,
              newDocumentState: wireDoc(r.newDocumentState as Record<string, unknown>),
            })),
          });
          if (!result.ok) {
            problem(name, result.error.code, result.error.message, result.details);
          }
          succeeded(name);
          store.set((s) => ({ ...s, clockSkewMs: result.value.receivedAt - options.now() }));
          // Copies the device never pulled (assumed state absent) that the service does not hold are
          // local-only data, not crew work: logged, not listed as failures.
          const localOnly = new Set(
            send
              .filter((r) => r.assumedMasterState === undefined)
              .map((r) => String(r.newDocumentState['id'])),
          );
          const refused = isEventCollectionName(name)
            ? result.value.rejected
            : result.value.rejected.filter((r) => !(r.code === 'forbidden' && localOnly.has(r.id)));
          if (refused.length < result.value.rejected.length) {
            store.log(
              `${name}: ${result.value.rejected.length - refused.length} local-only record(s) the service does not hold were not sent`,
            );
          }
          recordPushOutcome(name, result.value.accepted, refused);
          if (result.value.accepted.length > 0) {
            // Pull at once: the acknowledged records come back with the service's receipt time.
            setTimeout(() => streams.get(name)?.next('RESYNC'), 0);
          }
          if (result.value.review.length > 0) {
            store.log(`${name}: ${result.value.review.length} overlapping edit(s) sent to review`);
            void refreshReviews();
          }
          const stamped = isEventCollectionName(name) ? acknowledgedCopies(name, send, result.value) : [];
          return [...result.value.conflicts, ...stamped] as never[];
        },
      },
    });
    const errors = state.error$.subscribe(() => undefined);
    cleanups.push(() => errors.unsubscribe());
    replications.set(name, state);
  }

  /** Field records not yet acknowledged: no receipt stamp from the service yet (demo data excluded). */
  async function countPending(): Promise<void> {
    for (const name of eventCollectionNames) {
      const docs = await (options.db.collections[name] as unknown as RxCollection<Record<string, unknown>>)
        .find({ selector: { $or: [{ receivedAt: null }, { receivedAt: { $exists: false } }] } })
        .exec();
      const pending = docs.filter((d) => d.get('deviceId') !== demoDevice).length;
      if (pending !== store.get().collections[name].pending) {
        store.updateCollection(name, { pending });
      }
    }
  }

  /**
   * Sends every field record still without a receipt stamp straight to the service (pushing an event
   * twice is a no-op there), then pulls: a reconnect never depends on a replication's retry timer.
   */
  async function sweepUnacknowledged(): Promise<void> {
    if (client === null) {
      return;
    }
    for (const name of eventCollectionNames) {
      const docs = await (options.db.collections[name] as unknown as RxCollection<Record<string, unknown>>)
        .find({ selector: { $or: [{ receivedAt: null }, { receivedAt: { $exists: false } }] } })
        .exec();
      const rows = docs
        .map((d) => d.toJSON() as Record<string, unknown>)
        .filter((d) => d['deviceId'] !== demoDevice)
        .map((d) => ({ assumedMasterState: null, newDocumentState: wireDoc(d) }));
      for (let i = 0; i < rows.length; i += 500) {
        const result = await client.push(name, { rows: rows.slice(i, i + 500) });
        if (!result.ok) {
          store.log(`${name}: sweep: ${result.error.code}: ${result.error.message}`);
          return;
        }
        recordPushOutcome(name, result.value.accepted, result.value.rejected);
      }
      if (rows.length > 0) {
        streams.get(name)?.next('RESYNC');
      }
    }
  }

  async function refreshReviews(): Promise<void> {
    if (client === null) {
      return;
    }
    const result = await client.reviews({ mine: true, status: 'open' });
    if (result.ok) {
      for (const name of collectionNames) {
        const inReview = result.value.reviews.filter((r) => r.collection === name).length;
        if (inReview !== store.get().collections[name].inReview) {
          store.updateCollection(name, { inReview });
        }
      }
    }
  }

  async function enqueuePhotos(): Promise<void> {
    const docs = await options.db.collections.photos.find().exec();
    const hashes = [...new Set(docs.map((d) => d.storedSha256))];
    if (hashes.length > 0) {
      await options.host.call('uploads.enqueue', { sha256: hashes });
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
    pulledStamps.clear();
    cleanups.splice(0).forEach((c) => c());
  }

  async function start(): Promise<void> {
    const settings = store.get().settings;
    if (settings === null) {
      store.set((s) => ({ ...s, phase: 'not-enrolled' }));
      return;
    }
    const secret = await options.host.call('secrets.get', { name: 'device-token' });
    token = secret.ok ? secret.value.value : null;
    if (token === null) {
      store.set((s) => ({ ...s, phase: 'not-enrolled' }));
      return;
    }
    const current = token;
    client = createSyncClient({ baseUrl: settings.serviceUrl, fetch: options.fetch, token: () => current });
    store.set((s) => ({ ...s, phase: options.isOnline() ? 'syncing' : 'offline' }));
    for (const name of collectionNames) {
      replicate(name, client, settings);
    }
    live = openLiveStream({
      baseUrl: settings.serviceUrl,
      token: current,
      fetch: options.streamFetch,
      onEvent: (event) => {
        const targets = event.type === 'hello' ? collectionNames : event.collections;
        targets.forEach((n) => streams.get(n)?.next('RESYNC'));
      },
      onDown: (message) => store.log(`live stream: ${message}`),
    });
    const photoSub = options.host.subscribe('uploads.changed', (photos) =>
      store.set((s) => ({ ...s, photos })),
    );
    cleanups.push(photoSub);
    const status = await options.host.call('uploads.configure', { serviceUrl: settings.serviceUrl });
    if (status.ok) {
      store.set((s) => ({ ...s, photos: status.value }));
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    const recount = () => {
      if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          void countPending();
          void enqueuePhotos();
        }, 300);
      }
    };
    for (const name of collectionNames) {
      const sub = (
        options.db.collections[name] as unknown as RxCollection<Record<string, unknown>>
      ).$.subscribe(recount);
      cleanups.push(() => sub.unsubscribe());
    }
    const reviews = setInterval(() => void refreshReviews(), 60_000);
    cleanups.push(() => clearInterval(reviews));
    recount();
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

  return {
    store,
    start,
    stop,
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
    /** Forget the enrolment (the token); every record stays in the device database. */
    async signOut(): Promise<void> {
      await stop();
      await options.host.call('secrets.delete', { name: 'device-token' });
      await options.host.call('uploads.configure', { serviceUrl: null });
      options.storage?.removeItem(settingsKey);
      store.set(initialSyncState(null));
    },
    async retryNow(): Promise<void> {
      backoff.reset();
      store.set((s) => ({ ...s, nextRetryAt: null }));
      if (store.get().phase === 'revoked') {
        return;
      }
      for (const state of replications.values()) {
        if (state.isPaused()) {
          await state.start();
        }
        state.reSync();
      }
      await sweepUnacknowledged();
      // Rows the service refused are offered again as they are now (RxDB would not push them twice).
      if (client !== null) {
        for (const [name, rows] of failedRows) {
          const docs = await options.db.collections[name].findByIds(rows.map((r) => r.id)).exec();
          const send = [...docs.values()].map((d) => ({
            assumedMasterState: null,
            newDocumentState: wireDoc(d.toJSON() as Record<string, unknown>),
          }));
          if (send.length > 0) {
            const result = await client.push(name, { rows: send });
            if (result.ok) {
              recordPushOutcome(name, result.value.accepted, result.value.rejected);
            }
          }
        }
      }
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
        for (const state of replications.values()) {
          if (state.isPaused()) {
            await state.start();
          }
          state.reSync();
        }
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
      await countPending();
    },
  };
}

export type SyncController = ReturnType<typeof createSyncController>;
