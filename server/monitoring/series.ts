import { effectiveValue, type SiteDaySummaries } from '#shared/monitoring/day-summary';
import type { ElementCode, ValueSource } from '#shared/monitoring/values';
import {
  seriesMaxDays,
  type DaySummariesResponse,
  type SeriesPoint,
  type SeriesResponse,
} from '#shared/monitoring/series-wire';
import { SyncError } from '#shared/sync/index';
import type { Database } from '../db/database';
import { scoped, type Scope } from '../db/scoped';

/**
 * What laptops read of the stored monitoring data, always under the caller's region (row-level
 * security filters a second time): one element's raw series of one site, each device time with the
 * original beside its 补报; and the region's day summaries changed since a moment.
 */

type ValueRow = {
  time: string;
  value: number;
  source: ValueSource;
  flag: string | null;
  received_at: string;
};

/** Folds the stored values of one device time into one point (see `seriesPointSchema`). */
export function pointOf(rows: readonly ValueRow[]): SeriesPoint | null {
  const values = rows.map((r) => ({ ...r, receivedAt: Number(r.received_at) }));
  const originals = values.filter((v) => v.source !== 'backfill');
  const first = effectiveValue(originals);
  const revision = effectiveValue(values.filter((v) => v.source === 'backfill'));
  const shown = first ?? revision;
  if (shown === null) {
    return null;
  }
  return {
    time: Number(shown.time),
    value: shown.value,
    source: shown.source,
    flag: shown.flag,
    receivedAt: shown.receivedAt,
    revised: first !== null && revision !== null ? revision.value : null,
    revisedAt: first !== null && revision !== null ? revision.receivedAt : null,
    duplicates: Math.max(0, originals.length - 1),
  };
}

export async function readSeries(
  db: Database,
  query: {
    readonly siteCode: string;
    readonly element: ElementCode;
    readonly from: number;
    readonly to: number;
  },
  scope: Scope,
): Promise<SeriesResponse> {
  if (!(query.from < query.to)) {
    throw new SyncError('invalid-body', '`from` must be earlier than `to`');
  }
  if (query.to - query.from > seriesMaxDays * 86_400_000) {
    throw new SyncError(
      'invalid-body',
      `a series request covers at most ${seriesMaxDays} days; ask for the rest in further requests`,
    );
  }
  return scoped(db, scope, async (tx) => {
    const { rows: site } = await tx.query(
      `select 1 from records where collection = 'sites' and not deleted and doc ->> 'code' = $1`,
      [query.siteCode],
    );
    if (site.length === 0) {
      // Another region's site is answered as an unknown one.
      throw new SyncError(
        'not-found',
        scope === 'all'
          ? `no site with code ${query.siteCode} in the registry`
          : `no site with code ${query.siteCode} in your region ${scope}`,
      );
    }
    const { rows } = await tx.query<ValueRow>(
      `select time::text, value, source, flag, received_at::text from monitoring_values
       where site_code = $1 and element = $2 and time >= $3 and time < $4
       order by time, received_at`,
      [query.siteCode, query.element, query.from, query.to],
    );
    const points: SeriesPoint[] = [];
    for (let i = 0; i < rows.length;) {
      let j = i + 1;
      while (j < rows.length && rows[j]?.time === rows[i]?.time) {
        j += 1;
      }
      const point = pointOf(rows.slice(i, j));
      if (point !== null) {
        points.push(point);
      }
      i = j;
    }
    return { site: query.siteCode, element: query.element, from: query.from, to: query.to, points };
  });
}

/** The region's day summaries derived at or after `since` (then by site code after `after`), a page. */
export async function readDaySummaries(
  db: Database,
  query: { readonly since: number; readonly after: string; readonly limit: number },
  scope: Scope,
): Promise<DaySummariesResponse> {
  return scoped(db, scope, async (tx) => {
    const { rows } = await tx.query<{ doc: SiteDaySummaries; updated_at: string }>(
      `select doc, updated_at::text from monitoring_day_summaries
       where (updated_at, site_code) > ($1, $2)
       order by updated_at, site_code limit $3`,
      [query.since, query.after, query.limit],
    );
    const last = rows[rows.length - 1];
    return {
      summaries: rows.map((r) => r.doc),
      next:
        rows.length === query.limit && last !== undefined
          ? { since: Number(last.updated_at), after: last.doc.siteCode }
          : null,
    };
  });
}
