import { describe, expect, it } from 'vitest';
import type { HttpFetch } from '#shared/sync/index';
import { demoPolicy, withPolicy, type ProvincePolicy } from '#shared/verdicts/index';
import {
  createPolicySync,
  policyStorageKey,
  readHeldPolicy,
  type PolicyStorage,
  type PolicyTarget,
} from './policy-sync';

const serviceA = 'http://service-a.example:8787';
const serviceB = 'http://service-b.example:8787';
const v = (version: number, reportingRate = 0.95): ProvincePolicy =>
  withPolicy(demoPolicy, { version, updatedAt: version * 1000, targets: { intake: { reportingRate } } });

type MemoryStorage = PolicyStorage & { readonly map: Map<string, string> };

function memoryStorage(): MemoryStorage {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, value) => void map.set(k, value) };
}

function target(): PolicyTarget & { sets: number } {
  let current = demoPolicy;
  return {
    sets: 0,
    get: () => current,
    set(next) {
      current = next;
      this.sets += 1;
    },
  };
}

/** A stand-in for the service's GET /v1/sync/policy: answers what `answer` says and logs each call. */
function fakeService(answer: () => { status: number; body: unknown } | Error) {
  const calls: { url: string; method: string; authorization: string | undefined }[] = [];
  const fetch: HttpFetch = async (url, init) => {
    calls.push({ url, method: init.method, authorization: init.headers['authorization'] });
    await Promise.resolve();
    const a = answer();
    if (a instanceof Error) {
      throw a;
    }
    return {
      status: a.status,
      headers: { get: () => null },
      text: () => Promise.resolve(JSON.stringify(a.body)),
    };
  };
  return { fetch, calls };
}

function setup(options: {
  storage?: MemoryStorage;
  answer: () => { status: number; body: unknown } | Error;
  serviceUrl?: () => string | null;
}) {
  const storage = options.storage ?? memoryStorage();
  const service = fakeService(options.answer);
  const into = target();
  let now = 1_000_000;
  const sync = createPolicySync({
    fetch: service.fetch,
    storage,
    now: () => (now += 1000),
    serviceUrl: options.serviceUrl ?? (() => serviceA),
    token: () => Promise.resolve('device-token-1'),
    target: into,
  });
  return { sync, storage, service, into };
}

