import { collections, idPattern, validateRecord, type CollectionSpec } from '#shared/domain/index';
import {
  changedFields,
  inScope,
  sameEventContent,
  strip,
  type PushResponse,
  type PushRow,
  type RowRejection,
  type WireDocument,
} from '#shared/sync/index';
import type { Reading } from '#shared/domain/index';
import { lockRecordOrder, scoped, scopedStatement, type Tx } from '../db/scoped';
import { changesSwaps, markSwapSitesDirty } from '../monitoring/audit-swaps';
import { calibratedInstruments } from './calibration-instruments';
import { deviceFaultEvents, reviewerPatrolEvents } from './fault-authorship';
import { pushReference } from './push-reference';
import { invalidIdMessage, type Checked, type Doc, type PushContext, type Sinks } from './push-context';
import { unstorableTextPath } from './storable-text';

/**
 * A push's statements are the same every time but for their values. PostgreSQL planned them afresh on
 * every call (custom plans: about 0.1 ms of its CPU per push) although the generic plan is the same
 * primary-key lookups; it is kept instead.
 */
const pushSettings = { plan_cache_mode: 'force_generic_plan' } as const;

/**
 * Applies one pushed batch in one transaction. Events: insert if new; the same id with the same
 * content is acknowledged again; with other content it is refused (and kept on record). Reference
 * records: compare-and-set against the state the device assumed; a concurrent change merges field by
 * field, and an overlapping one goes to the review list — it is never overwritten nor dropped.
 */
export async function applyPush(
  ctx: PushContext,
  rows: readonly PushRow[],
): Promise<PushResponse & { divisions: string[] }> {
  const spec = collections[ctx.collection] as CollectionSpec;
  const rejected: RowRejection[] = [];
  let checked: Checked[] = [];
  const reject = (id: string, code: RowRejection['code'], message: string) =>
    rejected.push({ id, code, message });

  for (const row of rows) {
    const { newDocumentState: next, assumedMasterState: assumed } = row;
    if (next._deleted) {
      reject(next.id, 'forbidden', `${ctx.collection} ${next.id}: records are never deleted from a device`);
      continue;
    }
    // Text PostgreSQL cannot keep (NUL, half a surrogate pair) refuses this row alone, for good.
    const badText = unstorableTextPath(next) ?? unstorableTextPath(assumed);
    if (badText !== null) {
      reject(
        next.id,
        'unstorable-text',
        `${ctx.collection} ${next.id}: ${badText} holds a NUL character or half of a surrogate pair, which cannot be stored; change the text and save again`,
      );
      continue;
    }
    // Events are made on devices only, always under an id the app makes (a UUID). Reference records
    // may carry the platform's ids; those are checked against what the region holds (pushReference).
    if (spec.kind === 'event' && !idPattern.test(next.id)) {
      reject(next.id, 'invalid-id', invalidIdMessage(ctx.collection, next.id));
      continue;
    }
    // The service stamps receipt time; whatever the device sent there is not kept.
    const record = strip(next, ['_deleted']);
    if (spec.kind === 'event') {
      record['receivedAt'] = null;
    }
    const valid = validateRecord(spec, record);
    if (!valid.ok) {
      reject(next.id, 'invalid-body', valid.message);
      continue;
    }
    const doc = valid.value as Doc;
    if (!inScope(doc.divisionCode, ctx.principal.scope)) {
      reject(
        doc.id,
        'forbidden',
        `${ctx.collection} ${doc.id}: division ${doc.divisionCode} is outside your region ${ctx.principal.scope}`,
      );
      continue;
    }
    checked.push({
      id: doc.id,
      record: doc,
      assumed: assumed === null ? null : (strip(assumed, ['_deleted']) as Doc),
    });
  }

  if (ctx.collection === 'fault_events') {
    checked = await deviceFaultEvents(ctx, checked, reject);
  }
  if (ctx.collection === 'patrol_events') {
    checked = reviewerPatrolEvents(ctx, checked, reject);
    checked = await calibratedInstruments(ctx, checked, reject);
  }

  const accepted: string[] = [];
  const conflicts: WireDocument[] = [];
  const review: { id: string; reviewId: string }[] = [];
  const divisions = new Set<string>();

  if (spec.kind === 'event' && ctx.hooks?.beforeCommit === undefined) {
    // Events go in with one round trip. A fault test that stops a push just before its commit takes
    // the transaction below instead, with the same statements.
    await pushEvents(null, ctx, checked, { accepted, reject, divisions });
    const swaps = swapReadings(ctx, checked, accepted);
    if (swaps.length > 0) {
      await scoped(ctx.db, ctx.principal.scope, (tx) => markSwapSitesDirty(tx, swaps, ctx.now));
    }
    return { accepted, conflicts, review, rejected, receivedAt: ctx.now, divisions: [...divisions] };
  }
  await scoped(
    ctx.db,
    ctx.principal.scope,
    async (tx) => {
      if (spec.kind === 'event') {
        await pushEvents(tx, ctx, checked, { accepted, reject, divisions });
        await markSwapSitesDirty(tx, swapReadings(ctx, checked, accepted), ctx.now);
      } else {
        // Reference rows are locked (for update) before they are written: the record-order lock first.
        await lockRecordOrder(tx);
        const known = await knownSites(tx, siteIdsOf(ctx, checked));
        for (const item of checked) {
          if (siteMatches(ctx, item.record, known, reject)) {
            await pushReference(tx, ctx, item, { accepted, conflicts, review, reject, divisions });
          }
        }
      }
      await ctx.hooks?.beforeCommit?.(ctx.collection);
    },
    pushSettings,
  );
  return { accepted, conflicts, review, rejected, receivedAt: ctx.now, divisions: [...divisions] };
}

