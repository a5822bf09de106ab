import { describe, expect, it } from 'vitest';
import type { AuditPullResponse } from '#shared/sync/audit-wire';
import type { ClientResult } from '#shared/sync/index';
import { auditSyncDocs, createAuditSync, type AuditClient, type AuditPushAnswer } from './audit-sync';
import type { LocalStore } from './series-cache';

/**
 * The audit sync's pull and push against a service stand-in (an in-memory log of documents with
 * checkpoints and a push that refuses what the service refuses by rule: here, `closed` events). The
 * real routes are tested in server/; this stand-in counts the requests the laptop makes.
 */
function memoryStore(): LocalStore & { docs: Map<string, object> } {
  const docs = new Map<string, object>();
  return {
    docs,
    get: <T extends object>(id: string) => Promise.resolve((docs.get(id) as T | undefined) ?? null),
    put: (id, data) => {
      docs.set(id, structuredClone(data));
      return Promise.resolve();
    },
    remove: (id) => {
      docs.delete(id);
      return Promise.resolve();
    },
  };
}

type Doc = Record<string, unknown> & { id: string; _deleted: boolean };

function fakeService() {
  const findings: Doc[] = [];
  const events: Doc[] = [];
  const calls = { findings: [] as number[], events: [] as number[], pushed: [] as string[][] };
  let online = true;
  const page = (log: Doc[], after: number, limit: number): ClientResult<AuditPullResponse> => {
    const documents = log.slice(after, after + limit);
    return { ok: true, value: { documents, checkpoint: after + documents.length } };
  };
  const offline = { ok: false as const, error: { code: 'network' as const, message: 'no answer' } };
  const client: AuditClient = {
    findings: (after, limit) => {
      calls.findings.push(after);
      return Promise.resolve(online ? page(findings, after, limit) : offline);
    },
    events: (after, limit) => {
      calls.events.push(after);
      return Promise.resolve(online ? page(events, after, limit) : offline);
    },
    push: (rows): Promise<ClientResult<AuditPushAnswer>> => {
      if (!online) {
        return Promise.resolve(offline);
      }
      const ids = rows.map((r) => (r as Doc).id);
      calls.pushed.push(ids);
      const accepted: string[] = [];
      const rejected: AuditPushAnswer['rejected'][number][] = [];
      for (const r of rows as Doc[]) {
        if (r['type'] === 'closed') {
          rejected.push({
            id: r.id,
            code: 'forbidden',
            message: `${r.id}: only the platform closes a finding`,
          });
        } else {
          accepted.push(r.id);
          if (!events.some((e) => e.id === r.id)) {
            events.push({ ...r, _deleted: false });
          }
        }
      }
      return Promise.resolve({ ok: true, value: { accepted, rejected } });
    },
  };
  return {
    findings,
    events,
    calls,
    client,
    setOnline: (v: boolean) => {
      online = v;
    },
  };
}

const finding = (n: number): Doc => ({ id: `f${n}`, findingKey: `k${n}`, siteCode: 'S1', _deleted: false });
const event = (id: string, type: string) => ({ id, findingKey: 'k1', siteCode: 'S1', type });

describe('audit sync', () => {
  it('pulls the findings once per checkpoint, page by page, and applies withdrawals', async () => {
    const service = fakeService();
    service.findings.push(...[1, 2, 3, 4, 5].map(finding));
    const store = memoryStore();
    const sync = createAuditSync({ store, policy: { pageSize: 2, maxPages: 10, maxRecords: 100 } });

    const first = await sync.pull(service.client);
    expect(first.findings).toEqual({ received: 5, ok: true, error: null });
    expect(service.calls.findings).toEqual([0, 2, 4]);
    expect((await sync.findings()).map((f) => f['id'])).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    expect((await sync.findings())[0]).not.toHaveProperty('_deleted');

    await sync.pull(service.client);
    expect(service.calls.findings).toEqual([0, 2, 4, 5]); // nothing new: one request from the checkpoint

    service.findings.push({ ...finding(2), _deleted: true });
    await sync.pull(service.client);
    expect(service.calls.findings.at(-1)).toBe(5);
    expect((await sync.findings()).map((f) => f['id'])).toEqual(['f1', 'f3', 'f4', 'f5']);
    expect(store.docs.get(auditSyncDocs.findings)).toMatchObject({ checkpoint: 6 });
  });

  it('keeps no more than maxRecords findings, the oldest written going first', async () => {
    const service = fakeService();
    service.findings.push(...[1, 2, 3, 4].map(finding));
    const sync = createAuditSync({
      store: memoryStore(),
      policy: { pageSize: 10, maxPages: 1, maxRecords: 3 },
    });
    await sync.pull(service.client);
    expect((await sync.findings()).map((f) => f['id'])).toEqual(['f2', 'f3', 'f4']);
  });

  it('pushes an event once, marks it sent and keeps it in the events the fold reads', async () => {
    const service = fakeService();
    const sync = createAuditSync({ store: memoryStore() });
    expect(await sync.enqueue(event('e1', 'cause-recorded'))).toBe(true);
    expect(await sync.enqueue(event('e1', 'cause-recorded'))).toBe(false);
    expect((await sync.events()).map((e) => e['id'])).toEqual(['e1']);

    expect(await sync.push(service.client)).toEqual({ sent: 1, refused: 0, pending: 0, error: null });
    expect(await sync.push(service.client)).toEqual({ sent: 0, refused: 0, pending: 0, error: null });
    expect(service.calls.pushed).toEqual([['e1']]);
    expect((await sync.outbox()).map((r) => r.state)).toEqual(['sent']);

    await sync.pull(service.client);
    expect((await sync.events()).map((e) => e['id'])).toEqual(['e1']); // pulled back: counted once
  });

  it('keeps a refused event with its reason and never sends it again', async () => {
    const service = fakeService();
    const sync = createAuditSync({ store: memoryStore() });
    await sync.enqueue(event('e1', 'cause-recorded'));
    await sync.enqueue(event('e2', 'closed'));
    expect(await sync.push(service.client)).toEqual({ sent: 1, refused: 1, pending: 0, error: null });
    const refused = (await sync.outbox()).find((r) => r.record.id === 'e2');
    expect(refused).toMatchObject({
      state: 'refused',
      refusal: { code: 'forbidden', message: 'e2: only the platform closes a finding' },
    });
    await sync.push(service.client);
    expect(service.calls.pushed).toEqual([['e1', 'e2']]);
    expect((await sync.events()).map((e) => e['id'])).toEqual(['e1']);
  });

  it('offline: events stay pending, and go once the service answers', async () => {
    const service = fakeService();
    service.setOnline(false);
    const sync = createAuditSync({ store: memoryStore() });
    await sync.enqueue(event('e1', 'corrected'));
    expect(await sync.push(service.client)).toEqual({ sent: 0, refused: 0, pending: 1, error: 'no answer' });
    expect((await sync.pull(service.client)).findings.ok).toBe(false);
    expect((await sync.outbox()).map((r) => r.state)).toEqual(['pending']);

    service.setOnline(true);
    expect(await sync.push(service.client)).toMatchObject({ sent: 1, pending: 0 });
    expect(service.calls.pushed).toEqual([['e1']]);
  });
});
