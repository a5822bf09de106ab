import { EventEmitter } from 'node:events';
import { collectionNames, isCollectionName, type CollectionName } from '#shared/domain/index';
import type { Database, Listener } from '../db/database';

export type ChangeNotice = { readonly collection: CollectionName; readonly divisions: readonly string[] };

/** Where service nodes on one PostgreSQL tell each other that records changed. */
export const changesChannel = 'wrm_changes';

/** NOTIFY payloads stay well below PostgreSQL's 8000 bytes; a longer list becomes "everywhere". */
const payloadMaxChars = 4000;

/**
 * Tells live streams that a collection changed (after commit), so connected devices pull at once. In
 * one process by itself; `shareChanges` relays the notices between service nodes on one PostgreSQL.
 */
export function createNotifier() {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let relay: ((notice: ChangeNotice) => void) | null = null;
  const emitChange = (notice: ChangeNotice) => {
    if (notice.divisions.length > 0) {
      events.emit('change', notice);
    }
  };
  return {
    changed(notice: ChangeNotice): void {
      if (relay === null) {
        emitChange(notice);
      } else {
        relay(notice);
      }
    },
    /** From then on, notices go through `send` and come back (to every node) through `deliver`. */
    relayThrough(send: ((notice: ChangeNotice) => void) | null): (notice: ChangeNotice) => void {
      relay = send;
      return emitChange;
    },
    onChange(listener: (notice: ChangeNotice) => void): () => void {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
    revoked(deviceId: string): void {
      events.emit('revoked', deviceId);
    },
    onRevoked(listener: (deviceId: string) => void): () => void {
      events.on('revoked', listener);
      return () => events.off('revoked', listener);
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;

function parseNotice(payload: string): ChangeNotice | null {
  try {
    const value = JSON.parse(payload) as { collection?: unknown; divisions?: unknown };
    if (
      isCollectionName(value.collection) &&
      Array.isArray(value.divisions) &&
      value.divisions.every((d) => typeof d === 'string')
    ) {
      return { collection: value.collection, divisions: value.divisions };
    }
  } catch {
    // not a notice of ours
  }
  return null;
}

/**
 * On PostgreSQL, relays change notices between every service node on the database with
 * LISTEN/NOTIFY: a push through one node reaches the live streams on all of them. While the listening
 * connection is lost, notices go out locally and the node listens again after `relistenMs`; when it
 * is back, every stream is told to pull everything (what it missed meanwhile is then fetched). On
 * PGlite (one process) nothing changes. Returns a function that stops relaying.
 */
export async function shareChanges(
  db: Database,
  notifier: Notifier,
  relistenMs = 2_000,
): Promise<() => Promise<void>> {
  if (db.kind !== 'postgres') {
    return () => Promise.resolve();
  }
  const deliver = notifier.relayThrough(null);
  let listener: Listener | null = null;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = (notice: ChangeNotice) => {
    const payload = JSON.stringify(notice);
    const sent =
      payload.length <= payloadMaxChars ? payload : JSON.stringify({ ...notice, divisions: ['all'] });
    db.query('select pg_notify($1, $2)', [changesChannel, sent]).catch(() => deliver(notice));
  };
  const listen = async (): Promise<void> => {
    try {
      listener = await db.listen(changesChannel, {
        notice: (payload) => {
          const notice = parseNotice(payload);
          if (notice !== null) {
            deliver(notice);
          }
        },
        lost: () => {
          listener = null;
          notifier.relayThrough(null);
          schedule();
        },
      });
      notifier.relayThrough(send);
    } catch {
      schedule();
    }
  };
  const schedule = () => {
    if (!closed && timer === null) {
      timer = setTimeout(() => {
        timer = null;
        void listen().then(() => {
          if (listener !== null) {
            collectionNames.forEach((collection) => deliver({ collection, divisions: ['all'] }));
          }
        });
      }, relistenMs);
      timer.unref();
    }
  };
  await listen();
  return async () => {
    closed = true;
    if (timer !== null) {
      clearTimeout(timer);
    }
    notifier.relayThrough(null);
    await listener?.close();
  };
}
