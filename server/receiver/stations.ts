import type { StationProtocol } from '#shared/monitoring/station-address';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import type { StationKey } from './interpret';

/** The site a station's frames are filed under (from the registry's `station` column). */
export type StationSite = {
  readonly siteCode: string;
  readonly divisionCode: string;
  readonly protocol: StationProtocol;
};

export type StationDirectory = {
  /** The first key the registry knows, or null: an unknown station. */
  lookup(keys: readonly StationKey[]): Promise<StationSite | null>;
};

const keyOf = (k: StationKey) => `${k.protocol}/${k.address}`;

type Row = { code: string; division_code: string; protocol: StationProtocol; address: string };

const selectSql = `select doc ->> 'code' as code, division_code, doc -> 'station' ->> 'protocol' as protocol,
    doc -> 'station' ->> 'address' as address
  from records where collection = 'sites' and not deleted and doc -> 'station' <> 'null'::jsonb`;

/**
 * The registry's stations, read whole at most every `maxAgeMs` (a burst of 20,000 frames asks the
 * database once, not 20,000 times). A station not in the copy is looked up at once, so a site
 * registered a moment ago is found; what the registry does not know is never remembered as unknown.
 */
export function createStationDirectory(
  db: Database,
  options: { readonly now: () => number; readonly maxAgeMs?: number },
): StationDirectory {
  const maxAge = options.maxAgeMs ?? 60_000;
  let copy = new Map<string, StationSite>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | null = null;
  const toSite = (r: Row): StationSite => ({
    siteCode: r.code,
    divisionCode: r.division_code,
    protocol: r.protocol,
  });
  const reload = async () => {
    const { rows } = await scoped(db, 'all', (tx) => tx.query<Row>(selectSql));
    copy = new Map(rows.map((r) => [`${r.protocol}/${r.address}`, toSite(r)]));
    loadedAt = options.now();
  };
  return {
    async lookup(keys) {
      if (options.now() - loadedAt > maxAge) {
        loading ??= reload().finally(() => {
          loading = null;
        });
        await loading;
      }
      for (const k of keys) {
        const hit = copy.get(keyOf(k));
        if (hit !== undefined) {
          return hit;
        }
      }
      if (keys.length === 0) {
        return null;
      }
      const { rows } = await scoped(db, 'all', (tx) =>
        tx.query<Row>(
          `${selectSql} and (doc -> 'station' ->> 'protocol', doc -> 'station' ->> 'address')
             in (select * from unnest($1::text[], $2::text[]))`,
          [keys.map((k) => k.protocol), keys.map((k) => k.address)],
        ),
      );
      for (const r of rows) {
        copy.set(`${r.protocol}/${r.address}`, toSite(r));
      }
      const found = keys.map((k) => copy.get(keyOf(k))).find((s) => s !== undefined);
      return found ?? null;
    },
  };
}
