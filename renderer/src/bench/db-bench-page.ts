// The page `npm run bench:db` drives in Chromium: the app's own database code (RxDB, Dexie storage,
// strict durability for events, encryption, z-schema validation) beside a peer doing the same work on
// raw Dexie/IndexedDB. Not part of the app bundle (its own HTML entry, built only by the bench).
import { Dexie, type Table } from 'dexie';
import type { RxCollection } from 'rxdb';
import { defaultDemoSeed, generateDemoProvince } from '#shared/demo/index';
import {
  collectionNames,
  collections,
  newId,
  type DivisionCode,
  type Site,
  type SiteHealth,
} from '#shared/domain/index';
import type { AppDatabase } from '../db/database';
import { openAppDatabase } from '../db/open-database';
import { writeFieldEvent } from '../db/write-events';
import { countBelowTarget } from './below-target';

const key = 'bench-key-0123456789abcdef-0123456789';
const endDay = '2026-11-24';
/** Noon of the day after the seed's last day: the status period ends on `endDay`. */
const judgedAt = Date.parse('2026-11-25T12:00:00+08:00');
let db: AppDatabase | null = null;

type Peer = Dexie & {
  sites: Table<Site, string>;
  site_health: Table<SiteHealth, string>;
};
type PeerEvents = Dexie & { patrols: Table<Record<string, unknown>, string> };

/** The province's reference collections, loaded by both sides. */
const loaded = ['water_users', 'permits', 'sites', 'equipment', 'site_health'] as const;

/** The peer's tables: the same collections with the indexes the domain registry declares for them. */
function peerReference(): Peer {
  const d = new Dexie('bench-peer') as Peer;
  d.version(1).stores(
    Object.fromEntries(
      loaded.map((name) => [
        name,
        [
          'id',
          ...collections[name].indexes.map((i) => (typeof i === 'string' ? i : `[${i.join('+')}]`)),
        ].join(', '),
      ]),
    ),
  );
  return d;
}
function peerEvents(): PeerEvents {
  const d = new Dexie('bench-peer-events', { chromeTransactionDurability: 'strict' }) as PeerEvents;
  d.version(1).stores({ patrols: 'id, siteId' });
  return d;
}

