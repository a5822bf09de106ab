// The peer of `npm run bench:sync`: PouchDB replicating the same documents to express-pouchdb on
// PouchDB's in-memory adapter (pouchdb-server itself pulls in a native LevelDB build).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import expressPouchdb from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import memory from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

const Pouch = PouchDB.plugin(memory).plugin(http).plugin(replication).plugin(mapreduce);

export type PeerRun = { docs: number; ms: number };

export async function startPouchPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = expressPouchdb(Pouch.defaults({ adapter: 'memory' }), {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A record as the peer stores it: one database for every collection, so the id names both. */
export type PeerDocument = { readonly collection: string; readonly doc: Record<string, unknown> };

const asPouch = (docs: readonly PeerDocument[]) =>
  docs.map(({ collection, doc }) => ({ ...doc, _id: `${collection}/${String(doc['id'])}` }));

/** Initial pull: the server database holds `docs`; a fresh in-memory PouchDB replicates them down. */
export async function peerPull(url: string, docs: readonly PeerDocument[]): Promise<PeerRun> {
  const remote = new Pouch(`${url}/pull-${Date.now()}`);
  for (let i = 0; i < docs.length; i += 1000) {
    await remote.bulkDocs(asPouch(docs.slice(i, i + 1000)));
  }
  const local = new Pouch(`local-pull-${Date.now()}`, { adapter: 'memory' });
  const started = performance.now();
  const result = await Pouch.replicate(remote, local, { batch_size: 500 });
  const run = { docs: result.docs_written, ms: performance.now() - started };
  // Each run's databases go, as ours do: repeated runs in one process must not pile up memory.
  await Promise.all([remote.destroy(), local.destroy()]);
  return run;
}

/** Push: a local in-memory PouchDB holds `docs` and replicates them up. */
export async function peerPush(url: string, docs: readonly Record<string, unknown>[]): Promise<PeerRun> {
  const local = new Pouch(`local-push-${Date.now()}`, { adapter: 'memory' });
  for (let i = 0; i < docs.length; i += 1000) {
    await local.bulkDocs(asPouch(docs.slice(i, i + 1000).map((doc) => ({ collection: 'readings', doc }))));
  }
  const remote = new Pouch(`${url}/push-${Date.now()}`);
  const started = performance.now();
  const result = await Pouch.replicate(local, remote, { batch_size: 500 });
  const run = { docs: result.docs_written, ms: performance.now() - started };
  // Each run's databases go, as ours do: repeated runs in one process must not pile up memory.
  await Promise.all([remote.destroy(), local.destroy()]);
  return run;
}