describe('the laptop takes the province policy from its service', () => {
  it('asks nothing while the laptop is not enrolled', async () => {
    const { sync, service, into } = setup({
      answer: () => ({ status: 200, body: v(2) }),
      serviceUrl: () => null,
    });
    expect(await sync.refresh()).toEqual({ kind: 'not-enrolled' });
    expect(service.calls).toEqual([]);
    expect(into.get()).toBe(demoPolicy);
  });

  it('asks the enrolled service with the device token, puts the answer in force and keeps it for the next start', async () => {
    const storage = memoryStorage();
    const { sync, service, into } = setup({ storage, answer: () => ({ status: 200, body: v(3, 0.97) }) });
    const outcome = await sync.refresh();
    expect(outcome).toEqual({ kind: 'taken', policy: v(3, 0.97) });
    expect(service.calls).toEqual([
      { url: `${serviceA}/v1/sync/policy`, method: 'GET', authorization: 'Bearer device-token-1' },
    ]);
    expect(into.get()).toEqual(v(3, 0.97));
    expect(sync.held()).toMatchObject({ serviceUrl: serviceA, receivedAt: 1_001_000 });

    // The next start, offline: the kept policy is in force before anything is asked.
    const offline = setup({ storage, answer: () => new TypeError('fetch failed') });
    expect(offline.into.get()).toBe(demoPolicy);
    offline.sync.load();
    expect(offline.into.get()).toEqual(v(3, 0.97));
    expect(offline.service.calls).toEqual([]);
    const failed = await offline.sync.refresh();
    expect(failed).toMatchObject({ kind: 'failed', code: 'network' });
    expect(offline.into.get()).toEqual(v(3, 0.97));
  });

  it('never takes an older or equal version from the same service; takes every newer one', async () => {
    let offered = v(5);
    const { sync, storage, into } = setup({ answer: () => ({ status: 200, body: offered }) });
    expect((await sync.refresh()).kind).toBe('taken');
    const kept = storage.map.get(policyStorageKey);

    offered = v(4, 0.5);
    expect(await sync.refresh()).toEqual({ kind: 'kept', held: 5, offered: 4 });
    offered = withPolicy(v(5), { silentHours: 99 });
    expect(await sync.refresh()).toEqual({ kind: 'kept', held: 5, offered: 5 });
    expect(into.get()).toEqual(v(5));
    expect(storage.map.get(policyStorageKey)).toBe(kept);
    expect(into.sets).toBe(1);

    offered = v(6, 0.99);
    expect(await sync.refresh()).toEqual({ kind: 'taken', policy: v(6, 0.99) });
    expect(into.get()).toEqual(v(6, 0.99));
    expect(readHeldPolicy(storage)?.policy).toEqual(v(6, 0.99));
  });

  it('a laptop enrolled with another service takes that service’s policy, whatever its version', async () => {
    let url = serviceA;
    const { sync, into } = setup({
      answer: () => ({ status: 200, body: url === serviceA ? v(9) : v(2, 0.8) }),
      serviceUrl: () => url,
    });
    await sync.refresh();
    expect(into.get().version).toBe(9);
    url = serviceB;
    expect(await sync.refresh()).toEqual({ kind: 'taken', policy: v(2, 0.8) });
    expect(sync.held().serviceUrl).toBe(serviceB);
  });

  it('the first policy from the service replaces the built-in one even at the same version', async () => {
    const { sync, into } = setup({ answer: () => ({ status: 200, body: demoPolicy }) });
    expect(sync.held()).toEqual({ policy: demoPolicy, serviceUrl: null, receivedAt: null });
    expect((await sync.refresh()).kind).toBe('taken');
    expect(into.sets).toBe(1);
    expect(sync.held().serviceUrl).toBe(serviceA);
  });

  it('an answer that is not a valid policy, or a refusal, changes nothing and says why', async () => {
    let answer: { status: number; body: unknown } = {
      status: 200,
      body: {
        ...v(7),
        targets: { ...v(7).targets, intake: { monitoringRate: 1, reportingRate: 2, stability: 0.9 } },
      },
    };
    const { sync, storage, into } = setup({ answer: () => answer });
    const bad = await sync.refresh();
    expect(bad).toMatchObject({ kind: 'failed', code: 'invalid-body' });
    expect(bad.kind === 'failed' ? bad.message : '').toContain('targets.intake.reportingRate');
    answer = { status: 401, body: { error: { code: 'revoked', message: 'this device was revoked' } } };
    expect(await sync.refresh()).toEqual({
      kind: 'failed',
      code: 'revoked',
      message: 'this device was revoked',
    });
    expect(into.get()).toBe(demoPolicy);
    expect(storage.map.size).toBe(0);
  });

  it('one request at a time: asks made while one is on its way share its answer', async () => {
    const { sync, service } = setup({ answer: () => ({ status: 200, body: v(2) }) });
    const [a, b] = await Promise.all([sync.refresh(), sync.refresh()]);
    expect(a).toBe(b);
    expect(service.calls).toHaveLength(1);
    await sync.refresh();
    expect(service.calls).toHaveLength(2);
  });

  it('a kept policy this build cannot read is ignored (the built-in one holds until the next sync)', () => {
    const storage = memoryStorage();
    storage.setItem(policyStorageKey, '{"policy":{"version":"three"},"serviceUrl":"x","receivedAt":1}');
    expect(readHeldPolicy(storage)).toBeNull();
    storage.setItem(policyStorageKey, 'not json');
    expect(readHeldPolicy(storage)).toBeNull();
    const { sync, into } = setup({ storage, answer: () => new Error('offline') });
    sync.load();
    expect(into.sets).toBe(0);
    expect(sync.held().serviceUrl).toBeNull();
  });
});
