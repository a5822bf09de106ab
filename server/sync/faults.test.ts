/* eslint-disable @typescript-eslint/no-unsafe-assignment -- asymmetric matchers are typed any */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import {
  createSyncClient,
  uploadPhoto,
  type HttpFetch,
  type SyncClient,
  type WireDocument,
} from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { startFaultProxy, seededRandom, type FaultProxy } from '../testing/fault-proxy';
import { enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

const cutIds = Array.from({ length: 120 }, (_, i) => testId(`cut-push-${i}`));

const fetchFn: HttpFetch = (url, init) => fetch(url, init as RequestInit);

/** Retries a call until it succeeds, as the app's replication does (bounded). */
async function retry<T>(
  call: () => Promise<{ ok: boolean; value?: T; error?: { code: string } }>,
  attempts = 60,
) {
  for (let i = 0; i < attempts; i += 1) {
    const result = await call();
    if (result.ok) {
      return result.value as T;
    }
    expect(['network', 'unavailable', 'internal']).toContain(result.error?.code);
  }
  throw new Error('did not succeed within the bound');
}

describeOnEngines('faults on the wire', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let proxy: FaultProxy;
  let client: SyncClient;
  let token: string;

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await app.listen({ host: '127.0.0.1', port: 0 });
    proxy = await startFaultProxy({ host: '127.0.0.1', port: (app.server.address() as AddressInfo).port });
    await seedSites(db());
    token = (await enrolledDevice(db(), 'technician', '530381')).token;
    client = createSyncClient({ baseUrl: proxy.url, fetch: fetchFn, token: () => token });
  });
  afterAll(async () => {
    await proxy.close();
    await dispose();
  });

  test('connections cut at random during push: every event lands exactly once', async () => {
    const random = seededRandom(4);
    const events = Array.from({ length: 120 }, (_, i) => sample('readings', { id: cutIds[i], value: i }));
    for (let i = 0; i < events.length; i += 20) {
      const rows = events.slice(i, i + 20).map((doc) => ({
        assumedMasterState: null,
        newDocumentState: { ...doc, id: doc['id'] as string, _deleted: false },
      }));
      // Cut in the request half the time and in the response (after the commit) the other half.
      proxy.setMode({
        kind: 'cut',
        direction: random() < 0.5 ? 'up' : 'down',
        afterBytes: () => Math.floor(random() * 3000),
      });
      let attempts = 0;
      const answer = await retry(async () => {
        attempts += 1;
        if (attempts > 2) {
          proxy.setMode({ kind: 'pass' });
        }
        return client.push('readings', { rows });
      });
      expect(answer).toMatchObject({ rejected: [], conflicts: [] });
      expect(answer.accepted).toHaveLength(20);
    }
    proxy.setMode({ kind: 'pass' });
    expect(proxy.faults()).toBeGreaterThan(3);
    const { rows } = await db().query<{ n: number; distinct: number }>(
      `select count(*)::int as n, count(distinct id)::int as distinct from records where collection = 'readings' and id = any($1::text[])`,
      [cutIds],
    );
    expect(rows[0]).toEqual({ n: 120, distinct: 120 });
  });

  test('connections cut at random during pull: it resumes from its checkpoint and gets everything once', async () => {
    const random = seededRandom(7);
    let checkpoint = { tx: '0', seq: 0 };
    const seen = new Map<string, WireDocument>();
    for (let round = 0; round < 200; round += 1) {
      proxy.setMode(
        random() < 0.5
          ? { kind: 'cut', direction: 'down', afterBytes: () => Math.floor(random() * 6000) }
          : { kind: 'pass' },
      );
      const batch = await client.pull('readings', checkpoint, 25);
      if (!batch.ok) {
        expect(batch.error.code).toBe('network');
        continue;
      }
      for (const doc of batch.value.documents) {
        expect(seen.has(doc.id)).toBe(false); // a checkpoint never replays what it already covered
        seen.set(doc.id, doc);
      }
      if (batch.value.documents.length === 0) {
        break;
      }
      checkpoint = batch.value.checkpoint;
    }
    proxy.setMode({ kind: 'pass' });
    expect([...seen.keys()].filter((id) => cutIds.includes(id))).toHaveLength(120);
  });

  /** The photo's record goes first, as the laptop sends it: an upload belongs to a record. */
  const pushPhotoRecord = async (label: string, sha256: string, bytes: number) =>
    expect(
      await client.push('photos', {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: {
              ...sample('photos', { storedSha256: sha256, bytes }),
              id: testId(label),
              _deleted: false,
            },
          },
        ],
      }),
    ).toMatchObject({ ok: true, value: { accepted: [testId(label)] } });

  test('connections cut at random during a photo upload: it resumes and the sha256 is verified', async () => {
    const random = seededRandom(11);
    const bytes = randomBytes(300_000);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await pushPhotoRecord('ph-cut', sha256, bytes.byteLength);
    let stored = false;
    for (let attempt = 0; attempt < 40 && !stored; attempt += 1) {
      proxy.setMode(
        attempt < 6
          ? { kind: 'cut', direction: 'up', afterBytes: () => 20_000 + Math.floor(random() * 80_000) }
          : { kind: 'pass' },
      );
      const result = await uploadPhoto(client, sha256, bytes, { chunkBytes: 64 * 1024 });
      stored = result.ok && result.value.stored;
    }
    proxy.setMode({ kind: 'pass' });
    expect(stored).toBe(true);
    const { rows } = await db().query<{ bytes: number }>('select bytes from photo_blobs where sha256 = $1', [
      sha256,
    ]);
    expect(rows).toEqual([{ bytes: 300_000 }]);
    const download = await fetch(`${proxy.url}/v1/photos/${sha256}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const kept = Buffer.from(await download.arrayBuffer());
    expect(createHash('sha256').update(kept).digest('hex')).toBe(sha256);
    // Bytes that do not match their name are refused and discarded.
    await pushPhotoRecord('ph-liar', 'f'.repeat(64), 1000);
    const liar = createSyncClient({ baseUrl: proxy.url, fetch: fetchFn, token: () => token });
    const wrong = await uploadPhoto(liar, 'f'.repeat(64), randomBytes(1000));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'checksum-mismatch' } });
  });

  test('a photo is uploaded for a record of the region, and downloadable only by devices of that region', async () => {
    const bytes = randomBytes(5000);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(await uploadPhoto(client, sha256, bytes)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    await pushPhotoRecord('ph-dl', sha256, 5000);
    expect(await uploadPhoto(client, sha256, bytes)).toMatchObject({ ok: true, value: { stored: true } });
    const download = (t: string) =>
      fetch(`${proxy.url}/v1/photos/${sha256}`, { headers: { authorization: `Bearer ${t}` } });
    const mine = await download(token);
    expect(mine.status).toBe(200);
    expect(Buffer.from(await mine.arrayBuffer()).equals(bytes)).toBe(true);
    const other = await enrolledDevice(db(), 'technician', '110101');
    expect((await download(other.token)).status).toBe(404);
  });

  test('the network down: every call fails as `network`, and works again when it is back', async () => {
    proxy.setMode({ kind: 'refuse' });
    const down = await client.pull('sites', { tx: '0', seq: 0 }, 10);
    expect(down).toMatchObject({
      ok: false,
      error: { code: 'network', message: expect.stringMatching(/no answer/) },
    });
    proxy.setMode({ kind: 'pass' });
    expect(await client.pull('sites', { tx: '0', seq: 0 }, 10)).toMatchObject({ ok: true });
  });

  test('a revoked token stops syncing at its next attempt, with its own code', async () => {
    const lost = await enrolledDevice(db(), 'technician', '530381');
    const lostClient = createSyncClient({ baseUrl: proxy.url, fetch: fetchFn, token: () => lost.token });
    expect(await lostClient.pull('sites', { tx: '0', seq: 0 }, 10)).toMatchObject({ ok: true });
    const admin = await enrolledDevice(db(), 'admin', '53');
    const adminClient = createSyncClient({ baseUrl: proxy.url, fetch: fetchFn, token: () => admin.token });
    expect(await adminClient.request('POST', `/v1/admin/devices/${lost.deviceId}/revoke`, {})).toMatchObject({
      ok: true,
      value: { id: lost.deviceId, revokedAt: expect.any(Number) },
    });
    const after = await lostClient.push('readings', {
      rows: [
        {
          assumedMasterState: null,
          newDocumentState: { ...sampleRecords.readings, id: testId('after-revoke'), _deleted: false },
        },
      ],
    });
    expect(after).toMatchObject({
      ok: false,
      error: { code: 'revoked', message: expect.stringMatching(/revoked/) },
    });
    const { rows } = await db().query('select 1 from records where id = $1', [testId('after-revoke')]);
    expect(rows).toEqual([]);
    // A technician's token cannot revoke anyone.
    expect(await client.request('POST', `/v1/admin/devices/${admin.deviceId}/revoke`, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
