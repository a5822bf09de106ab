import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, uploadPhoto, type HttpFetch, type SyncClient } from '#shared/sync/index';
import { buildSyncService } from '../app';
import { createAccount } from '../auth/accounts';
import { openDatabase, type Database } from '../db/database';
import { migrate } from '../db/migrate';
import { startRoundRobinProxy, type RoundRobinProxy } from '../testing/round-robin-proxy';
import { enrolledDevice, sample, seedSites, testId } from '../testing/service';
import { createPostgresDatabase, postgresSkipReason, type TestDatabase } from '../testing/test-databases';

// Two service nodes on one PostgreSQL behind a round-robin balancer: nothing one node needs may live
// only in the other's memory or disk. (PostgreSQL only: PGlite is one process's database.)
const skip = await postgresSkipReason();
const fetchFn: HttpFetch = (url, init) => fetch(url, init as RequestInit);
const attemptLimits = { windowMs: 60_000, perAccount: 4, perAddress: 1000 };

type Node = { app: FastifyInstance; db: Database; url: string };

async function startNode(url: string): Promise<Node> {
  const db = await openDatabase({ databaseUrl: url });
  const app = await buildSyncService({ db, version: 'two-nodes', attemptLimits, photoGcEveryMs: 0 });
  return { app, db, url: await app.listen({ host: '127.0.0.1', port: 0 }) };
}

/** Ends a node at once, as a crash would: open connections are cut, nothing is drained. */
async function kill(node: Node): Promise<void> {
  node.app.server.closeAllConnections();
  await node.app.close();
  await node.db.close();
}

describe.skipIf(skip !== null)(
  `two service nodes behind a round-robin balancer${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let database: TestDatabase;
    let nodes: Node[];
    let proxy: RoundRobinProxy;
    let token: string;
    let client: SyncClient;

    beforeAll(async () => {
      database = await createPostgresDatabase();
      await migrate(database.db);
      await seedSites(database.db);
      token = (await enrolledDevice(database.db, 'technician', '530381')).token;
      await createAccount(
        database.db,
        {
          username: 'two-nodes',
          displayName: '两节点',
          role: 'technician',
          scope: '530381',
          password: 'right-password-1',
        },
        { actor: 'test', scope: '53' },
        Date.now(),
      );
      nodes = [await startNode(database.url!), await startNode(database.url!)];
      proxy = await startRoundRobinProxy(nodes.map((n) => n.url));
      client = createSyncClient({ baseUrl: proxy.url, fetch: fetchFn, token: () => token });
    }, 120_000);
    afterAll(async () => {
      await proxy.close();
      for (const node of nodes) {
        await node.app.close().catch(() => undefined);
        await node.db.close().catch(() => undefined);
      }
      await database.dispose();
    });

    it('push and pull through both nodes: every record once, in the order written', async () => {
      const ids = Array.from({ length: 24 }, (_, i) => testId(`two-nodes-${i}`));
      for (let i = 0; i < ids.length; i += 4) {
        const rows = ids.slice(i, i + 4).map((id, k) => ({
          assumedMasterState: null,
          newDocumentState: { ...sample('readings', { value: i + k }), id, _deleted: false },
        }));
        const pushed = await client.push('readings', { rows });
        expect(pushed).toMatchObject({ ok: true, value: { accepted: ids.slice(i, i + 4), rejected: [] } });
      }
      const seen: string[] = [];
      let checkpoint = { tx: '0', seq: 0 };
      for (let page = 0; page < 20; page += 1) {
        const pulled = await client.pull('readings', checkpoint, 5);
        if (!pulled.ok || pulled.value.documents.length === 0) {
          break;
        }
        seen.push(...pulled.value.documents.map((d) => d.id));
        checkpoint = pulled.value.checkpoint;
      }
      expect(seen).toEqual(ids);
      expect(Math.min(...proxy.served)).toBeGreaterThan(3);
    });

    it('the sign-in guard counts wrong passwords over both nodes together', async () => {
      const login = (password: string) =>
        fetch(`${proxy.url}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'two-nodes', password, deviceName: 'laptop' }),
        });
      for (let i = 0; i < attemptLimits.perAccount; i += 1) {
        expect((await login('wrong-password')).status).toBe(401);
      }
      // The limit is reached whichever node counted which failure: even the right password waits.
      for (let i = 0; i < 2; i += 1) {
        const blocked = await login('right-password-1');
        expect(blocked.status).toBe(429);
        expect(await blocked.json()).toMatchObject({ error: { code: 'rate-limited' } });
      }
    });

    it('a change pushed through one node reaches a live stream held by the other', async () => {
      const streamOn = nodes[0]!;
      const controller = new AbortController();
      const response = await fetch(`${streamOn.url}/v1/sync/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      let text = '';
      const readUntil = async (needle: string) => {
        const deadline = Date.now() + 20_000;
        while (!text.includes(needle) && Date.now() < deadline) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          text += new TextDecoder().decode(value);
        }
        return text.includes(needle);
      };
      expect(await readUntil('"hello"')).toBe(true);
      const other = createSyncClient({ baseUrl: nodes[1]!.url, fetch: fetchFn, token: () => token });
      const pushed = await other.push('patrols', {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: { ...sample('patrols'), id: testId('two-nodes-patrol'), _deleted: false },
          },
        ],
      });
      expect(pushed).toMatchObject({ ok: true, value: { accepted: [testId('two-nodes-patrol')] } });
      expect(await readUntil('"collections":["patrols"]')).toBe(true);
      controller.abort();
    });

    it('a photo upload survives the node it was going to being killed: it resumes on the other', async () => {
      const bytes = randomBytes(600_000);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const record = await client.push('photos', {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: {
              ...sample('photos', {
                storedSha256: sha256,
                bytes: bytes.byteLength,
              }),
              id: testId('two-nodes-photo'),
              _deleted: false,
            },
          },
        ],
      });
      expect(record).toMatchObject({ ok: true });
      // The first half goes up through both nodes in turn.
      const half = bytes.subarray(0, 300_000);
      const started = await client.photoStatus(sha256, bytes.byteLength);
      expect(started).toMatchObject({ ok: true, value: { received: 0, stored: false } });
      for (let at = 0; at < half.byteLength; at += 60_000) {
        expect(await client.photoChunk(sha256, at, half.subarray(at, at + 60_000))).toMatchObject({
          ok: true,
        });
      }
      // One node dies with a chunk in flight to it; the balancer sends everything to the other, which
      // knows where the upload stands (the chunk counts if it was committed, else it is sent again).
      const inFlight = fetch(`${nodes[0]!.url}/v1/photos/${sha256}/upload?offset=300000`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: bytes.subarray(300_000, 400_000),
      }).catch((error: unknown) => error);
      await kill(nodes[0]!);
      await inFlight;
      const finished = await uploadPhoto(client, sha256, bytes, { chunkBytes: 100_000 });
      expect(finished).toMatchObject({ ok: true, value: { stored: true, bytes: 600_000 } });
      const download = await fetch(`${proxy.url}/v1/photos/${sha256}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    }, 60_000);
  },
);
