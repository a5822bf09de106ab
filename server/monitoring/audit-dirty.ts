import type { Tx } from '../db/scoped';

/**
 * Marks sites whose values were just stored, in the transaction that stores them: one statement per
 * batch, keeping the earliest device time per site (a late value moves the mark back). The audit
 * loop re-audits each marked site from there (migration 012).
 */
export type DirtyValue = { readonly siteCode: string; readonly divisionCode: string; readonly time: number };

export async function markAuditDirty(tx: Tx, values: readonly DirtyValue[], now: number): Promise<void> {
  const earliest = new Map<string, DirtyValue>();
  for (const v of values) {
    const seen = earliest.get(v.siteCode);
    if (seen === undefined || v.time < seen.time) {
      earliest.set(v.siteCode, v);
    }
  }
  if (earliest.size === 0) {
    return;
  }
  // One lock order for every writer (two batches naming the same sites never wait on each other in turn).
  const marks = [...earliest.values()].sort((a, b) => (a.siteCode < b.siteCode ? -1 : 1));
  await tx.query(
    `insert into audit_dirty (site_code, division_code, earliest, marked_at)
     select s, d, e, $4 from unnest($1::text[], $2::text[], $3::bigint[]) as u(s, d, e)
     on conflict (site_code) do update set earliest = least(audit_dirty.earliest, excluded.earliest)`,
    [marks.map((m) => m.siteCode), marks.map((m) => m.divisionCode), marks.map((m) => m.time), now],
  );
}
