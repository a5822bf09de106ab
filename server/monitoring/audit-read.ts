import { auditFindingOfRecord, type AuditFindingRecord } from '#shared/domain/index';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { checkAuditWindow, rowOf, siteInRegion, type AuditRequest, type AuditRow } from '../platform/audit';
import type { AdminActor } from '../platform/registry-import';
import { markAuditDirty } from './audit-dirty';
import { auditDirtySites } from './audit-runner';

/**
 * The stored findings of a site over a window with their state (the admin CLI's `audit`): the site is
 * first brought up to date — marked from the window's start and re-audited like any marked site, so
 * values stored without the loop running (another process, a restore) are judged — then its findings
 * whose window overlaps [from, to) are read under the admin's region, by key. A site outside the
 * region is answered as an unknown one.
 */
export async function storedFindingsWindow(
  db: Database,
  request: AuditRequest,
  by: AdminActor,
  now: number,
): Promise<AuditRow[]> {
  checkAuditWindow(request);
  const scope = by.scope === '' ? 'all' : by.scope;
  await scoped(db, scope, async (tx) => {
    const site = await siteInRegion(tx, request.siteCode, scope);
    await markAuditDirty(
      tx,
      [{ siteCode: site.code, divisionCode: site.divisionCode, time: request.from }],
      now,
    );
  });
  await auditDirtySites(db, now, { onlySites: [request.siteCode] });
  return scoped(db, scope, async (tx) => {
    const { rows } = await tx.query<{ doc: AuditFindingRecord }>(
      `select doc from records
        where collection = 'audit_findings' and not deleted and doc ->> 'siteCode' = $1
          and (doc ->> 'from')::bigint < $3 and (doc ->> 'to')::bigint >= $2
        order by doc ->> 'findingKey'`,
      [request.siteCode, request.from, request.to],
    );
    return rows.map((r) => rowOf(auditFindingOfRecord(r.doc), r.doc.status));
  });
}
