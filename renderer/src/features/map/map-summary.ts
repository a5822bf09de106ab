import type { CollectionName, FaultEvent, Site, SiteHealth, Task } from '#shared/domain/index';
import type { AppDatabase } from '../../db/database';
import { activeTaskStatuses } from '../common/map-sites';

/**
 * The map's start-up summary: the inputs the map judges (sites, their reporting history, fault events,
 * active tasks), cut to the fields the verdict core reads and stored column by column in ONE RxDB local
 * document, so a cold start can draw every site without one IndexedDB cursor step per document.
 *
 * It holds inputs, never verdicts: the states shown from it come from the same core (`mapSitesOf`) with
 * the current clock and policy, so a site silent since the summary was written shows silent. It is a
 * snapshot all the same — the map says so while it shows it, and the live reading replaces it.
 *
 * Stored as one JSON string: parallel arrays of numbers and strings parse far faster than 20,000 objects,
 * and one string is one value for IndexedDB to clone (no walk over millions of array cells).
 */
export const mapSummaryId = 'map-summary';
/** Bumped when the stored shape or the fields the core reads change: an older summary is ignored. */
export const mapSummaryVersion = 2;

export type MapInputs = readonly [Site[], SiteHealth[], FaultEvent[], Task[]];

/** The collections the map judges. */
export const mapInputCollections: readonly CollectionName[] = [
  'sites',
  'site_health',
  'fault_events',
  'tasks',
];

/**
 * Whether a new laptop's first sync is still pulling something the map judges: the map then holds
 * still (re-reading and re-judging every site every 0.5 s of the pull is most of a first sync's time)
 * and reads once when its inputs are in.
 */
export function firstPullHoldsMap(
  firstPull: { readonly pending: readonly CollectionName[] } | null,
): boolean {
  return firstPull?.pending.some((n) => mapInputCollections.includes(n)) ?? false;
}

type Columns = {
  // Sites, one entry per site, same index in every array.
  readonly id: string[];
  readonly code: string[];
  readonly name: string[];
  readonly kind: Site['kind'][];
  readonly division: Site['divisionCode'][];
  readonly lat: number[];
  readonly lng: number[];
  readonly interval: number[];
  readonly status: Site['status'][];
  readonly registeredOn: string[];
  /** Index into `elementSets` (sites share a few element lists). */
  readonly elements: number[];
  readonly elementSets: string[][];
  /** Index into `targetSets`, -1 for none (the policy's targets). */
  readonly targets: number[];
  readonly targetSets: NonNullable<Site['targets']>[];
  // Reporting history, by the site's index: '' = no history document.
  readonly hFirstDay: string[];
  readonly hDays: number[];
  readonly hElements: number[];
  readonly hLast: (number | null)[];
  /**
   * Per site, its days run-length coded (`[value, times, value, times…]`): slots expected; slots
   * expected but not received; element values of received slots not valid. A site reporting as
   * planned is a few numbers instead of 270, so the province's summary stays a few megabytes.
   */
  readonly hExpected: number[][];
  readonly hMissed: number[][];
  readonly hInvalid: number[][];
  /** Fault events whole (the fold reads most fields), without the signature image. */
  readonly faultEvents: FaultEvent[];
  /** Active tasks whole (the popup lists them); finished tasks are no input of the map. */
  readonly tasks: Task[];
};

export type StoredSummary = {
  readonly version: number;
  /** The enrolled region (or the unenrolled demo laptop) the inputs belong to. */
  readonly region: string;
  readonly savedAt: number;
  readonly json: string;
};

/** The summary this session last read or wrote, by database: a reading equal to it is not written again. */
const lastStored = new WeakMap<AppDatabase, { readonly region: string; readonly json: string }>();

export type MapSummary = { readonly savedAt: number; readonly inputs: MapInputs };

/** The region key: the service and account scope a laptop is enrolled with, or the demo laptop. */
export function mapRegionKey(settings: { serviceUrl: string; account: { scope: string } } | null): string {
  return settings === null ? 'unenrolled' : `${settings.serviceUrl}|${settings.account.scope}`;
}

function indexOf<T>(table: T[], seen: Map<string, number>, value: T): number {
  const key = JSON.stringify(value);
  let i = seen.get(key);
  if (i === undefined) {
    i = table.length;
    table.push(value);
    seen.set(key, i);
  }
  return i;
}

/** `[value, times, value, times…]` of the `length` values `at(0…length-1)`. */
function runs(length: number, at: (d: number) => number): number[] {
  const out: number[] = [];
  for (let d = 0; d < length; d += 1) {
    const value = at(d);
    if (out.length > 0 && out[out.length - 2] === value) {
      out[out.length - 1]! += 1;
    } else {
      out.push(value, 1);
    }
  }
  return out;
}

function fromRuns(coded: readonly number[], length: number): number[] {
  const out = new Array<number>(length);
  let d = 0;
  for (let i = 0; i + 1 < coded.length; i += 2) {
    const value = coded[i]!;
    for (let n = coded[i + 1]!; n > 0 && d < length; n -= 1) {
      out[d++] = value;
    }
  }
  if (d !== length) {
    throw new Error('map summary: a history of the wrong length');
  }
  return out;
}

