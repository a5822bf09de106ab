import type { Reading } from '#shared/domain/index';
import { counterSwapsOf, type CounterSwap } from '#shared/verdicts/index';
import type { Tx } from '../db/scoped';

/**
 * Meter and RTU swaps for the data audit: the swap readings of the audited sites (readings v2) and the
 * readings that withdraw or correct one, as the core's `CounterSwap`s per site code. One statement per
 * batch of sites, on the (collection, site_id) index.
 */
export async function readCounterSwaps(
  tx: Tx,
  sites: readonly { readonly id: string; readonly code: string }[],
): Promise<Map<string, CounterSwap[]>> {
  const out = new Map<string, CounterSwap[]>();
  if (sites.length === 0) {
    return out;
  }
  const { rows } = await tx.query<{ site_id: string; doc: Reading }>(
    `select site_id, doc from records
      where collection = 'readings' and site_id = any($1::text[])
        and (jsonb_typeof(doc -> 'swap') = 'object' or doc ->> 'supersedesId' is not null)`,
    [sites.map((s) => s.id)],
  );
  const bySite = new Map<string, Reading[]>();
  for (const r of rows) {
    const list = bySite.get(r.site_id) ?? [];
    list.push(r.doc);
    bySite.set(r.site_id, list);
  }
  for (const s of sites) {
    const swaps = counterSwapsOf(bySite.get(s.id) ?? []);
    if (swaps.length > 0) {
      out.set(s.code, swaps);
    }
  }
  return out;
}

/** A reading that is a swap, or may undo or change one (a withdrawal or correction). */
export function changesSwaps(r: Reading): boolean {
  return (r.swap !== null && r.swap !== undefined) || r.withdrawn === true || r.supersedesId !== null;
}

/** How far before a swap its site is audited again: the counter's reading before it, a day back. */
const reauditBeforeMs = 86_400_000;

/**
 * After a push of readings: a swap (or a withdrawal or correction that may undo one) marks its site
 * for the audit from a day before it, so a `cumulative_decrease` the swap explains is judged again
 * (and withdrawn) — in the pusher's region, like the readings.
 */
export async function markSwapSitesDirty(tx: Tx, readings: readonly Reading[], now: number): Promise<void> {
  const marks = readings.filter(changesSwaps);
  if (marks.length === 0) {
    return;
  }
  await tx.query(
    `insert into audit_dirty (site_code, division_code, earliest, marked_at)
     select s.doc ->> 'code', s.division_code, min(u.t), $3::bigint
       from unnest($1::text[], $2::bigint[]) as u(site_id, t)
       join records s on s.collection = 'sites' and s.id = u.site_id and not s.deleted
      group by s.doc ->> 'code', s.division_code
     on conflict (site_code) do update set earliest = least(audit_dirty.earliest, excluded.earliest)`,
    [marks.map((r) => r.siteId), marks.map((r) => r.takenAt - reauditBeforeMs), now],
  );
}
