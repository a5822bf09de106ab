import { collections, validateRecord, type CollectionName, type CollectionSpec } from '#shared/domain/index';
import { jsonEqual, strip } from '#shared/sync/index';
import type { Tx } from '../db/scoped';

/**
 * The platform writing records itself (registry import, demo seed, health, automatic tasks): insert
 * or replace by id, in the caller's transaction. Records are validated against the registry first;
 * an unchanged record is not rewritten (so devices do not pull it again).
 */
export async function upsertRecords(
  tx: Tx,
  collection: CollectionName,
  docs: readonly Record<string, unknown>[],
  now: number,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const spec = collections[collection] as CollectionSpec;
  for (const doc of docs) {
    const valid = validateRecord(spec, doc);
    if (!valid.ok) {
      throw new Error(`platform write refused: ${valid.message}`);
    }
  }
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  // Batches keep each statement's JSON parameter small.
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    const ids = batch.map((d) => d['id'] as string);
    const { rows } = await tx.query<{ id: string; doc: Record<string, unknown> }>(
      `select id, doc from records where collection = $1 and id = any($2::text[])`,
      [collection, ids],
    );
    const existing = new Map(rows.map((r) => [r.id, r.doc]));
    const changed = batch.filter((doc) => {
      const before = existing.get(doc['id'] as string);
      if (before === undefined) {
        created += 1;
        return true;
      }
      if (jsonEqual(strip(before, ['updatedAt']), strip(doc, ['updatedAt']))) {
        unchanged += 1;
        return false;
      }
      updated += 1;
      return true;
    });
    if (changed.length === 0) {
      continue;
    }
    const payload = changed.map((doc) => ({
      id: doc['id'],
      division_code: doc['divisionCode'],
      site_id: collection === 'sites' ? doc['id'] : typeof doc['siteId'] === 'string' ? doc['siteId'] : null,
      doc,
    }));
    await tx.query(
      `insert into records (collection, id, division_code, site_id, doc, received_at)
       select $1, x.id, x.division_code, x.site_id, x.doc, $2
       from jsonb_to_recordset($3::jsonb) as x(id text, division_code text, site_id text, doc jsonb)
       on conflict (collection, id) do update set doc = excluded.doc, division_code = excluded.division_code,
         site_id = excluded.site_id, received_at = excluded.received_at, tx = pg_current_xact_id(),
         deleted = false`,
      [collection, now, JSON.stringify(payload)],
    );
  }
  return { created, updated, unchanged };
}

/** Reads platform records of a collection (optionally one site's), for jobs and the read API. */
export async function readRecords<T = Record<string, unknown>>(
  tx: Tx,
  collection: CollectionName,
  filter: { siteId?: string; limit?: number } = {},
): Promise<T[]> {
  const { rows } = await tx.query<{ doc: T }>(
    `select doc from records where collection = $1 and ($2::text is null or site_id = $2)
     order by seq desc limit $3`,
    [collection, filter.siteId ?? null, filter.limit ?? 1_000_000],
  );
  return rows.map((r) => r.doc);
}
