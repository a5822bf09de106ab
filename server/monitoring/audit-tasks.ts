import { auditFindingOfRecord, type AuditFindingRecord, type Site, type Task } from '#shared/domain/index';
import { taskNeedForAuditFinding, type AuditFindingState, type ProvincePolicy } from '#shared/verdicts/index';
import { auditElementZh, auditRuleZh } from '#shared/reports/monthly-audit';
import type { Tx } from '../db/scoped';
import { stableId } from '../platform/automation';
import { upsertRecords } from '../sync/platform-writes';

/**
 * The county's data-audit tasks (数据审核任务), one per finding while it needs work
 * (`taskNeedForAuditFinding`: open, or its cause recorded and nothing corrected), under the id the
 * automation derives from the dedup key (the finding key), so raising it twice creates nothing. Once
 * the finding is corrected or closed its open task is done; dismissed as genuine, or withdrawn because
 * the data that fired it changed, it is cancelled.
 */
export type AuditTaskItem = {
  readonly record: AuditFindingRecord;
  readonly state: AuditFindingState | null;
  /** The re-audit no longer finds it and nobody acted on it: it is withdrawn. */
  readonly withdrawn: boolean;
  readonly site: Site;
};

const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const liveStatuses: readonly Task['status'][] = ['open', 'accepted', 'in_progress'];

export async function syncAuditTasks(
  tx: Tx,
  items: readonly AuditTaskItem[],
  policy: ProvincePolicy,
  now: number,
): Promise<{ created: number; closed: number }> {
  if (items.length === 0) {
    return { created: 0, closed: 0 };
  }
  const ids = items.map((i) => stableId('task', i.record.findingKey));
  const { rows } = await tx.query<{ doc: Task }>(
    `select doc from records where collection = 'tasks' and id = any($1::text[])`,
    [ids],
  );
  const existing = new Map(rows.map((r) => [r.doc.id, r.doc]));
  const writes: Task[] = [];
  let created = 0;
  let closed = 0;
  for (const item of items) {
    const { record, state, site } = item;
    const id = stableId('task', record.findingKey);
    const need = item.withdrawn
      ? null
      : taskNeedForAuditFinding(auditFindingOfRecord(record), state, site.id, policy, now);
    const task = existing.get(id);
    if (need !== null && task === undefined) {
      created += 1;
      writes.push({
        id,
        siteId: site.id,
        divisionCode: site.divisionCode,
        kind: need.kind,
        reason: need.reason,
        title: `${site.name}：数据审核（${auditRuleZh[record.rule]}）`,
        detail: `${auditElementZh[record.element]} ${shanghai(record.from)} 至 ${shanghai(record.to)}，${record.evidence.count} 个${record.rule === 'missing' ? '时段' : '数据'}：查明原因，更正或补报`,
        dueOn: need.dueOn,
        assignedScope: site.divisionCode,
        status: 'open',
        dedupKey: need.dedupKey,
        createdAt: now,
        updatedAt: now,
      });
    } else if (need === null && task !== undefined && liveStatuses.includes(task.status)) {
      closed += 1;
      const cancelled = item.withdrawn || state?.status === 'dismissed';
      writes.push({ ...task, status: cancelled ? 'cancelled' : 'done', updatedAt: now });
    }
  }
  await upsertRecords(tx, 'tasks', writes, now);
  return { created, closed };
}
