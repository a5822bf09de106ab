// The page `npm run bench:db` drives in Chromium: the app's own database code (RxDB, Dexie storage,
// strict durability for events, encryption, z-schema validation) beside a peer doing the same work on
// raw Dexie/IndexedDB. Not part of the app bundle (its own HTML entry, built only by the bench).
import { Dexie, type Table } from 'dexie';
import type { RxCollection } from 'rxdb';
import { defaultDemoSeed, generateDemoProvince } from '#shared/demo/index';
import { collections, newId, type DivisionCode, type Site, type SiteHealth } from '#shared/domain/index';
import type { AppDatabase } from '../db/database';
import { collectionReady } from '../db/deferred-collections';
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

/**
 * The app's cold open: `openAppDatabase` resolves with the 13 collections every screen and the sync
 * start with; `corrections` opens behind them (RxDB open core makes a realm's 14th collection wait up
 * to 60 × 30 ms). `ms` is the database usable, `allMs` all 14 open (`collectionReady`).
 */
async function open(): Promise<{ ms: number; allMs: number; firstQueryMs: number; sites: number }> {
  const t0 = performance.now();
  const result = await openAppDatabase({ key, devMode: false, name: 'bench' });
  if (!result.ok) {
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
  db = result.value;
  const t1 = performance.now();
  const sites = await db.collections.sites.count().exec();
  const firstQueryMs = performance.now() - t1;
  await collectionReady(db, 'corrections');
  return { ms: t1 - t0, allMs: performance.now() - t0, firstQueryMs, sites };
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
  const byName = {
    water_users: demo.waterUsers,
    permits: demo.permits,
    sites: demo.sites,
    equipment: demo.equipment,
    site_health: demo.siteHealth,
  } as const;
  // The app and the peer (raw Dexie `bulkAdd`, the same declared indexes) load the same batches
  // alternately, batch by batch, the first of each pair alternating too: the machine is shared, and its
  // load moves within a run, so both sides see the same load.
  const peer = peerReference();
  const out: { collection: string; docs: number; ms: number }[] = [];
  const peerOut: { collection: string; docs: number; ms: number }[] = [];
  let pair = 0;
  for (const name of loaded) {
    const docs = byName[name];
    const collection = db!.collections[name as 'sites'] as unknown as RxCollection<object>;
    let appMs = 0;
    let peerMs = 0;
    for (let i = 0; i < docs.length; i += chunk) {
      const batch = docs.slice(i, i + chunk);
      const app = async () => {
        const t0 = performance.now();
        const r = await collection.bulkInsert(batch);
        appMs += performance.now() - t0;
        if (r.error.length > 0) {
          throw new Error(`${name}: ${r.error.length} refused`);
        }
      };
      const raw = async () => {
        const t0 = performance.now();
        await peer.table(name).bulkAdd(batch);
        peerMs += performance.now() - t0;
      };
      pair += 1;
      if (pair % 2 === 0) {
        await app();
        await raw();
      } else {
        await raw();
        await app();
      }
    }
    out.push({ collection: name, docs: docs.length, ms: appMs });
    peerOut.push({ collection: name, docs: docs.length, ms: peerMs });
  }
  peer.close();
  // Diagnosis: the zod validation alone, the same documents once more outside any write (the share of
  // the app's load that is the validator its storage stack runs on every write).
  const validation = loaded.map((name) => {
    const t0 = performance.now();
    for (const doc of byName[name]) {
      collections[name].schema.safeParse(doc);
    }
    return { collection: name, ms: performance.now() - t0 };
  });
  return {
    out,
    peer: peerOut,
    validation,
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
window.wrmBench = { open, peerOpen, seed, query, peerQuery, insert, peerInsert, close };
document.getElementById('status')!.textContent = 'ready';
