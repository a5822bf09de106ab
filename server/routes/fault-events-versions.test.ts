import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { collections, validateRecord } from '#shared/domain/index';
import v1FaultEvent from '#shared/domain/migrations/fixtures/fault_events-v1.doc.json';
import v1FaultEventSchema from '#shared/domain/migrations/fixtures/fault_events-v1.schema.json';
import { createSyncClient, initialCheckpoint, type HttpFetch, type SyncClient } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { enrolledDevice, sample, seedSites, testService } from '../testing/service';

function injectFetch(app: FastifyInstance): HttpFetch {
  return async (url, init) => {
    const response = await app.inject({
      method: init.method as 'GET' | 'POST',
      url: new URL(url).pathname + new URL(url).search,
      headers: init.headers,
      ...(init.body === undefined
        ? {}
        : { payload: typeof init.body === 'string' ? init.body : Buffer.from(init.body) }),
    });
    return {
      status: response.statusCode,
      headers: {
        get: (name: string) => (response.headers[name.toLowerCase()] as string | undefined) ?? null,
      },
      text: () => Promise.resolve(response.body),
    };
  };
}

// An app of the previous release stores fault_events at v1: its repair's part names arrive as v2 parts
// (one of each), and a v2 app's signature reaches it as a comment saying so, valid under its schema.
describeOnEngines('fault events from apps of schema v1 and v2', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let older: SyncClient;
  let newer: SyncClient;

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db());
    const token = (await enrolledDevice(db(), 'technician', '530381')).token;
    const common = { baseUrl: 'http://service.test', fetch: injectFetch(app), token: () => token };
    older = createSyncClient({ ...common, appVersion: '0.0.9', schemaVersions: { fault_events: 1 } });
    newer = createSyncClient(common);
  });
  afterAll(async () => dispose());

  const pulledBy = async (client: SyncClient, id: string) => {
    const answer = await client.pull('fault_events', initialCheckpoint, 1000);
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const { _deleted, ...doc } = answer.value.documents.find((d) => d.id === id) ?? { _deleted: true };
    return doc as Record<string, unknown>;
  };

  test('a v1 repair is stored as v2 with its parts; a v2 signature reaches the v1 app as a comment', async () => {
    expect(collections.fault_events.version).toBe(2);
    const faultId = randomUUID();
    const opened = sample('fault_events', { id: randomUUID(), faultId });
    const repaired = { ...v1FaultEvent, id: randomUUID(), faultId };
    const pushed = await older.push('fault_events', {
      rows: ([opened, repaired] as (Record<string, unknown> & { id: string })[]).map((d) => ({
        assumedMasterState: null,
        newDocumentState: { ...d, _deleted: false },
      })),
    });
    expect(pushed.ok && pushed.value).toMatchObject({ accepted: [opened.id, repaired.id], rejected: [] });
    const seenByNewer = await pulledBy(newer, repaired.id);
    expect(validateRecord(collections.fault_events, seenByNewer).ok).toBe(true);
    expect(seenByNewer['parts']).toEqual([
      { part: '通信模块', quantity: 1, serial: null },
      { part: '天线', quantity: 1, serial: null },
    ]);

    const signed = {
      ...seenByNewer,
      id: randomUUID(),
      type: 'signed',
      actions: null,
      partsReplaced: [],
      parts: [],
      correctsEventId: repaired.id,
      signature: 'data:image/png;base64,iVBORw0KGgo=',
      receivedAt: null,
    };
    const signedPush = await newer.push('fault_events', {
      rows: [{ assumedMasterState: null, newDocumentState: { ...signed, _deleted: false } }],
    });
    expect(signedPush.ok && signedPush.value).toMatchObject({ accepted: [signed.id], rejected: [] });
    const seenByOlder = await pulledBy(older, signed.id);
    expect(seenByOlder).toMatchObject({
      type: 'comment',
      description: '已签字',
      correctsEventId: repaired.id,
    });
    expect(Object.keys(seenByOlder).sort()).toEqual(Object.keys(v1FaultEventSchema.properties).sort());
  });
});
