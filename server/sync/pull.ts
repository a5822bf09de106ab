import { isCollectionName, type CollectionName } from '#shared/domain/index';
import type { Checkpoint, PullCounts, PullResponse, WireDocument } from '#shared/sync/index';
import type { Database } from '../db/database';
import { scoped, type Tx } from '../db/scoped';

type Row = { seq: number; doc: Record<string, unknown>; deleted: boolean };

/**
 * A pull walks the `(collection, seq)` index in order and stops after `limit` rows. The planner
 * misjudges the region conditions (its own and row-level security's, `left(division_code, …)`) as
 * matching about one row, and so chose a bitmap scan of the whole collection plus a sort — every
 * page read every row of the collection (measured on a 20,000-site province: 0.3 s a page of 500 for
 * `site_health`, whatever the checkpoint). Bitmap scans are off for the pull's transaction only.
 */
const pullSettings = { enable_bitmapscan: 'off' } as const;

/**
 * One pull batch: the rows of a collection after the checkpoint, inside the caller's region, in
 * write order. The write sequence follows commit order in this database (migration 005): a slow push
 * that commits later always gets a larger `seq` than every row already served, so it can never slip
 * behind a checkpoint a device holds — and no transaction outside the service's writes, in this
 * database or another of the cluster, holds a pull back.
 *
 * Checkpoints are `{ tx: '0', seq }`. A checkpoint from before (a transaction id in `tx`) is carried
 * over to the lowest `seq` it had not yet been served; the device may get a few rows again, never
 * fewer.
 */
export async function pullBatch(
  db: Database,
  scope: string,
  collection: CollectionName,
  checkpoint: Checkpoint,
  limit: number,
): Promise<PullResponse> {
  const { rows, after } = await scoped(
    db,
    scope,
    async (tx) => {
      const from = checkpoint.tx === '0' ? checkpoint.seq : await carriedOver(tx, collection, checkpoint);
      const batch = await tx.query<Row>(
        `select seq, doc, deleted from records
       where collection = $1 and seq > $2
         and ($4 = 'all' or left(division_code, length($4)) = $4)
       order by seq
       limit $3`,
        [collection, from, limit, scope],
      );
      return { rows: batch.rows, after: from };
    },
    pullSettings,
  );
  const last = rows[rows.length - 1];
  const documents: WireDocument[] = rows.map((row) => ({
    ...(row.doc as { id: string }),
    _deleted: row.deleted,
  }));
  return { documents, checkpoint: { tx: '0', seq: last === undefined ? after : Number(last.seq) } };
}

/** A pull batch as the JSON text of its `PullResponse`, with how many documents it holds. */
export type PullText = { readonly json: string; readonly count: number };

/**
 * The same batch as `pullBatch`, same rows and same checkpoint, answered as JSON text built by the
 * database: each record's stored text with its deletion flag, joined in write order into one string
 * in one row. The service neither parses nor re-serialises a record on the way — on a first pull
 * (a province of ~100,000 records) that parse + stringify, row by row through the driver, was most of
 * the pull's time. Only for devices that store the current schema version (see `downgradeDocuments`).
 */
export async function pullBatchText(
  db: Database,
  scope: string,
  collection: CollectionName,
  checkpoint: Checkpoint,
  limit: number,
): Promise<PullText> {
  return scoped(
    db,
    scope,
    async (tx) => {
      const from = checkpoint.tx === '0' ? checkpoint.seq : await carriedOver(tx, collection, checkpoint);
      const { rows } = await tx.query<{ count: number; last: string | number | null; docs: string | null }>(
        `with batch as (
         select seq, doc, deleted from records
         where collection = $1 and seq > $2
           and ($4 = 'all' or left(division_code, length($4)) = $4)
         order by seq
         limit $3)
       select count(*)::int as count, max(seq) as last,
              string_agg((doc || jsonb_build_object('_deleted', deleted))::text, ',' order by seq) as docs
       from batch`,
        [collection, from, limit, scope],
      );
      const row = rows[0];
      const count = row?.count ?? 0;
      const seq = row?.last === null || row?.last === undefined ? from : Number(row.last);
      const json = `{"documents":[${row?.docs ?? ''}],"checkpoint":${JSON.stringify({ tx: '0', seq })}}`;
      return { json, count };
    },
    pullSettings,
  );
}

/**
 * How many live (not deleted) records of each collection the caller's region holds now: what a new
 * laptop's first pull will store, for its progress ("站点 12000 / 20000").
 */
export async function regionCounts(db: Database, scope: string): Promise<PullCounts> {
  const { rows } = await scoped(db, scope, (tx) =>
    tx.query<{ collection: string; count: number }>(
      `select collection, count(*)::int as count from records
       where not deleted and ($1 = 'all' or left(division_code, length($1)) = $1)
       group by collection`,
      [scope],
    ),
  );
  const counts: Record<string, number> = {};
  for (const row of rows) {
    if (isCollectionName(row.collection)) {
      counts[row.collection] = Number(row.count);
    }
  }
  return { counts };
}

/** The write sequence a checkpoint of (transaction id, seq) stands for: below every row after it. */
async function carriedOver(tx: Tx, collection: CollectionName, checkpoint: Checkpoint): Promise<number> {
  const { rows } = await tx.query<{ before: number | null }>(
    `select min(seq) - 1 as before from records where collection = $1 and (tx, seq) > ($2::xid8, $3::bigint)`,
    [collection, checkpoint.tx, checkpoint.seq],
  );
  const before = rows[0]?.before;
  return Math.max(0, Math.min(checkpoint.seq, before ?? checkpoint.seq));
}
