import { idPattern, type CollectionName } from '#shared/domain/index';
import {
  changedFields,
  jsonEqual,
  mayCreateReference,
  mayEdit,
  referenceStampedFields,
  threeWayMerge,
  type WireDocument,
} from '#shared/sync/index';
import { newId } from '../auth/secrets';
import type { Tx } from '../db/scoped';
import { invalidIdMessage, type Checked, type Doc, type PushContext, type Sinks } from './push-context';

// Reference records (sites, equipment, users, permits…): compare-and-set against the state the
// device assumed; a concurrent change merges field by field, an overlapping one goes to review.

export async function pushReference(
  tx: Tx,
  ctx: PushContext,
  item: Checked,
  sinks: Sinks & { conflicts: WireDocument[]; review: { id: string; reviewId: string }[] },
): Promise<void> {
  const { role } = ctx.principal;
  const { rows } = await tx.query<{ doc: Doc }>(
    'select doc from records where collection = $1 and id = $2 for update',
    [ctx.collection, item.id],
  );
  const current = rows[0]?.doc ?? null;
  const stamp = (doc: Record<string, unknown>) => ({ ...doc, updatedAt: ctx.now }) as unknown as Doc;

  if (current === null) {
    if (!mayCreateReference(role)) {
      sinks.reject(
        item.id,
        'forbidden',
        `${ctx.collection} ${item.id}: only the platform creates ${ctx.collection} records`,
      );
      return;
    }
    // An id the app does not make names no record of this region (row-level security hides the
    // others): refused the same way whether or not another region holds it.
    if (!idPattern.test(item.id)) {
      sinks.reject(item.id, 'invalid-id', invalidIdMessage(ctx.collection, item.id));
      return;
    }
    const created = await tx.query<{ id: string }>(
      `insert into records (collection, id, division_code, site_id, doc, received_at, device_id)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (collection, id) do nothing returning id`,
      [
        ctx.collection,
        item.id,
        item.record.divisionCode,
        siteIdOf(ctx.collection, item.record),
        JSON.stringify(stamp(item.record)),
        ctx.now,
        ctx.principal.deviceId,
      ],
    );
    if (created.rows.length === 0) {
      // The id is held outside the region. The answer is the one a fresh id gets, so a push cannot
      // learn that the id exists; the pushed record is kept on record, in the pusher's region.
      await tx.query(
        `insert into push_rejections (collection, record_id, division_code, device_id, code, message, doc, at)
         values ($1, $2, $3, $4, 'forbidden', $5, $6, $7)`,
        [
          ctx.collection,
          item.id,
          item.record.divisionCode,
          ctx.principal.deviceId,
          `${ctx.collection} ${item.id}: the id is held by a record outside the pushing device's region`,
          JSON.stringify(item.record),
          ctx.now,
        ],
      );
      sinks.accepted.push(item.id);
      return;
    }
    sinks.accepted.push(item.id);
    sinks.divisions.add(item.record.divisionCode);
    return;
  }

  const ignore = [...referenceStampedFields];
  let next: Record<string, unknown>;
  let edited: readonly string[];
  if (item.assumed !== null && jsonEqual(item.assumed, current)) {
    next = item.record;
    edited = changedFields(current, item.record, ignore);
  } else if (item.assumed === null) {
    // The device holds a copy it never pulled from here (e.g. its built-in demo data): not an edit of
    // this record, so the service's state stands and the device takes it; nothing goes to review.
    if (changedFields(current, item.record, ignore).length > 0) {
      sinks.conflicts.push({ ...current, _deleted: false });
    } else {
      sinks.accepted.push(item.id);
    }
    return;
  } else {
    const merged = threeWayMerge(item.assumed, item.record, current, ignore);
    if (merged.kind === 'overlap') {
      const reviewId = await recordReview(tx, ctx, item, current, merged.fields);
      sinks.conflicts.push({ ...current, _deleted: false });
      sinks.review.push({ id: item.id, reviewId });
      return;
    }
    next = merged.doc;
    edited = merged.changed;
  }
  const refused = edited.filter((field) => !mayEdit(role, ctx.collection, field));
  if (refused.length > 0) {
    sinks.reject(
      item.id,
      'forbidden-field',
      `${ctx.collection} ${item.id}: a ${role} may not change ${refused.join(', ')}; propose a base-data correction instead`,
    );
    return;
  }
  if (edited.length === 0) {
    sinks.accepted.push(item.id);
    return;
  }
  const doc = stamp(next);
  await tx.query(
    `update records set doc = $3, division_code = $4, site_id = $5, tx = pg_current_xact_id(),
       received_at = $6, device_id = $7
     where collection = $1 and id = $2`,
    [
      ctx.collection,
      item.id,
      JSON.stringify(doc),
      doc.divisionCode,
      siteIdOf(ctx.collection, doc),
      ctx.now,
      ctx.principal.deviceId,
    ],
  );
  sinks.accepted.push(item.id);
  sinks.divisions.add(doc.divisionCode);
  sinks.divisions.add(current.divisionCode);
}

function siteIdOf(collection: CollectionName, doc: Doc): string | null {
  if (collection === 'sites') {
    return doc.id;
  }
  return typeof doc['siteId'] === 'string' ? doc['siteId'] : null;
}

async function recordReview(
  tx: Tx,
  ctx: PushContext,
  item: Checked,
  current: Doc,
  fields: readonly string[],
): Promise<string> {
  // A device that retries the same push must not fill the list with copies of one proposal.
  const { rows } = await tx.query<{ id: string; proposed: Doc }>(
    `select id, proposed from review_items
     where collection = $1 and record_id = $2 and device_id = $3 and status = 'open'`,
    [ctx.collection, item.id, ctx.principal.deviceId],
  );
  const same = rows.find((r) => jsonEqual(r.proposed, item.record));
  if (same !== undefined) {
    return same.id;
  }
  const id = newId('rev');
  await tx.query(
    `insert into review_items (id, collection, record_id, division_code, device_id, operator_id, fields, base,
       proposed, current, status, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11)`,
    [
      id,
      ctx.collection,
      item.id,
      current.divisionCode,
      ctx.principal.deviceId,
      ctx.principal.username,
      JSON.stringify(fields),
      item.assumed === null ? null : JSON.stringify(item.assumed),
      JSON.stringify(item.record),
      JSON.stringify(current),
      ctx.now,
    ],
  );
  return id;
}
