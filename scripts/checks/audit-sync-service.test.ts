import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostClient } from '#shared/host/client';
import type { HttpFetch } from '#shared/sync/index';
import { createAuditSync, type AuditClient } from '../../renderer/src/sync/audit-sync';
import { auditClientOf } from '../../renderer/src/sync/audit-sync-runtime';
import { keepEnrolment, requestEnrolment } from '../../renderer/src/sync/enrolment';
import type { LocalStore } from '../../renderer/src/sync/series-cache';
import type { SyncSettings } from '../../renderer/src/sync/sync-store';
import { createAccount, createEnrollment } from '../../server/auth/accounts';
import { openDatabase, type Database } from '../../server/db/database';
import { auditDirtySites } from '../../server/monitoring/audit-runner';
import { ingestValueFile } from '../../server/monitoring/value-files';
import { importRegistry } from '../../server/platform/registry-import';
import { parseCsv } from '../../server/platform/tabular';
import { testService } from '../../server/testing/service';

/**
 * The laptop's audit sync (renderer/src/sync/audit-sync*.ts, tested there against an in-memory
 * stand-in) against the real service routes /v1/audit/findings and /v1/audit/finding-events, on
 * PGlite in this process over HTTP. It lives here because renderer/ may import neither server code nor
 * Node built-ins. The registry template's intake 5303810001 (county 530381) reports a counter that
 * goes backwards; the boundary section 5303000003 (county 530302) a negative flow. A technician of
 * 530381 enrols with a one-time code, pulls the first site's findings page by page and never the
 * second's; its cause is accepted and pulled back, and the service refuses, row by row, a `closed`
 * event (the platform's) and an event on the other county's finding.
 */
const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
// 2026-11-10 00:00 Beijing.
const day = Date.UTC(2026, 10, 9, 16);
const iso = (t: number) => new Date(t).toISOString().replace('Z', '+00:00');
const admin = { actor: 'test', scope: 'all' };

function valueRows(): string[][] {
  const rows = [['siteCode', 'time', 'element', 'value']];
  let volume = 5_000;
  for (let h = 0; h < 24; h += 1) {
    const t = iso(day + h * hour);
    volume += 20;
    rows.push(['5303810001', t, 'flow', '20']);
    // The counter reads 150 m³ low at 08:00 (cumulative_decrease), then carries on.
    rows.push(['5303810001', t, 'volume', String(h === 8 ? volume - 150 : volume)]);
    rows.push(['5303000003', t, 'level', '2.5']);
    rows.push(['5303000003', t, 'flow', h === 5 ? '-3' : '12']);
  }
  return rows;
}

/** The laptop's keychain: the token the enrolment keeps, read by the audit client. */
function memoryHost(): HostClient {
  const secrets = new Map<string, string>();
  const call = (method: string, args: { name: string; value?: string }) => {
    if (method === 'secrets.set') {
      secrets.set(args.name, args.value ?? '');
      return Promise.resolve({ ok: true, value: null });
    }
    const value = secrets.get(args.name);
    return Promise.resolve(
      method === 'secrets.get' && value !== undefined
        ? { ok: true, value: { value } }
        : { ok: false, error: { code: 'not-found', message: `${method} ${args.name}` } },
    );
  };
  return { call: call as HostClient['call'], subscribe: () => () => undefined };
}