export function encodeMapInputs([sites, healths, faultEvents, tasks]: MapInputs): string {
  const healthBySite = new Map(healths.map((h) => [h.siteId, h]));
  const elementSets: string[][] = [];
  const targetSets: NonNullable<Site['targets']>[] = [];
  const elementSeen = new Map<string, number>();
  const targetSeen = new Map<string, number>();
  const c: Columns = {
    id: [],
    code: [],
    name: [],
    kind: [],
    division: [],
    lat: [],
    lng: [],
    interval: [],
    status: [],
    registeredOn: [],
    elements: [],
    elementSets,
    targets: [],
    targetSets,
    hFirstDay: [],
    hDays: [],
    hElements: [],
    hLast: [],
    hExpected: [],
    hMissed: [],
    hInvalid: [],
    faultEvents: faultEvents.map((e) => (e.signature == null ? e : { ...e, signature: null })),
    tasks: tasks.filter((t) => activeTaskStatuses.includes(t.status)),
  };
  for (const s of sites) {
    c.id.push(s.id);
    c.code.push(s.code);
    c.name.push(s.name);
    c.kind.push(s.kind);
    c.division.push(s.divisionCode);
    c.lat.push(s.position.lat);
    c.lng.push(s.position.lng);
    c.interval.push(s.reportIntervalMinutes);
    c.status.push(s.status);
    c.registeredOn.push(s.registeredOn);
    c.elements.push(indexOf(elementSets, elementSeen, s.elements));
    c.targets.push(s.targets === null ? -1 : indexOf(targetSets, targetSeen, s.targets));
    const h = healthBySite.get(s.id);
    c.hFirstDay.push(h?.firstDay ?? '');
    c.hDays.push(h?.expected.length ?? 0);
    c.hElements.push(h?.elementsConfigured ?? 0);
    c.hLast.push(h?.lastReportAt ?? null);
    // The three day arrays are parallel (one entry per day from `firstDay`).
    const e = h?.expected ?? [];
    const r = h?.receivedSlots ?? [];
    const v = h?.validValues ?? [];
    const k = h?.elementsConfigured ?? 0;
    c.hExpected.push(runs(e.length, (d) => e[d] ?? 0));
    c.hMissed.push(runs(e.length, (d) => (e[d] ?? 0) - (r[d] ?? 0)));
    c.hInvalid.push(runs(e.length, (d) => (r[d] ?? 0) * k - (v[d] ?? 0)));
  }
  return JSON.stringify(c);
}

/**
 * Back to the records the core takes. Fields the map's judgement never reads (a site's water user,
 * station, instrument ranges; a history's raw report counts and last values) come back empty: these
 * records feed `mapSitesOf` only and never leave this module's caller.
 */
export function decodeMapInputs(json: string): MapInputs {
  const c = JSON.parse(json) as Columns;
  const sites: Site[] = [];
  const healths: SiteHealth[] = [];
  for (let i = 0; i < c.id.length; i += 1) {
    const id = c.id[i]!;
    const divisionCode = c.division[i]!;
    const targets = c.targets[i]!;
    sites.push({
      id,
      code: c.code[i]!,
      name: c.name[i]!,
      kind: c.kind[i]!,
      divisionCode,
      // Written from a validated site's position: the brand holds.
      position: { lat: c.lat[i]!, lng: c.lng[i]! } as Site['position'],
      waterUserId: null,
      permitId: null,
      waterSource: null,
      reportIntervalMinutes: c.interval[i]!,
      allowedDelayMinutes: null,
      elements: c.elementSets[c.elements[i]!]!,
      station: null,
      instrumentRanges: [],
      targets: targets < 0 ? null : c.targetSets[targets]!,
      status: c.status[i]!,
      registeredOn: c.registeredOn[i]!,
      updatedAt: 0,
    });
    const firstDay = c.hFirstDay[i]!;
    const days = c.hDays[i]!;
    if (firstDay !== '') {
      const k = c.hElements[i]!;
      const expected = fromRuns(c.hExpected[i]!, days);
      const receivedSlots = fromRuns(c.hMissed[i]!, days);
      const validValues = fromRuns(c.hInvalid[i]!, days);
      for (let d = 0; d < days; d += 1) {
        receivedSlots[d] = expected[d]! - receivedSlots[d]!;
        validValues[d] = receivedSlots[d]! * k - validValues[d]!;
      }
      healths.push({
        id,
        siteId: id,
        divisionCode,
        firstDay,
        expected,
        receivedSlots,
        validValues,
        reports: [],
        elementsConfigured: k,
        lastReportAt: c.hLast[i]!,
        lastValues: [],
        updatedAt: 0,
      });
    }
  }
  return [sites, healths, c.faultEvents, c.tasks];
}

/** The stored summary of this region, or null (none, an older format, another region, unreadable). */
export async function loadMapSummary(db: AppDatabase, region: string): Promise<MapSummary | null> {
  const doc = await db.getLocal<StoredSummary>(mapSummaryId);
  const stored = doc?.toJSON().data;
  if (stored === undefined || stored.version !== mapSummaryVersion || stored.region !== region) {
    return null;
  }
  try {
    const inputs = decodeMapInputs(stored.json);
    lastStored.set(db, { region, json: stored.json });
    return { savedAt: stored.savedAt, inputs };
  } catch {
    return null;
  }
}

/** Stores a reading as the summary; false when it equals the one stored (nothing written). */
export async function saveMapSummary(
  db: AppDatabase,
  region: string,
  inputs: MapInputs,
  savedAt: number,
): Promise<boolean> {
  const json = encodeMapInputs(inputs);
  const last = lastStored.get(db);
  if (last !== undefined && last.region === region && last.json === json) {
    return false;
  }
  await db.upsertLocal<StoredSummary>(mapSummaryId, { version: mapSummaryVersion, region, savedAt, json });
  lastStored.set(db, { region, json });
  return true;
}

/** Forgets the summary (a laptop leaving its region; tests). */
export async function clearMapSummary(db: AppDatabase): Promise<void> {
  lastStored.delete(db);
  await (await db.getLocal(mapSummaryId))?.remove();
}
