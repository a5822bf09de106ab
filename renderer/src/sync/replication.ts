import type { RxCollection } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Observable } from 'rxjs';
import { isEventCollectionName, type CollectionName } from '#shared/domain/index';
import {
  initialCheckpoint,
  pullLimitDefault,
  pullLimitFirst,
  type Checkpoint,
  type ClientResult,
  type PullResponse,
  type ClientErrorCode,
  type PushResponse,
  type SyncClient,
} from '#shared/sync/index';
import type { Backoff } from './backoff';
import { acknowledgedCopies, rowsToSend, wireRows, type LocalPushRow, type PulledStamps } from './push-rows';

export type AnyCollection = RxCollection<Record<string, unknown>>;

/** What a replication tells the controller; `problem` throws (RxDB retries the request later). */
export type ReplicationHooks = {
  readonly problem: (
    name: CollectionName,
    code: ClientErrorCode,
    message: string,
    details?: readonly unknown[],
  ) => never;
  /** The service answered a pull or push of this collection. */
  readonly answered: (name: CollectionName) => void;
  /** Rows leave in a push; `unanswered` if no answer came. */
  readonly sending: (name: CollectionName, ids: readonly string[]) => void;
  /** Base-data edits waiting to go up: counted until a push of them is answered. */
  readonly edited: (name: CollectionName, ids: readonly string[]) => void;
  readonly unanswered: (name: CollectionName, ids: readonly string[]) => void;
  /** The service answered a push of `sent` rows. */
  readonly pushed: (name: CollectionName, sent: readonly LocalPushRow[], response: PushResponse) => void;
  readonly isRefused: (name: CollectionName, id: string) => boolean;
};

export type ReplicationOptions = {
  readonly name: CollectionName;
  readonly collection: AnyCollection;
  readonly client: SyncClient;
  /** The enrolled account's region: what it may send. */
  readonly scope: string;
  readonly identifier: string;
  readonly backoff: Backoff;
  readonly stream$: Observable<'RESYNC'>;
  readonly stamps: PulledStamps;
  readonly hooks: ReplicationHooks;
  /**
   * This collection's first pull on a new laptop is still ahead: it pulls in large pages and waits to
   * be started (see first-pull.ts, which starts the map's inputs first).
   */
  readonly first?: boolean;
};

/** The largest page a service before pages of 5,000 answers. */
const olderServiceLimit = 1000;

/**
 * One page of up to `limit` records. A service that refuses a page that large (one before pages of
 * 5,000 says `invalid-body`) is asked in pages it takes, until `limit` records or its head.
 */
async function pullPage(
  client: SyncClient,
  name: CollectionName,
  checkpoint: Checkpoint,
  limit: number,
): Promise<ClientResult<PullResponse>> {
  const result = await client.pull(name, checkpoint, limit);
  if (result.ok || limit <= olderServiceLimit || result.error.code !== 'invalid-body') {
    return result;
  }
  const documents: PullResponse['documents'][number][] = [];
  let at = checkpoint;
  for (;;) {
    const page = await client.pull(name, at, Math.min(olderServiceLimit, limit - documents.length));
    if (!page.ok) {
      return page;
    }
    documents.push(...page.value.documents);
    at = page.value.checkpoint;
    if (page.value.documents.length < olderServiceLimit || documents.length >= limit) {
      return { ok: true, value: { documents, checkpoint: at } };
    }
  }
}

/**
 * One collection replicated with the sync service by RxDB's protocol: pull by checkpoint, push with
 * the assumed master state, re-pulled when the live stream says so. Waits out the shared backoff
 * before each request. Refused records are not sent (see `rowsToSend`); accepted field events come
 * back at once as the service's stamped copy (see `acknowledgedCopies`).
 */
export function replicateCollection(
  options: ReplicationOptions,
): RxReplicationState<Record<string, unknown>, Checkpoint> {
  const { name, collection, client, backoff, hooks, stamps } = options;
  return replicateRxCollection<Record<string, unknown>, Checkpoint>({
    collection,
    replicationIdentifier: options.identifier,
    live: true,
    retryTime: 1000,
    waitForLeadership: false,
    autoStart: options.first !== true,
    pull: {
      batchSize: options.first === true ? pullLimitFirst : pullLimitDefault,
      stream$: options.stream$,
      handler: async (checkpoint, batchSize) => {
        await backoff.wait();
        const result = await pullPage(client, name, checkpoint ?? initialCheckpoint, batchSize);
        if (!result.ok) {
          options.hooks.problem(name, result.error.code, result.error.message, result.details);
        }
        hooks.answered(name);
        if (isEventCollectionName(name)) {
          const stamped = result.value.documents.filter((d) => typeof d['receivedAt'] === 'number');
          if (stamped.length > 0) {
            const local = await collection.findByIds(stamped.map((d) => d.id)).exec();
            stamps.remember(name, stamped, (id) => typeof local.get(id)?.get('receivedAt') === 'number');
          }
        }
        return { documents: result.value.documents as never[], checkpoint: result.value.checkpoint };
      },
    },
    push: {
      batchSize: 500,
      handler: async (rows) => {
        const send = rowsToSend(name, rows, options.scope, (id) => hooks.isRefused(name, id));
        if (send.length === 0) {
          return [];
        }
        const ids = send.map((r) => String(r.newDocumentState['id']));
        if (!isEventCollectionName(name)) {
          // Before the backoff: an edit made offline is pending from the first try on.
          hooks.edited(name, ids);
        }
        await backoff.wait();
        hooks.sending(name, ids);
        const result = await client.push(name, { rows: wireRows(send) });
        if (!result.ok) {
          hooks.unanswered(name, ids);
          options.hooks.problem(name, result.error.code, result.error.message, result.details);
        }
        hooks.answered(name);
        hooks.pushed(name, send, result.value);
        const stamped = isEventCollectionName(name)
          ? acknowledgedCopies(name, send, result.value, stamps)
          : [];
        return [...result.value.conflicts, ...stamped] as never[];
      },
    },
  });
}
