import { useSyncExternalStore } from 'react';
import type { HostClient } from '#shared/host/client';
import type { SyncState } from '../sync/sync-store';
import { policyStore } from './policy-store';
import { createPolicySync, type HeldPolicy, type PolicySync, type PolicySyncOptions } from './policy-sync';

/** Asked at most this often when syncs follow each other, … */
export const policyMinGapMs = 60_000;
/** … and at least this often while enrolled and online, so a change reaches a laptop that syncs nothing. */
export const policyRefreshEveryMs = 5 * 60_000;

type SyncStoreLike = { get(): SyncState; subscribe(listener: () => void): () => void };

function lastExchangeAt(state: SyncState): number {
  return Math.max(0, ...Object.values(state.collections).map((c) => c.lastSyncAt ?? 0));
}

/**
 * Whether a change of the sync state calls for asking the service for its policy: the laptop was
 * enrolled (with this service) just now, or it has just exchanged records with the service and the
 * last ask is at least a minute old.
 */
function policyFetchDue(
  previous: SyncState,
  next: SyncState,
  lastAskedAt: number | null,
  now: number,
): boolean {
  const serviceUrl = next.settings?.serviceUrl ?? null;
  if (serviceUrl === null || next.phase === 'revoked') {
    return false;
  }
  if (serviceUrl !== (previous.settings?.serviceUrl ?? null)) {
    return true;
  }
  return (
    lastExchangeAt(next) > lastExchangeAt(previous) &&
    (lastAskedAt === null || now - lastAskedAt >= policyMinGapMs)
  );
}

type PolicyLoopOptions = Omit<PolicySyncOptions, 'serviceUrl'> & {
  readonly syncStore: SyncStoreLike;
  readonly setInterval: (work: () => void, ms: number) => unknown;
  readonly clearInterval: (handle: never) => void;
};

/**
 * Puts the policy kept on this device in force at once, then follows the sync controller's store:
 * asks the service whenever the laptop syncs (see policyFetchDue) and every few minutes while enrolled.
 */
export function startPolicyLoop(options: PolicyLoopOptions): { readonly sync: PolicySync; stop(): void } {
  const sync = createPolicySync({
    ...options,
    serviceUrl: () => options.syncStore.get().settings?.serviceUrl ?? null,
  });
  sync.load();
  let lastAskedAt: number | null = null;
  const ask = () => {
    lastAskedAt = options.now();
    // A failed ask is asked again at the next sync or tick; the policy held stays in force meanwhile.
    void sync.refresh().catch(() => undefined);
  };
  let previous = options.syncStore.get();
  const unsubscribe = options.syncStore.subscribe(() => {
    const next = options.syncStore.get();
    const due = policyFetchDue(previous, next, lastAskedAt, options.now());
    previous = next;
    if (due) {
      ask();
    }
  });
  const timer = options.setInterval(() => {
    const { settings, phase } = options.syncStore.get();
    if (settings !== null && phase !== 'offline' && phase !== 'revoked') {
      ask();
    }
  }, policyRefreshEveryMs);
  return {
    sync,
    stop() {
      unsubscribe();
      options.clearInterval(timer as never);
    },
  };
}

let running: PolicySync | null = null;

/** The app's policy loop beside its sync controller (main.tsx, before the first render). */
export function startPolicyRuntime(controller: { readonly store: SyncStoreLike }, host: HostClient): void {
  running = startPolicyLoop({
    syncStore: controller.store,
    fetch: (url, init) => window.fetch(url, init as RequestInit),
    storage: window.localStorage,
    now: Date.now,
    token: async () => {
      const secret = await host.call('secrets.get', { name: 'device-token' });
      return secret.ok ? secret.value.value : null;
    },
    target: policyStore,
    setInterval: (work, ms) => window.setInterval(work, ms),
    clearInterval: (handle) => window.clearInterval(handle),
  }).sync;
}

/** Where the policy in force came from (null before the runtime started, e.g. in tests). */
export function usePolicySource(): HeldPolicy | null {
  return useSyncExternalStore(
    (listener) => running?.subscribe(listener) ?? (() => undefined),
    () => running?.held() ?? null,
    () => running?.held() ?? null,
  );
}
