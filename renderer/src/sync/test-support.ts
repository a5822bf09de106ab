// Test helpers for the sync parts (imported by tests only).
import type { HostClient } from '#shared/host/client';
import type { HttpFetch } from '#shared/sync/index';
import type { RefusalStorage } from './refusal-store';
import type { SyncSettings } from './sync-store';

/** A technician's laptop enrolled with region 530621 (as the Sync centre keeps it). */
export const enrolledSettings: SyncSettings = {
  serviceUrl: 'http://svc',
  account: { id: 'a', username: 'tech', displayName: 'T', role: 'technician', scope: '530621' },
  deviceId: 'd',
  deviceName: 'laptop',
  enrolledAt: 0,
};

/** An in-memory stand-in for localStorage: the same two calls, nothing kept between tests. */
export function memoryStorage(): RefusalStorage & { readonly removeItem: (key: string) => void } {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

/** Pushes the fake service took, per collection and record id (to prove what was or was not resent). */
export type FakeServiceLog = {
  readonly pushes: Map<string, number>;
  /** Every pull asked for, in order: collection and page size. */
  readonly pulls: { readonly collection: string; readonly limit: number }[];
};

/**
 * A sync service in memory, speaking the wire contract through `HttpFetch`: one account of region
 * `scope`; events and reference records outside it are refused per row with `forbidden`, as the real
 * service does; stored events are stamped with `now()`. Enough for the controller's tests, which may
 * not import the service itself (layering).
 */
export function fakeSyncService(options: {
  readonly scope: string;
  readonly now: () => number;
  readonly seed?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
  /** The largest pull page it takes (a service before pages of 5,000 took 1,000); default 5,000. */
  readonly pullLimitMax?: number;
  /** An older service without the counts route answers it 404. */
  readonly counts?: boolean;
}) {
  const records = new Map<string, { seq: number; doc: Record<string, unknown> }[]>();
  let seq = 0;
  const log: FakeServiceLog = { pushes: new Map(), pulls: [] };
  const put = (collection: string, doc: Record<string, unknown>) => {
    seq += 1;
    const list = (records.get(collection) ?? []).filter((r) => r.doc['id'] !== doc['id']);
    list.push({ seq, doc });
    records.set(collection, list);
  };
  for (const [collection, docs] of Object.entries(options.seed ?? {})) {
    docs.forEach((d) => put(collection, { ...d, _deleted: false }));
  }
  const json = (status: number, body: unknown) => ({
    status,
    headers: { get: () => null },
    text: () => Promise.resolve(JSON.stringify(body)),
  });
  const account = {
    id: 'acc-1',
    username: 'tech',
    displayName: '演示巡查员',
    role: 'technician',
    scope: options.scope,
  };
  let down = false;
  const fetch: HttpFetch = (url, init) =>
    down ? Promise.reject(new Error('connection refused')) : Promise.resolve(answer(url, init));
  function answer(url: string, init: Parameters<HttpFetch>[1]) {
    const { pathname, searchParams } = new URL(url);
    if (pathname === '/v1/auth/login' || pathname === '/v1/auth/enroll') {
      return json(200, {
        token: 'token-1',
        account,
        device: { id: 'dev-1', name: 'laptop', createdAt: 0, lastSeenAt: null, revokedAt: null },
      });
    }
    if (pathname === '/v1/reviews') {
      return json(200, { reviews: [] });
    }
    if (pathname === '/v1/sync/counts' && options.counts !== false) {
      const counts: Record<string, number> = {};
      for (const [collection, list] of records) {
        counts[collection] = list.filter((r) =>
          String(r.doc['divisionCode']).startsWith(options.scope),
        ).length;
      }
      return json(200, { counts });
    }
    const match = /^\/v1\/sync\/(\w+)\/(pull|push)$/.exec(pathname);
    if (match === null) {
      return json(404, { error: { code: 'not-found', message: pathname } });
    }
    const collection = match[1]!;
    if (match[2] === 'pull') {
      const after = Number(searchParams.get('seq'));
      const limit = Number(searchParams.get('limit'));
      log.pulls.push({ collection, limit });
      if (limit > (options.pullLimitMax ?? 5000)) {
        return json(400, { error: { code: 'invalid-body', message: 'limit: too big' } });
      }
      const rows = (records.get(collection) ?? [])
        .filter((r) => r.seq > after && String(r.doc['divisionCode']).startsWith(options.scope))
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit);
      const last = rows.at(-1)?.seq ?? after;
      return json(200, { documents: rows.map((r) => r.doc), checkpoint: { tx: '1', seq: last } });
    }
    const body = JSON.parse(String(init.body)) as { rows: { newDocumentState: Record<string, unknown> }[] };
    const accepted: string[] = [];
    const rejected: { id: string; code: string; message: string }[] = [];
    const receivedAt = options.now();
    for (const { newDocumentState: doc } of body.rows) {
      const id = String(doc['id']);
      log.pushes.set(`${collection}/${id}`, (log.pushes.get(`${collection}/${id}`) ?? 0) + 1);
      const division = String(doc['divisionCode']);
      if (!division.startsWith(options.scope)) {
        rejected.push({
          id,
          code: 'forbidden',
          message: `${collection} ${id}: division ${division} is outside your region ${options.scope}`,
        });
        continue;
      }
      const stored = (records.get(collection) ?? []).find((r) => r.doc['id'] === id);
      put(collection, stored?.doc ?? { ...doc, ...('receivedAt' in doc ? { receivedAt } : {}) });
      accepted.push(id);
    }
    return json(200, { accepted, conflicts: [], review: [], rejected, receivedAt });
  }
  return {
    fetch,
    log,
    /** While down, every request fails without an answer (offline, service gone). */
    setDown: (value: boolean) => {
      down = value;
    },
    has: (collection: string, id: string) => (records.get(collection) ?? []).some((r) => r.doc['id'] === id),
  };
}

/** A host with a keychain and an upload queue that remembers what it was asked to upload. */
export function fakeHost(): HostClient & { readonly enqueued: Set<string> } {
  const secrets = new Map<string, string>();
  const enqueued = new Set<string>();
  const status = {
    serviceUrl: null,
    pending: 0,
    failed: 0,
    done: 0,
    lastSuccessAt: null,
    nextRetryAt: null,
    items: [],
  };
  const call = (method: string, args: Record<string, unknown>): Promise<unknown> =>
    Promise.resolve(reply(method, args));
  const reply = (method: string, args: Record<string, unknown>): unknown => {
    switch (method) {
      case 'secrets.get':
        return { ok: true, value: { value: secrets.get(String(args['name'])) ?? null } };
      case 'secrets.set':
        secrets.set(String(args['name']), String(args['value']));
        return { ok: true, value: { stored: true } };
      case 'secrets.delete':
        return { ok: true, value: { deleted: secrets.delete(String(args['name'])) } };
      case 'uploads.enqueue':
        (args['sha256'] as string[]).forEach((s) => enqueued.add(s));
        return { ok: true, value: { queued: 0, missing: [] } };
      default:
        return { ok: true, value: status };
    }
  };
  return {
    enqueued,
    call: call as HostClient['call'],
    subscribe: () => () => undefined,
  };
}
