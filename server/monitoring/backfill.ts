import {
  auditFindingEventRecordSchema,
  nameBasedUuid,
  type AuditFindingEventRecord,
  type AuditFindingRecord,
  type DiagnosticSession,
  type Site,
} from '#shared/domain/index';
import { inScope } from '#shared/sync/index';
import { foldAuditFinding, type AuditFindingEvent } from '#shared/verdicts/index';
import type { Database } from '../db/database';
import { lockRecordOrder, scoped, type Tx } from '../db/scoped';
import { applyAuditFindingEvents } from '../sync/audit-events';
import { markAuditDirty } from './audit-dirty';
import { readFindingEvents } from './audit-store';
import { deriveReportCounts } from './derived-counts';

/**
 * 补报 batches on the service. A laptop syncs a batch as diagnostic sessions with a `backfill` part
 * (append-only; the push stores each once). Each new part is ingested here, once (`backfill_parts`
 * keeps which): its values stored as source `backfill` with the batch id (never over what a frame or
 * file said), the site's reporting counts derived again by their one author (`deriveReportCounts`),
 * and each finding the batch answers corrected with a `backfill` correction (with the cause
 * `communication` first when none was recorded), so the incremental audit closes it once its re-audit
 * no longer finds the gap. A part for a site outside the pusher's region is refused by name.
 */
export class BackfillRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackfillRefused';
  }
}

export type BackfillIngestReport = {
  readonly parts: number;
  readonly values: number;
  readonly findingsCorrected: number;
  readonly sites: readonly string[];
};

type SessionRow = { id: string; doc: DiagnosticSession };

const backfillNote = '补报：由终端存储数据恢复 (recovered from the RTU memory)';

function eventsFor(
  session: DiagnosticSession,
  finding: AuditFindingRecord,
  valueCount: number,
  events: readonly AuditFindingEvent[],
): AuditFindingEventRecord[] {
  const b = session.backfill;
  if (b === undefined) {
    return [];
  }
  const state = foldAuditFinding(finding.findingKey, events);
  if (state.status === 'closed' || state.status === 'dismissed' || state.cause === 'genuine_event') {
    return [];
  }
  if (state.corrections.some((c) => c.correction.kind === 'backfill' && c.correction.batchId === b.batchId)) {
    return [];
  }
  const common = {
    findingKey: finding.findingKey,
    siteCode: finding.siteCode,
    divisionCode: finding.divisionCode,
    by: session.operatorId,
    deviceId: session.deviceId,
    operatorId: session.operatorId,
    recordedAt: session.endedAt,
    receivedAt: null,
  };
  const out: AuditFindingEventRecord[] = [];
  if (state.cause === null) {
    out.push({
      ...common,
      id: nameBasedUuid(`backfill-cause:${b.batchId}:${finding.findingKey}`),
      type: 'cause_recorded',
      cause: 'communication',
      note: backfillNote,
      reason: null,
      correction: null,
    });
  }
  out.push({
    ...common,
    id: nameBasedUuid(`backfill:${b.batchId}:${finding.findingKey}`),
    type: 'corrected',
    cause: null,
    note: null,
    reason: `补报 batch ${b.batchId} (${b.part}/${b.parts})`,
    correction: {
      kind: 'backfill',
      batchId: b.batchId,
      from: b.from,
      to: b.to,
      count: Math.max(1, valueCount),
    },
  });
  return out.map((e) => auditFindingEventRecordSchema.parse(e));
}

async function ingestOne(
  tx: Tx,
  row: SessionRow,
  now: number,
): Promise<{ values: number; corrected: number; siteCode: string } | null> {
  const session = row.doc;
  const b = session.backfill;
  if (b === undefined) {
    return null;
  }
  const { rows: sites } = await tx.query<{ doc: Site; division_code: string }>(
    `select doc, division_code from records where collection = 'sites' and id = $1 and not deleted`,
    [session.siteId],
  );
  const site = sites[0]?.doc;
  if (site === undefined) {
    throw new BackfillRefused(
      `补报 batch ${b.batchId}: site ${session.siteId} is not a site of your region (diagnostic session ${session.id})`,
    );
  }
  const { rows: claimed } = await tx.query<{ session_id: string }>(
    `insert into backfill_parts (session_id, batch_id, part, parts, site_code, division_code, protocol,
       window_from, window_to, frames, values_stored, ingested_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11)
     on conflict (session_id) do nothing returning session_id`,
    [
      session.id,
      b.batchId,
      b.part,
      b.parts,
      site.code,
      site.divisionCode,
      b.protocol,
      b.from,
      b.to,
      b.frames.length,
      now,
    ],
  );
  if (claimed.length === 0) {
    return null; // ingested before: a repeated push changes nothing
  }
  const vs = b.values;
  const { rows: inserted } = await tx.query<{ n: number }>(
    `with i as (
       insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code, batch_id)
       select $1, e, t, v, null, 'backfill', $5, $6, $7
       from unnest($2::text[], $3::bigint[], $4::float8[]) as u(e, t, v)
       on conflict (site_code, element, time, source) do nothing
       returning 1)
     select count(*)::int as n from i`,
    [
      site.code,
      vs.map((v) => v.element),
      vs.map((v) => v.time),
      vs.map((v) => v.value),
      now,
      site.divisionCode,
      b.batchId,
    ],
  );
  const stored = Number(inserted[0]?.n ?? 0);
  await tx.query(`update backfill_parts set values_stored = $2 where session_id = $1`, [session.id, stored]);
  if (vs.length > 0) {
    await markAuditDirty(
      tx,
      [{ siteCode: site.code, divisionCode: site.divisionCode, time: Math.min(...vs.map((v) => v.time)) }],
      now,
    );
  }
  const corrected = await correctFindings(tx, session, site, vs.length, now);
  return { values: stored, corrected, siteCode: site.code };
}