/** Accepted readings that may change a site's meter swaps (the audit judges its counter again). */
function swapReadings(ctx: PushContext, checked: readonly Checked[], accepted: readonly string[]): Reading[] {
  if (ctx.collection !== 'readings') {
    return [];
  }
  const ids = new Set(accepted);
  return checked
    .filter((c) => ids.has(c.id))
    .map((c) => c.record as unknown as Reading)
    .filter(changesSwaps);
}

function siteIdOfRecord(ctx: PushContext, record: Doc): string | null {
  return ctx.collection === 'sites' ? null : typeof record['siteId'] === 'string' ? record['siteId'] : null;
}

function siteIdsOf(ctx: PushContext, items: readonly Checked[]): string[] {
  return [...new Set(items.map((c) => siteIdOfRecord(ctx, c.record)).filter((s): s is string => s !== null))];
}

/** Site id → division of the sites the caller's region holds among `siteIds`. */
async function knownSites(tx: Tx, siteIds: readonly string[]): Promise<Map<string, string>> {
  if (siteIds.length === 0) {
    return new Map();
  }
  // `id = any(array)` keeps the primary-key lookup under row-level security; a join against a
  // set-returning function made PostgreSQL filter every site of the collection by the policy first.
  const { rows } = await tx.query<{ id: string; division_code: string }>(
    `select id, division_code from records where collection = 'sites' and id = any($1::text[])`,
    [siteIds],
  );
  return new Map(rows.map((row) => [row.id, row.division_code]));
}

/** Every record that names a site must name a site of the caller's region, in the same division. */
function siteMatches(
  ctx: PushContext,
  record: Doc,
  known: ReadonlyMap<string, string>,
  reject: (id: string, code: RowRejection['code'], message: string) => void,
): boolean {
  const siteId = siteIdOfRecord(ctx, record);
  if (siteId === null) {
    return true;
  }
  const division = known.get(siteId);
  if (division === undefined) {
    reject(
      record.id,
      'forbidden',
      `${ctx.collection} ${record.id}: site ${siteId} is not a site of your region ${ctx.principal.scope}`,
    );
    return false;
  }
  if (division !== record.divisionCode) {
    reject(
      record.id,
      'invalid-body',
      `${ctx.collection} ${record.id}: divisionCode ${record.divisionCode} does not match site ${siteId} (${division})`,
    );
    return false;
  }
  return true;
}

// One statement: the caller's sites the batch names (row-level security hides the rest) and the
// insert of the records whose site is one of them, in its division.
const eventInsertSql = `with known as (
       select id, division_code from records where collection = 'sites' and id = any($5::text[])
     ), inserted as (
       insert into records (collection, id, division_code, site_id, doc, received_at, device_id)
       select $1, x.doc ->> 'id', x.doc ->> 'divisionCode', x.doc ->> 'siteId', x.doc, $2, $3
       from jsonb_array_elements($4::jsonb) as x(doc)
       where x.doc ->> 'siteId' is null
          or exists (
            select 1 from known k where k.id = x.doc ->> 'siteId' and k.division_code = x.doc ->> 'divisionCode'
          )
       on conflict (collection, id) do nothing
       returning id, division_code
     )
     select 'site' as kind, id, division_code from known
     union all
     select 'inserted', id, division_code from inserted`;

type InsertRow = { kind: 'site' | 'inserted'; id: string; division_code: string };

/**
 * Inserts a batch of events. With `tx` null the insert is a statement of its own (one round trip),
 * and a batch that also holds ids already stored, or an id twice, is judged in a transaction after.
 */
