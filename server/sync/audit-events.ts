import {
  auditFindingEventsCollection,
  auditFindingsCollection,
  idPattern,
  platformAuditEventTypes,
  validateRecord,
  type AuditFindingEventRecord,
  type AuditFindingRecord,
  type Site,
} from '#shared/domain/index';
import { inScope, sameEventContent, type RowRejection } from '#shared/sync/index';
import type { AuditPullResponse } from '#shared/sync/audit-wire';
import { foldAuditFinding, type AuditFindingEvent } from '#shared/verdicts/index';
import type { Database } from '../db/database';
import { lockRecordOrder, scoped, type Tx } from '../db/scoped';
import { markAuditDirty } from '../monitoring/audit-dirty';
import { putAuditRecords, readFindingEvents } from '../monitoring/audit-store';
import { syncAuditTasks } from '../monitoring/audit-tasks';
import { getPolicy } from '../platform/policy';

/**
 * A crew's handling of data-audit findings, pushed from a laptop (`audit_finding_events`): append-only
 * events, each checked against its collection's schema, then:
 * - `closed` is the platform's verdict after its re-audit; a device never writes it;
 * - an event must name a finding of the device's region, with that finding's site and division. A
 *   finding of another region gets the answer an unknown one gets, so a push cannot tell it exists.
 * Accepted events are folded (`foldAuditFinding`, which orders them and holds back one not valid yet)
 * into the finding's state on its record and its task; a correction with revised values stores them
 * as 补报 values beside the originals (never over them), and a corrected finding's site is marked for
 * re-audit, which closes it once the data passes.
 */
export type AuditPushResult = { readonly accepted: string[]; readonly rejected: RowRejection[] };

export type AuditPusher = { readonly deviceId: string; readonly scope: string };

type Reject = (id: string, code: RowRejection['code'], message: string) => void;

/**
 * Keeps the events a device may write (region, finding, type), refusing the others row by row; the
 * findings they name, by key.
 */
export async function deviceAuditFindingEvents(
  tx: Tx,
  scope: string,
  records: readonly AuditFindingEventRecord[],
  reject: Reject,
): Promise<{ kept: AuditFindingEventRecord[]; findings: Map<string, AuditFindingRecord> }> {
  const typed = records.filter((r) => {
    if (platformAuditEventTypes.includes(r.type)) {
      reject(
        r.id,
        'forbidden',
        `audit_finding_events ${r.id}: a ${r.type} event is the platform's verdict after its re-audit; only the platform writes it`,
      );
      return false;
    }
    if (!inScope(r.divisionCode, scope)) {
      reject(
        r.id,
        'forbidden',
        `audit_finding_events ${r.id}: division ${r.divisionCode} is outside your region ${scope}`,
      );
      return false;
    }
    return true;
  });
  // Under the caller's region (row-level security): a finding elsewhere reads as none.
  const { rows } = await tx.query<{ doc: AuditFindingRecord }>(
    `select doc from records where collection = 'audit_findings' and not deleted and doc ->> 'findingKey' = any($1::text[])
       and ($2 = 'all' or left(division_code, length($2)) = $2)`,
    [[...new Set(typed.map((r) => r.findingKey))], scope],
  );
  const findings = new Map(rows.map((r) => [r.doc.findingKey, r.doc]));
  const kept = typed.filter((r) => {
    const f = findings.get(r.findingKey);
    if (f !== undefined && f.siteCode === r.siteCode && f.divisionCode === r.divisionCode) {
      return true;
    }
    reject(
      r.id,
      'forbidden',
      `audit_finding_events ${r.id}: ${r.findingKey} is not a finding of site ${r.siteCode} in your region ${scope}`,
    );
    return false;
  });
  return { kept, findings };
}

/** Validates, authorizes and stores pushed events, then applies them (see above), in one transaction. */
export async function pushAuditFindingEvents(
  db: Database,
  by: AuditPusher,
  rows: readonly Record<string, unknown>[],
  now: number,
): Promise<AuditPushResult> {
  const accepted: string[] = [];
  const rejected: RowRejection[] = [];
  const reject: Reject = (id, code, message) => rejected.push({ id, code, message });
  const valid: AuditFindingEventRecord[] = [];
  for (const row of rows) {
    const id = typeof row['id'] === 'string' ? row['id'] : '';
    if (!idPattern.test(id)) {
      reject(id, 'invalid-id', `audit_finding_events ${id}: an event id is a UUID the app makes`);
      continue;
    }
    // The service stamps receipt; whatever the device sent there is not kept.
    const parsed = validateRecord(auditFindingEventsCollection, { ...row, receivedAt: null });
    if (!parsed.ok) {
      reject(id, 'invalid-body', parsed.message);
      continue;
    }
    valid.push(parsed.value);
  }
  await scoped(db, by.scope, async (tx) => {
    const { kept, findings } = await deviceAuditFindingEvents(tx, by.scope, valid, reject);
    if (kept.length === 0) {
      return;
    }
    await lockRecordOrder(tx);
    const first = new Map<string, AuditFindingEventRecord>();
    for (const r of kept) {
      if (!first.has(r.id)) {
        first.set(r.id, { ...r, receivedAt: now });
      } else if (!sameEventContent(first.get(r.id) as never, { ...r, receivedAt: now })) {
        reject(
          r.id,
          'event-mismatch',
          `audit_finding_events ${r.id} appears twice in the push with different content`,
        );
      }
    }
    const { rows: inserted } = await tx.query<{ id: string }>(
      `insert into records (collection, id, division_code, site_id, doc, received_at, device_id)
       select 'audit_finding_events', x.doc ->> 'id', x.doc ->> 'divisionCode', x.site_id, x.doc, $2, $3
       from jsonb_to_recordset($1::jsonb) as x(doc jsonb, site_id text)
       on conflict (collection, id) do nothing
       returning id`,
      [
        JSON.stringify(
          [...first.values()].map((doc) => ({ doc, site_id: findings.get(doc.findingKey)?.siteId ?? null })),
        ),
        now,
        by.deviceId,
      ],
    );
    const fresh = new Set(inserted.map((r) => r.id));
    const repeated = [...first.keys()].filter((id) => !fresh.has(id));
    const { rows: stored } = await tx.query<{ id: string; doc: Record<string, unknown> }>(
      `select id, doc from records where collection = 'audit_finding_events' and id = any($1::text[])`,
      [repeated],
    );
    const before = new Map(stored.map((r) => [r.id, r.doc]));
    for (const [id, doc] of first) {
      const old = before.get(id);
      if (fresh.has(id) || (old !== undefined && sameEventContent(old, doc))) {
        accepted.push(id);
      } else {
        reject(
          id,
          old === undefined ? 'forbidden' : 'event-mismatch',
          old === undefined
            ? `audit_finding_events ${id}: the id is held by a record outside your region`
            : `audit_finding_events ${id} was pushed before with different content; events are append-only`,
        );
      }
    }
    const applied = [...first.values()].filter((r) => fresh.has(r.id));
    await applyAuditFindingEvents(tx, applied, findings, now);
  });
  return { accepted, rejected };
}

