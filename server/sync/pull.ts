import type { CollectionName } from '../../shared/domain/index';
import type { Checkpoint, PullResponse, WireDocument } from '../../shared/sync/index';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';

type Row = { tx: string; seq: number; doc: Record<string, unknown>; deleted: boolean };

/**
 * One pull batch: the rows of a collection after the checkpoint, inside the caller's region, in
 * write order. Only rows of transactions older than every transaction still running are served, so
 * a slow push that commits later can never slip behind a checkpoint a device already holds.
 */
export async function pullBatch(
  db: Database,
  scope: string,
  collection: CollectionName,
  checkpoint: Checkpoint,
  limit: number,
): Promise<PullResponse> {
  const { rows } = await scoped(db, scope, (tx) =>
    tx.query<Row>(
      `select tx::text as tx, seq, doc, deleted from records
       where collection = $1 and (tx, seq) > ($2::xid8, $3::bigint)
         and tx < pg_snapshot_xmin(pg_current_snapshot())
         and ($5 = 'all' or left(division_code, length($5)) = $5)
       order by tx, seq
       limit $4`,
      [collection, checkpoint.tx, checkpoint.seq, limit, scope],
    ),
  );
  const last = rows[rows.length - 1];
  const documents: WireDocument[] = rows.map((row) => ({
    ...(row.doc as { id: string }),
    _deleted: row.deleted,
  }));
  return { documents, checkpoint: last === undefined ? checkpoint : { tx: last.tx, seq: Number(last.seq) } };
}