/** The batch's findings of the session's site: a `backfill` correction each (once per batch). */
async function correctFindings(
  tx: Tx,
  session: DiagnosticSession,
  site: Site,
  valueCount: number,
  now: number,
): Promise<number> {
  const keys = session.backfill?.findingKeys ?? [];
  if (keys.length === 0) {
    return 0;
  }
  const { rows } = await tx.query<{ doc: AuditFindingRecord }>(
    `select doc from records where collection = 'audit_findings' and not deleted
       and doc ->> 'findingKey' = any($1::text[]) and doc ->> 'siteCode' = $2`,
    [keys, site.code],
  );
  // A key the site does not hold (withdrawn since, or another site's) answers nothing: the values
  // are stored all the same, and the audit judges them like any other.
  const findings = new Map(rows.map((r) => [r.doc.findingKey, r.doc]));
  const events = await readFindingEvents(tx, keys);
  const fresh = [...findings.values()].flatMap((f) =>
    eventsFor(session, f, valueCount, events.get(f.findingKey) ?? []),
  );
  if (fresh.length === 0) {
    return 0;
  }
  const withReceipt = fresh.map((e) => ({ ...e, receivedAt: now }));
  await lockRecordOrder(tx);
  const { rows: inserted } = await tx.query<{ id: string }>(
    `insert into records (collection, id, division_code, site_id, doc, received_at, device_id)
     select 'audit_finding_events', x.doc ->> 'id', x.doc ->> 'divisionCode', $2, x.doc, $3, $4
     from jsonb_to_recordset($1::jsonb) as x(doc jsonb)
     on conflict (collection, id) do nothing
     returning id`,
    [JSON.stringify(withReceipt.map((doc) => ({ doc }))), site.id, now, session.deviceId],
  );
  const applied = withReceipt.filter((e) => inserted.some((r) => r.id === e.id));
  await applyAuditFindingEvents(tx, applied, findings, now);
  return applied.filter((e) => e.type === 'corrected').length;
}

/**
 * Ingests the diagnostic sessions `ids` that carry a 补报 part and were not ingested yet, in the
 * pusher's region (`scope`), then derives the counts of the sites they filled. All parts of one call
 * in one transaction: a refused part stores nothing of the call.
 */
export async function ingestBackfillSessions(
  db: Database,
  ids: readonly string[],
  scope: string,
  now: number,
): Promise<BackfillIngestReport> {
  if (ids.length === 0) {
    return { parts: 0, values: 0, findingsCorrected: 0, sites: [] };
  }
  const result = await scoped(db, scope, async (tx) => {
    const { rows } = await tx.query<SessionRow>(
      `select id, doc from records where collection = 'diagnostic_sessions' and id = any($1::text[])
         and doc ? 'backfill' order by id`,
      [ids],
    );
    let parts = 0;
    let values = 0;
    let corrected = 0;
    const sites = new Set<string>();
    for (const row of rows) {
      if (!inScope(row.doc.divisionCode, scope)) {
        throw new BackfillRefused(
          `补报 batch ${row.doc.backfill?.batchId}: division ${row.doc.divisionCode} is outside your region ${scope}`,
        );
      }
      const done = await ingestOne(tx, row, now);
      if (done !== null) {
        parts += 1;
        values += done.values;
        corrected += done.corrected;
        sites.add(done.siteCode);
      }
    }
    return { parts, values, findingsCorrected: corrected, sites: [...sites] };
  });
  if (result.sites.length > 0) {
    await deriveReportCounts(db, result.sites, now, scope);
  }
  return result;
}

/** Sessions with a 补报 part that no ingest took yet (a crash between the push and its ingest). */
export async function pendingBackfillSessions(db: Database, limit = 100): Promise<string[]> {
  const { rows } = await scoped(db, 'all', (tx) =>
    tx.query<{ id: string }>(
      `select r.id from records r where r.collection = 'diagnostic_sessions' and r.doc ? 'backfill'
         and not exists (select 1 from backfill_parts p where p.session_id = r.id)
       order by r.received_at limit $1`,
      [limit],
    ),
  );
  return rows.map((r) => r.id);
}