/**
 * After new events are stored: each finding's state folded again onto its record and its task; the
 * revised values of a correction stored as 补报 values, and a corrected finding's site marked for
 * re-audit from the finding's start.
 */
export async function applyAuditFindingEvents(
  tx: Tx,
  applied: readonly AuditFindingEventRecord[],
  findings: ReadonlyMap<string, AuditFindingRecord>,
  now: number,
): Promise<void> {
  if (applied.length === 0) {
    return;
  }
  const keys = [...new Set(applied.map((e) => e.findingKey))];
  const events = await readFindingEvents(tx, keys);
  const policy = await getPolicy(tx);
  const siteIds = [...new Set(keys.map((k) => findings.get(k)?.siteId ?? ''))];
  const { rows: siteRows } = await tx.query<{ doc: Site }>(
    `select doc from records where collection = 'sites' and id = any($1::text[])`,
    [siteIds],
  );
  const sites = new Map(siteRows.map((r) => [r.doc.id, r.doc]));
  const changed: AuditFindingRecord[] = [];
  const taskItems = [];
  for (const key of keys) {
    const finding = findings.get(key);
    const site = finding === undefined ? undefined : sites.get(finding.siteId);
    if (finding === undefined || site === undefined) {
      continue;
    }
    const state = foldAuditFinding(key, events.get(key) ?? ([] as AuditFindingEvent[]));
    if (state.status !== finding.status) {
      const doc = { ...finding, status: state.status, updatedAt: now };
      changed.push(doc);
      taskItems.push({ record: doc, state, withdrawn: false, site });
    }
  }
  await putAuditRecords(
    tx,
    auditFindingsCollection,
    changed.map((doc) => ({ doc, siteId: doc.siteId })),
    now,
  );
  await syncAuditTasks(tx, taskItems, policy, now);

  const corrections = applied.filter((e) => e.type === 'corrected');
  const revised = corrections.flatMap((e) => {
    const f = findings.get(e.findingKey) as AuditFindingRecord;
    return e.correction?.kind === 'revised_values'
      ? e.correction.values.map((v) => ({ f, time: v.time, value: v.revised }))
      : [];
  });
  if (revised.length > 0) {
    await tx.query(
      `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
       select s, e, t, v, null, 'backfill', $5, d
       from unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $6::text[]) as u(s, e, t, v, d)
       on conflict (site_code, element, time, source) do nothing`,
      [
        revised.map((r) => r.f.siteCode),
        revised.map((r) => r.f.element),
        revised.map((r) => r.time),
        revised.map((r) => r.value),
        now,
        revised.map((r) => r.f.divisionCode),
      ],
    );
  }
  await markAuditDirty(
    tx,
    [
      ...corrections
        .map((e) => findings.get(e.findingKey) as AuditFindingRecord)
        .map((f) => ({
          siteCode: f.siteCode,
          divisionCode: f.divisionCode,
          time: f.from,
        })),
      ...revised.map((r) => ({ siteCode: r.f.siteCode, divisionCode: r.f.divisionCode, time: r.time })),
    ],
    now,
  );
}

/** A page of one audit collection's records after `after` (write order), within the region. */
export async function pullAuditRecords(
  db: Database,
  scope: string,
  collection: 'audit_findings' | 'audit_finding_events',
  after: number,
  limit: number,
): Promise<AuditPullResponse> {
  const { rows } = await scoped(db, scope, (tx) =>
    tx.query<{ seq: string; doc: Record<string, unknown>; deleted: boolean }>(
      `select seq::text, doc, deleted from records
        where collection = $1 and seq > $2 and ($4 = 'all' or left(division_code, length($4)) = $4)
        order by seq limit $3`,
      [collection, after, limit, scope],
    ),
  );
  return {
    documents: rows.map((r) => ({ ...r.doc, _deleted: r.deleted })),
    checkpoint: rows.length === 0 ? after : Number(rows[rows.length - 1]?.seq),
  };
}
