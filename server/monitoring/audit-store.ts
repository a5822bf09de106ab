import {
  type auditFindingEventsCollection,
  auditFindingId,
  type auditFindingsCollection,
  toAuditFindingEvent,
  validateRecord,
  type AuditFindingEventRecord,
  type AuditFindingRecord,
  type CollectionSpec,
} from '#shared/domain/index';
import {
  auditFindingKey,
  type AuditFinding,
  type AuditFindingEvent,
  type AuditFindingStatus,
} from '#shared/verdicts/index';
import { lockRecordOrder, type Tx } from '../db/scoped';

/**
 * Findings and their handling events as the service stores them: records of `audit_findings` (one per
 * finding key, under the UUID derived from it) and `audit_finding_events`, in `records` like every
 * synced collection, so the region's row-level security and the write order pulls page by hold for
 * them too. Every record is checked against its collection's schema before it is written.
 */

export type StoredFinding = AuditFindingRecord & { readonly deleted: boolean };

/** The record of a finding as judged now (its first detection kept). */
export function findingRecord(
  f: AuditFinding,
  site: { readonly id: string; readonly divisionCode: string },
  status: AuditFindingStatus,
  detectedAt: number,
  now: number,
): AuditFindingRecord {
  const findingKey = auditFindingKey(f);
  return {
    id: auditFindingId(findingKey),
    findingKey,
    siteId: site.id,
    siteCode: f.siteCode,
    divisionCode: site.divisionCode as AuditFindingRecord['divisionCode'],
    element: f.element,
    rule: f.rule,
    from: f.from,
    to: f.to,
    evidence: {
      values: f.evidence.values.map((p) => ({ time: p.time, value: p.value })),
      count: f.evidence.count,
      measures: { ...f.evidence.measures },
    },
    parameters: { ...f.parameters },
    ongoing: f.ongoing,
    status,
    detectedAt,
    updatedAt: now,
  };
}

/** Whether two records say the same (their times of writing aside). */
export function sameFinding(a: AuditFindingRecord, b: AuditFindingRecord): boolean {
  const strip = (r: AuditFindingRecord) => JSON.stringify({ ...r, updatedAt: 0 });
  return strip(a) === strip(b);
}

/** The stored findings of the sites (withdrawn ones included, flagged), by site code. */
export async function readStoredFindings(
  tx: Tx,
  siteCodes: readonly string[],
): Promise<Map<string, StoredFinding[]>> {
  const bySite = new Map<string, StoredFinding[]>();
  if (siteCodes.length === 0) {
    return bySite;
  }
  const { rows } = await tx.query<{ doc: AuditFindingRecord; deleted: boolean }>(
    `select doc, deleted from records where collection = 'audit_findings' and doc ->> 'siteCode' = any($1::text[])`,
    [siteCodes],
  );
  for (const r of rows) {
    const list = bySite.get(r.doc.siteCode) ?? [];
    list.push({ ...r.doc, deleted: r.deleted });
    bySite.set(r.doc.siteCode, list);
  }
  return bySite;
}

/** The stored handling events of the findings, by finding key (as the fold reads them). */
export async function readFindingEvents(
  tx: Tx,
  findingKeys: readonly string[],
): Promise<Map<string, AuditFindingEvent[]>> {
  const byKey = new Map<string, AuditFindingEvent[]>();
  if (findingKeys.length === 0) {
    return byKey;
  }
  const { rows } = await tx.query<{ doc: AuditFindingEventRecord }>(
    `select doc from records where collection = 'audit_finding_events' and doc ->> 'findingKey' = any($1::text[])`,
    [findingKeys],
  );
  for (const r of rows) {
    const list = byKey.get(r.doc.findingKey) ?? [];
    list.push(toAuditFindingEvent(r.doc));
    byKey.set(r.doc.findingKey, list);
  }
  return byKey;
}

type Put = {
  readonly doc: { readonly id: string; readonly divisionCode: string };
  readonly siteId: string | null;
};

/**
 * Writes records of one of the two audit collections (insert or replace by id; `deleted` withdraws a
 * finding), validated first; takes the record-order lock before the first row.
 */
export async function putAuditRecords(
  tx: Tx,
  spec: typeof auditFindingsCollection | typeof auditFindingEventsCollection,
  records: readonly Put[],
  now: number,
  deleted = false,
): Promise<void> {
  if (records.length === 0) {
    return;
  }
  for (const r of records) {
    const valid = validateRecord(spec as CollectionSpec, r.doc);
    if (!valid.ok) {
      throw new Error(`platform write refused: ${valid.message}`);
    }
  }
  await lockRecordOrder(tx);
  for (let i = 0; i < records.length; i += 500) {
    const payload = records.slice(i, i + 500).map((r) => ({
      id: r.doc.id,
      division_code: r.doc.divisionCode,
      site_id: r.siteId,
      doc: r.doc,
    }));
    await tx.query(
      `insert into records (collection, id, division_code, site_id, doc, received_at, deleted)
       select $1, x.id, x.division_code, x.site_id, x.doc, $2, $4
       from jsonb_to_recordset($3::jsonb) as x(id text, division_code text, site_id text, doc jsonb)
       on conflict (collection, id) do update set doc = excluded.doc, division_code = excluded.division_code,
         site_id = excluded.site_id, received_at = excluded.received_at, tx = pg_current_xact_id(),
         deleted = excluded.deleted`,
      [spec.name, now, JSON.stringify(payload), deleted],
    );
  }
}