async function open(): Promise<{ ms: number; firstQueryMs: number; sites: number }> {
  const t0 = performance.now();
  const result = await openAppDatabase({ key, devMode: false, name: 'bench' });
  if (!result.ok) {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
  db = result.value;
  const t1 = performance.now();
  const sites = await db.collections.sites.count().exec();
  return { ms: t1 - t0, firstQueryMs: performance.now() - t1, sites };
}

/**
 * The same open with one collection fewer (13, corrections left out): RxDB's open core makes the
 * 14th collection of a process wait (up to 60 × 30 ms) before it opens. Measures what that costs.
 */
async function openThirteen(): Promise<{ ms: number; firstQueryMs: number; sites: number }> {
  const t0 = performance.now();
  const only = collectionNames.filter((n) => n !== 'corrections');
  const result = await openAppDatabase({ key, devMode: false, name: 'bench', only });
  if (!result.ok) {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
  const t1 = performance.now();
  const sites = await result.value.collections.sites.count().exec();
  const firstQueryMs = performance.now() - t1;
  await result.value.close();
  return { ms: t1 - t0, firstQueryMs, sites };
}

async function peerOpen(): Promise<{ ms: number; firstQueryMs: number; sites: number }> {
  const t0 = performance.now();
  const d = peerReference();
  await d.open();
  const t1 = performance.now();
  const sites = await d.sites.count();
  d.close();
  return { ms: t1 - t0, firstQueryMs: performance.now() - t1, sites };
}

/** Loads the demo province at `sites` sites; per collection: docs and ms. */
async function seed(sites: number, chunk = 2000) {
  if (db === null) {
    await open();
  }
  const demo = generateDemoProvince({ seed: defaultDemoSeed, sites, endDay });
  const out: { collection: string; docs: number; ms: number }[] = [];
  const load = async (name: string, docs: readonly object[]) => {
    const collection = db!.collections[name as 'sites'] as unknown as RxCollection<object>;
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += chunk) {
      const r = await collection.bulkInsert(docs.slice(i, i + chunk));
      if (r.error.length > 0) {
        throw new Error(`${name}: ${r.error.length} refused`);
      }
    }
    out.push({ collection: name, docs: docs.length, ms: performance.now() - t0 });
  };
  const byName = {
    water_users: demo.waterUsers,
    permits: demo.permits,
    sites: demo.sites,
    equipment: demo.equipment,
    site_health: demo.siteHealth,
  } as const;
  for (const name of loaded) {
    await load(name, byName[name]);
  }
  // The peer: the same documents in the same batches, raw Dexie `bulkAdd`, the same declared indexes.
  const peer = peerReference();
  const peerOut: { collection: string; docs: number; ms: number }[] = [];
  for (const name of loaded) {
    const docs = byName[name];
    const t0 = performance.now();
    for (let i = 0; i < docs.length; i += chunk) {
      await peer.table(name).bulkAdd(docs.slice(i, i + chunk));
    }
    peerOut.push({ collection: name, docs: docs.length, ms: performance.now() - t0 });
  }
  peer.close();
  return {
    out,
    peer: peerOut,
    counties: [...new Set(demo.sites.map((s) => s.divisionCode))],
  };
}

/** Sites of one county below their targets: the two indexed queries and the verdict core. */
async function query(counties: readonly string[]) {
  const times: number[] = [];
  const found: number[] = [];
  for (const county of counties) {
    const t0 = performance.now();
    const [sites, health] = await Promise.all([
      db!.collections.sites.find({ selector: { divisionCode: county as DivisionCode } }).exec(),
      db!.collections.site_health.find({ selector: { divisionCode: county as DivisionCode } }).exec(),
    ]);
    const below = countBelowTarget(
      sites.map((s) => s.toJSON() as Site),
      health.map((h) => h.toJSON() as SiteHealth),
      judgedAt,
    );
    times.push(performance.now() - t0);
    found.push(below);
  }
  return { times, found };
}

async function peerQuery(counties: readonly string[]) {
  const d = peerReference();
  await d.open();
  const times: number[] = [];
  const found: number[] = [];
  for (const county of counties) {
    const t0 = performance.now();
    const [sites, health] = await Promise.all([
      d.sites.where('divisionCode').equals(county).toArray(),
      d.site_health.where('divisionCode').equals(county).toArray(),
    ]);
    times.push(performance.now() - t0);
    found.push(countBelowTarget(sites, health, judgedAt));
  }
  d.close();
  return { times, found };
}

function patrol(siteId: string) {
  const now = Date.now();
  return {
    id: newId(),
    siteId,
    siteKind: 'intake',
    divisionCode: '530381',
    taskId: null,
    checkIn: { at: now, position: { lat: 26.2, lng: 104.1 }, accuracyM: 8, distanceM: 12, source: 'gnss' },
    radiusM: 200,
    outsideRadiusReason: null,
    checklistId: 'intake@1',
    deviceId: 'bench',
    operatorId: 'bench',
    recordedAt: now,
    receivedAt: null,
  };
}

/** Field events one by one through the validated, strict-durability write path. */
async function insert(n: number) {
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    const r = await writeFieldEvent(db!, 'patrols', patrol(`site-${i % 500}`));
    times.push(performance.now() - t0);
    if (!r.ok) {
      throw new Error(r.error.message);
    }
  }
  return { times };
}

async function peerInsert(n: number) {
  const d = peerEvents();
  await d.open();
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = performance.now();
    await d.patrols.add(patrol(`site-${i % 500}`));
    times.push(performance.now() - t0);
  }
  d.close();
  return { times };
}

async function close() {
  await db?.close();
  db = null;
}

declare global {
  interface Window {
    wrmBench?: Record<string, (...args: never[]) => Promise<unknown>>;
  }
}
window.wrmBench = { open, openThirteen, peerOpen, seed, query, peerQuery, insert, peerInsert, close };
document.getElementById('status')!.textContent = 'ready';