function memoryStore(): LocalStore {
  const docs = new Map<string, object>();
  return {
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

const nodeFetch: HttpFetch = (url, init) => fetch(url, init as RequestInit);

describe('audit sync against the service routes (PGlite, over HTTP)', () => {
  let db: Database;
  let close: () => Promise<void> = () => Promise.resolve();
  let settings: SyncSettings;
  let client: AuditClient;

  beforeAll(async () => {
    db = await openDatabase({ pgliteDir: 'memory://' });
    const service = await testService(db);
    close = async () => {
      await service.dispose();
      await db.close();
    };
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const serviceUrl = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
    await importRegistry(db, parseCsv(template), day, admin);
    await ingestValueFile(db, valueRows(), day + 25 * hour, admin);
    await auditDirtySites(db, day + 30 * hour);
    const now = Date.now();
    const by = { actor: 'test', scope: '53' };
    await createAccount(
      db,
      { username: 'tech', displayName: '巡查员', role: 'technician', scope: '530381' },
      by,
      now,
    );
    const { code } = await createEnrollment(
      db,
      { username: 'tech', deviceName: 'laptop', validHours: 1 },
      by,
      serviceUrl,
      now,
    );
    const host = memoryHost();
    const enrolled = await requestEnrolment(nodeFetch, { serviceUrl, deviceName: 'laptop', code }, undefined);
    if (!enrolled.ok) {
      throw new Error(enrolled.error.message);
    }
    settings = await keepEnrolment({ host, storage: null, now: Date.now }, serviceUrl, enrolled.value);
    client = auditClientOf(settings, nodeFetch, host);
  });

  afterAll(() => close());

  it("pulls its region's findings only, pushes a cause, and keeps the service's refusals per row", async () => {
    // Both counties have findings on the service.
    const { rows } = await db.query<{ site: string }>(
      `select distinct doc ->> 'siteCode' as site from records where collection = 'audit_findings' order by 1`,
    );
    expect(rows.map((r) => r.site)).toEqual(['5303000003', '5303810001']);

    const sync = createAuditSync({
      store: memoryStore(),
      policy: { pageSize: 2, maxPages: 50, maxRecords: 100 },
    });
    const pulled = await sync.pull(client);
    expect(pulled.findings.ok).toBe(true);
    expect(pulled.findings.received).toBeGreaterThan(2); // more than one page of the real route
    const findings = await sync.findings();
    expect(new Set(findings.map((f) => f['siteCode']))).toEqual(new Set(['5303810001']));
    const decrease = findings.find((f) => f['rule'] === 'cumulative_decrease');
    expect(decrease).toMatchObject({ element: 'volume', divisionCode: '530381', status: 'open' });
    const key = String(decrease?.['findingKey']);

    const event = (type: 'cause_recorded' | 'closed', over: Record<string, unknown> = {}) => ({
      id: randomUUID(),
      findingKey: key,
      siteCode: '5303810001',
      divisionCode: '530381',
      type,
      by: 'tech',
      cause: type === 'cause_recorded' ? 'meter_fault' : null,
      note: '表头松动',
      reason: null,
      correction: null,
      deviceId: settings.deviceId,
      operatorId: 'tech',
      recordedAt: day + 30 * hour,
      receivedAt: null,
      ...over,
    });
    const cause = event('cause_recorded');
    const closed = event('closed');
    const elsewhere = event('cause_recorded', {
      findingKey: `audit:5303000003:flow:negative:${day + 5 * hour}`,
      siteCode: '5303000003',
      divisionCode: '530302',
    });
    for (const e of [cause, closed, elsewhere]) {
      await sync.enqueue(e);
    }
    // Two rows a push (the page size): the third goes with the next one.
    expect(await sync.push(client)).toEqual({ sent: 1, refused: 1, pending: 1, error: null });
    expect(await sync.push(client)).toEqual({ sent: 0, refused: 1, pending: 0, error: null });
    const outbox = await sync.outbox();
    expect(outbox.find((r) => r.record.id === cause.id)?.state).toBe('sent');
    for (const refused of [closed, elsewhere]) {
      expect(outbox.find((r) => r.record.id === refused.id)).toMatchObject({
        state: 'refused',
        refusal: { code: 'forbidden' },
      });
    }

    // The accepted cause comes back from the service, stamped with its receipt; the finding's state follows.
    const again = await sync.pull(client);
    expect(again.events).toMatchObject({ ok: true, received: 1 });
    const events = await sync.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: cause.id, type: 'cause_recorded' });
    expect(typeof events[0]?.['receivedAt']).toBe('number');
    expect((await sync.findings()).find((f) => f['findingKey'] === key)).toMatchObject({
      status: 'cause_recorded',
    });
  });
});
