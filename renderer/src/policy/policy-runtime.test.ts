import { describe, expect, it } from 'vitest';
import type { HttpFetch } from '#shared/sync/index';
import { demoPolicy, withPolicy, type ProvincePolicy } from '#shared/verdicts/index';
import { initialSyncState, type SyncSettings, type SyncState } from '../sync/sync-store';
import { policyMinGapMs, policyRefreshEveryMs, startPolicyLoop } from './policy-runtime';
import { policyStorageKey, type PolicyTarget } from './policy-sync';

const settings: SyncSettings = {
  serviceUrl: 'http://127.0.0.1:8787',
  account: { id: 'acc-1', username: 'li.wei', displayName: '李伟', role: 'technician', scope: '530381' },
  deviceId: 'dev-1',
  deviceName: '一号笔记本',
  enrolledAt: 1,
};

/** The slice of the sync controller's store the loop follows. */
function syncStoreOf(initial: SyncState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next: (s: SyncState) => SyncState) {
      state = next(state);
      listeners.forEach((l) => l());
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function rig(options: { stored?: ProvincePolicy; enrolled?: boolean } = {}) {
  const map = new Map<string, string>();
  if (options.stored) {
    map.set(
      policyStorageKey,
      JSON.stringify({ policy: options.stored, serviceUrl: settings.serviceUrl, receivedAt: 5 }),
    );
  }
  let offered = withPolicy(demoPolicy, { version: 2 });
  let asked = 0;
  const fetch: HttpFetch = () => {
    asked += 1;
    const body = JSON.stringify(offered);
    return Promise.resolve({ status: 200, headers: { get: () => null }, text: () => Promise.resolve(body) });
  };
  let current: ProvincePolicy = demoPolicy;
  const target: PolicyTarget = { get: () => current, set: (p) => void (current = p) };
  const syncStore = syncStoreOf(initialSyncState(options.enrolled ? settings : null));
  let tick: (() => void) | null = null;
  let interval = 0;
  let now = 10_000_000;
  const loop = startPolicyLoop({
    syncStore,
    fetch,
    storage: { getItem: (k) => map.get(k) ?? null, setItem: (k, value) => void map.set(k, value) },
    now: () => now,
    token: () => Promise.resolve('tok'),
    target,
    setInterval: (work, ms) => {
      tick = work;
      interval = ms;
      return 1;
    },
    clearInterval: () => {
      tick = null;
    },
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    loop,
    syncStore,
    policy: () => current,
    asked: () => asked,
    offer: (p: ProvincePolicy) => (offered = p),
    advance: (ms: number) => (now += ms),
    tick: async () => {
      tick?.();
      await settle();
    },
    interval: () => interval,
    ticking: () => tick !== null,
    synced: async () => {
      syncStore.set((s) => ({
        ...s,
        collections: { ...s.collections, sites: { ...s.collections.sites, lastSyncAt: now } },
      }));
      await settle();
    },
    settle,
  };
}

describe('the policy loop beside the sync controller', () => {
  it('puts the policy kept on the laptop in force at start, before any answer', () => {
    const r = rig({ stored: withPolicy(demoPolicy, { version: 4, silentHours: 12 }), enrolled: true });
    expect(r.policy()).toMatchObject({ version: 4, silentHours: 12 });
    expect(r.asked()).toBe(0);
  });

  it('asks when the laptop is enrolled and whenever it syncs, at most once a minute', async () => {
    const r = rig();
    await r.synced();
    await r.tick();
    expect(r.asked()).toBe(0); // not enrolled: nothing to ask

    r.syncStore.set((s) => ({ ...s, settings, phase: 'starting' }));
    await r.settle();
    expect(r.asked()).toBe(1);
    expect(r.policy().version).toBe(2);

    r.advance(1000);
    await r.synced();
    expect(r.asked()).toBe(1); // within the minute
    r.advance(policyMinGapMs);
    r.offer(withPolicy(demoPolicy, { version: 3, targets: { intake: { reportingRate: 0.99 } } }));
    await r.synced();
    expect(r.asked()).toBe(2);
    expect(r.policy()).toMatchObject({ version: 3, targets: { intake: { reportingRate: 0.99 } } });

    // A state change that is no exchange with the service asks nothing.
    r.advance(policyMinGapMs);
    r.syncStore.set((s) => ({ ...s, nextRetryAt: 1 }));
    await r.settle();
    expect(r.asked()).toBe(2);
  });

  it('asks every few minutes while enrolled and online, not while offline or revoked, and stops', async () => {
    const r = rig({ enrolled: true });
    expect(r.interval()).toBe(policyRefreshEveryMs);
    await r.tick();
    expect(r.asked()).toBe(1);
    r.syncStore.set((s) => ({ ...s, phase: 'offline' }));
    await r.tick();
    r.syncStore.set((s) => ({ ...s, phase: 'revoked' }));
    await r.synced();
    await r.tick();
    expect(r.asked()).toBe(1);
    r.syncStore.set((s) => ({ ...s, phase: 'idle' }));
    await r.tick();
    expect(r.asked()).toBe(2);

    r.loop.stop();
    expect(r.ticking()).toBe(false);
    r.advance(policyMinGapMs);
    await r.synced();
    expect(r.asked()).toBe(2);
  });
});
