import type { Database, Listener } from '../db/database';
import { deviceTokenHash, principalByTokenHash, type Principal } from './accounts';

/** Where the database announces that a principal changed (migration 003's triggers). */
export const principalsChannel = 'wrm_principals';

export type PrincipalCacheOptions = {
  /** How long a resolved principal is reused while change notices arrive. */
  readonly ttlMs?: number;
  /** At most this many tokens are kept; the oldest goes first. */
  readonly maxEntries?: number;
  /** After the notice connection is lost: how long until listening is tried again. */
  readonly relistenMs?: number;
  /** How often the notice connection must prove it still answers (a silent one is treated as lost). */
  readonly checkEveryMs?: number;
  /** A device was revoked (in this process or any other): its live streams should close. */
  readonly onRevoked?: (deviceId: string) => void;
};

export type PrincipalCache = {
  /** Resolves a bearer token as `authenticate` does, from memory while that is known to be current. */
  authenticate(token: string | null, now: number): Promise<Principal>;
  /** Drops everything kept (a change made by this process, ahead of its notice). */
  forgetAll(): void;
  /** True while change notices are being received; without them nothing is kept. */
  listening(): boolean;
  close(): Promise<void>;
};

export const defaultPrincipalCacheOptions = {
  ttlMs: 120_000,
  maxEntries: 20_000,
  relistenMs: 2_000,
  checkEveryMs: 10_000,
} as const;

/**
 * Every request names its device token, and reading the device and account behind it was a database
 * round trip on every push. This keeps the answer in memory — but only while the database's change
 * notices are being received, so a revoked laptop is refused on its next request whichever process
 * revoked it. Without a notice connection (lost, silent, not yet open) each request reads the
 * database as before, and nothing is kept. The time-to-live is a last resort, not the mechanism.
 */
export async function startPrincipalCache(
  db: Database,
  options: PrincipalCacheOptions = {},
): Promise<PrincipalCache> {
  const ttlMs = options.ttlMs ?? defaultPrincipalCacheOptions.ttlMs;
  const maxEntries = options.maxEntries ?? defaultPrincipalCacheOptions.maxEntries;
  const relistenMs = options.relistenMs ?? defaultPrincipalCacheOptions.relistenMs;
  const kept = new Map<string, { principal: Principal; at: number }>();
  // Bumped by every change notice: a lookup that began before a change must not keep its answer.
  let generation = 0;
  const checkEveryMs = options.checkEveryMs ?? defaultPrincipalCacheOptions.checkEveryMs;
  let listener: Listener | null = null;
  let relisten: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const forgetAll = () => {
    generation += 1;
    kept.clear();
  };

  const scheduleListen = () => {
    if (!closed && relisten === null) {
      relisten = setTimeout(() => {
        relisten = null;
        void listen();
      }, relistenMs);
      relisten.unref?.();
    }
  };

  const listen = async () => {
    try {
      const opened = await db.listen(principalsChannel, {
        notice: (payload) => {
          forgetAll();
          if (payload.startsWith('revoked:')) {
            options.onRevoked?.(payload.slice('revoked:'.length));
          }
        },
        lost: () => {
          listener = null;
          forgetAll();
          scheduleListen();
        },
      });
      if (closed) {
        await opened.close();
        return;
      }
      // Anything resolved before the notices began may already be stale.
      forgetAll();
      listener = opened;
    } catch {
      scheduleListen();
    }
  };

  await listen();

  // Notices are what make kept answers safe; a connection that stopped answering without closing
  // (a partition) would deliver none, so it has to prove itself, and one that cannot is dropped.
  const checker = setInterval(() => {
    const open = listener;
    if (open !== null) {
      open.check(Math.min(checkEveryMs, 5_000)).catch(() => undefined);
    }
  }, checkEveryMs);
  checker.unref?.();

  return {
    async authenticate(token, now) {
      const key = deviceTokenHash(token);
      if (listener === null) {
        return principalByTokenHash(db, key, now);
      }
      const hit = kept.get(key);
      if (hit !== undefined && now - hit.at >= 0 && now - hit.at < ttlMs) {
        return hit.principal;
      }
      const started = generation;
      const principal = await principalByTokenHash(db, key, now);
      if (listener !== null && started === generation) {
        kept.delete(key);
        if (kept.size >= maxEntries) {
          const oldest = kept.keys().next();
          if (oldest.done !== true) {
            kept.delete(oldest.value);
          }
        }
        kept.set(key, { principal, at: now });
      }
      return principal;
    },
    forgetAll,
    listening: () => listener !== null,
    async close() {
      closed = true;
      clearInterval(checker);
      if (relisten !== null) {
        clearTimeout(relisten);
        relisten = null;
      }
      const open = listener;
      listener = null;
      kept.clear();
      await open?.close();
    },
  };
}