async function pushEvents(
  tx: Tx | null,
  ctx: PushContext,
  items: readonly Checked[],
  sinks: Sinks,
): Promise<void> {
  // Within one batch the first copy of an id counts; later copies are compared with it.
  const first = new Map<string, Doc>();
  const repeats: Checked[] = [];
  for (const item of items) {
    if (first.has(item.id)) {
      repeats.push(item);
    } else {
      first.set(item.id, { ...item.record, receivedAt: ctx.now });
    }
  }
  const params = [
    ctx.collection,
    ctx.now,
    ctx.principal.deviceId,
    JSON.stringify([...first.values()]),
    siteIdsOf(ctx, items),
  ];
  const { rows } =
    tx === null
      ? await scopedStatement<InsertRow>(ctx.db, ctx.principal.scope, eventInsertSql, params, pushSettings)
      : await tx.query<InsertRow>(eventInsertSql, params);
  const known = new Map<string, string>();
  const inserted = new Set<string>();
  for (const row of rows) {
    if (row.kind === 'site') {
      known.set(row.id, row.division_code);
    } else {
      inserted.add(row.id);
      sinks.divisions.add(row.division_code);
    }
  }
  const refused = new Set<string>();
  for (const [id, doc] of first) {
    if (!inserted.has(id) && !siteMatches(ctx, doc, known, sinks.reject)) {
      refused.add(id);
    }
  }
  const existingIds = [...first.keys()].filter((id) => !inserted.has(id) && !refused.has(id));
  if (existingIds.length === 0 && repeats.length === 0) {
    for (const id of first.keys()) {
      if (inserted.has(id)) {
        sinks.accepted.push(id);
      }
    }
    return;
  }
  const judge = (on: Tx) =>
    judgeRepeats(on, ctx, { first, repeats, inserted, refused, known, existingIds }, sinks);
  await (tx === null ? scoped(ctx.db, ctx.principal.scope, judge) : judge(tx));
}

/** Ids already stored (from an earlier push) or repeated within the batch: same content or refused. */
async function judgeRepeats(
  tx: Tx,
  ctx: PushContext,
  batch: {
    first: ReadonlyMap<string, Doc>;
    repeats: readonly Checked[];
    inserted: ReadonlySet<string>;
    refused: ReadonlySet<string>;
    known: ReadonlyMap<string, string>;
    existingIds: readonly string[];
  },
  sinks: Sinks,
): Promise<void> {
  const existing = new Map<string, Doc>();
  if (batch.existingIds.length > 0) {
    const { rows } = await tx.query<{ id: string; doc: Doc }>(
      `select id, doc from records where collection = $1 and id = any($2::text[])`,
      [ctx.collection, batch.existingIds],
    );
    for (const row of rows) {
      existing.set(row.id, row.doc);
    }
  }
  const compare = async (id: string, doc: Doc, stored: Doc | undefined) => {
    if (stored === undefined) {
      // The id is held by a record of another region (row-level security hides it). The answer is the
      // one a fresh id gets, so a push cannot learn that the id exists; the pushed record is not stored
      // under it but kept on record, in the pusher's region, for an operator.
      sinks.accepted.push(id);
      await tx.query(
        `insert into push_rejections (collection, record_id, division_code, device_id, code, message, doc, at)
         values ($1, $2, $3, $4, 'forbidden', $5, $6, $7)`,
        [
          ctx.collection,
          id,
          doc.divisionCode,
          ctx.principal.deviceId,
          `${ctx.collection} ${id}: the id is held by a record outside the pushing device's region`,
          JSON.stringify(doc),
          ctx.now,
        ],
      );
    } else if (sameEventContent(stored, doc)) {
      sinks.accepted.push(id);
    } else {
      const fields = changedFields(strip(stored, ['receivedAt']), strip(doc, ['receivedAt']), []);
      const message = `${ctx.collection} ${id} was pushed before with different content (${fields.join(', ')}); events are append-only — record a correction instead`;
      sinks.reject(id, 'event-mismatch', message);
      await tx.query(
        `insert into push_rejections (collection, record_id, division_code, device_id, code, message, doc, at)
         values ($1, $2, $3, $4, 'event-mismatch', $5, $6, $7)`,
        [ctx.collection, id, doc.divisionCode, ctx.principal.deviceId, message, JSON.stringify(doc), ctx.now],
      );
    }
  };
  for (const [id, doc] of batch.first) {
    if (batch.inserted.has(id)) {
      sinks.accepted.push(id);
    } else if (!batch.refused.has(id)) {
      await compare(id, doc, existing.get(id));
    }
  }
  for (const item of batch.repeats) {
    if (siteMatches(ctx, item.record, batch.known, sinks.reject)) {
      await compare(item.id, item.record, batch.first.get(item.id));
    }
  }
}
