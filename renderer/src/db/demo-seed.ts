import { useSyncExternalStore } from 'react';
import type { RxCollection } from 'rxdb';
import type { CollectionName } from '#shared/domain/index';
import {
  defaultDemoSeed,
  defaultDemoSiteCount,
  generateDemoProvince,
  type DemoOptions,
  type DemoProvince,
} from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import type { AppDatabase } from './database';

export type DemoSeedStatus =
  | { readonly phase: 'idle' | 'skipped' | 'done' }
  | { readonly phase: 'loading'; readonly loaded: number; readonly total: number }
  | { readonly phase: 'failed'; readonly message: string };

let status: DemoSeedStatus = { phase: 'idle' };
const listeners = new Set<() => void>();
function publish(next: DemoSeedStatus): void {
  status = next;
  for (const l of listeners) {
    l();
  }
}

/** Progress of loading the demo province, for pages that show a banner meanwhile. */
export function useDemoSeedStatus(): DemoSeedStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => status,
    () => status,
  );
}

const markerId = 'demo-province';

/** Tests that need an empty database (the crash test) turn the demo load off for their session. */
export function demoSeedEnabled(storage: Storage | null): boolean {
  return storage?.getItem('wrm.demoSeed') !== 'off';
}
/**
 * The size of the demo province to load: `wrm.demoSites` in session storage (benchmarks load 20,000
 * sites, e.g. `npm run bench:cold-start`), else the default.
 */
export function demoSiteCount(storage: Storage | null): number {
  const asked = Number(storage?.getItem('wrm.demoSites') ?? Number.NaN);
  return Number.isInteger(asked) && asked > 0 ? asked : defaultDemoSiteCount;
}
type Marker = { seed: number; sites: number; endDay: string; complete: boolean };

type GeneratedProvince = Omit<DemoProvince, 'profiles'>;

/** In a worker where there is one (the browser); in this thread otherwise (Node tests) or if it fails. */
function generateOffThread(options: DemoOptions): Promise<GeneratedProvince> {
  if (typeof Worker === 'undefined') {
    return Promise.resolve(generateDemoProvince(options));
  }
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./demo-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(generateDemoProvince(options));
      return;
    }
    worker.onmessage = (event: MessageEvent<GeneratedProvince>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = () => {
      worker.terminate();
      resolve(generateDemoProvince(options));
    };
    worker.postMessage(options);
  });
}

/** Lets the window paint and handle input between batches. */
const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export type SeedOptions = {
  readonly seed?: number;
  readonly sites?: number;
  /** Last day of the reporting history; default yesterday (Shanghai). */
  readonly endDay?: string;
  readonly chunk?: number;
  /**
   * Asked between batches: true once the crew chose to enrol this laptop (or enrolled it). The load
   * stops there — a first sync is about to fill the database with the province's own records, and the
   * demo load would compete with it for the disk and the cores. What was loaded stays (marked
   * incomplete); it is not resumed while the laptop is enrolling or enrolled (see main.tsx).
   */
  readonly shouldStop?: () => boolean;
};

/**
 * Until the sync service serves the province, the device loads the demo province straight into its
 * own database — only when it holds no sites, or when an earlier load was interrupted (a marker
 * local document says so); an interrupted load completes on the next start.
 */
export async function seedDemoProvinceIfEmpty(db: AppDatabase, options: SeedOptions = {}): Promise<boolean> {
  const marker = (await db.getLocal<Marker>(markerId))?.toJSON().data ?? null;
  const resuming = marker !== null && !marker.complete;
  if (!resuming && (marker !== null || (await db.collections.sites.count().exec()) > 0)) {
    publish({ phase: 'skipped' });
    return false;
  }
  try {
    const endDay = resuming ? marker.endDay : (options.endDay ?? addDays(dayOf(Date.now()), -1));
    const seed = options.seed ?? defaultDemoSeed;
    const sites = options.sites ?? defaultDemoSiteCount;
    await db.upsertLocal<Marker>(markerId, { seed, sites, endDay, complete: false });
    const demo = await generateOffThread({ seed, sites, endDay });
    const batches: [CollectionName, readonly object[]][] = [
      ['water_users', demo.waterUsers],
      ['permits', demo.permits],
      ['sites', demo.sites],
      ['equipment', demo.equipment],
      ['site_health', demo.siteHealth],
      ['diagnostic_sessions', demo.diagnosticSessions],
    ];
    const total = batches.reduce((n, [, docs]) => n + docs.length, 0);
    const chunk = options.chunk ?? 500;
    let loaded = 0;
    publish({ phase: 'loading', loaded, total });
    for (const [name, docs] of batches) {
      const collection = db.collections[name] as unknown as RxCollection<object>;
      for (let i = 0; i < docs.length; i += chunk) {
        if (options.shouldStop?.() === true) {
          publish({ phase: 'skipped' });
          return false;
        }
        // Insert, not upsert: half the IndexedDB work. After an interrupted load the records already
        // there are the generator's same records (same seed and end day), so a conflict is no error.
        const result = await collection.bulkInsert(docs.slice(i, i + chunk));
        const error = result.error.find((e) => e.status !== 409);
        if (error !== undefined) {
          throw new Error(`${name}/${error.documentId}: refused (${error.status})`);
        }
        loaded += Math.min(chunk, docs.length - i);
        publish({ phase: 'loading', loaded, total });
        await yieldToUi();
      }
    }
    await db.upsertLocal<Marker>(markerId, { seed, sites, endDay, complete: true });
    publish({ phase: 'done' });
    return true;
  } catch (error) {
    publish({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    return false;
  }
}
