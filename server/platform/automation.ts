import { createHash } from 'node:crypto';
import type { FaultEvent, Site, SiteHealth, Task } from '#shared/domain/index';
import type { AutomationReport } from '#shared/sync/index';
import {
  judgeSites,
  statusPeriod,
  taskNeedForReopen,
  taskNeedForStatus,
  verificationEvent,
  verifyRepair,
  type ProvincePolicy,
  type TaskNeed,
} from '#shared/verdicts/index';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { readRecords, upsertRecords } from '../sync/platform-writes';
import { getPolicy } from './policy';
import { runScheduleAutomation } from './schedule';

export const stableId = (prefix: string, key: string) =>
  `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/**
 * The platform's automatic work, idempotent (run it as often as reports arrive), every decision asked
 * of the verdict core with the province policy:
 * - each site's status over the status period → the task it needs, if any (`taskNeedForStatus`);
 * - each repaired fault → verified, reopened (with a repair task) or waiting (`verifyRepair`);
 * - each site's patrol schedule → a task per due or overdue visit, done or cancelled when a patrol
 *   satisfies it or a crew excuses it (`runScheduleAutomation`).
 * Task and event ids derive from their dedup keys, so a second run creates nothing twice.
 */
export async function runAutomation(
  db: Database,
  now: number,
  /** The caller's region (a division-code prefix, or `all`): nothing outside it is read or written. */
  region: string,
  /** The province policy to judge with; the one the service holds when not given. */
  given?: ProvincePolicy,
): Promise<AutomationReport> {
  const inRegion = (code: string) => region === 'all' || code.startsWith(region);
  const policy = given ?? (await getPolicy(db));
  return scoped(db, region, async (tx) => {
    const sites = (await readRecords<Site>(tx, 'sites')).filter(
      (s) => s.status === 'active' && inRegion(s.divisionCode),
    );
    const siteById = new Map(sites.map((s) => [s.id, s]));
    const healthRows = await readRecords<SiteHealth>(tx, 'site_health');
    const health = new Map(healthRows.map((h) => [h.siteId, h]));
    const faultEvents = (await readRecords<FaultEvent>(tx, 'fault_events')).filter((e) =>
      siteById.has(e.siteId),
    );
    const judged = judgeSites({
      sites,
      health: healthRows,
      faultEvents,
      period: statusPeriod(policy, now),
      policy,
      now,
    });
    const needs: TaskNeed[] = [];
    for (const verdict of judged.bySite.values()) {
      const need = taskNeedForStatus(verdict, policy, now);
      if (need !== null) {
        needs.push(need);
      }
    }
    const verified: FaultEvent[] = [];
    const reopened: FaultEvent[] = [];
    const idFor = (key: string) => stableId(key.split(':')[0] === 'verified' ? 'verify' : 'reopen', key);
    for (const fault of judged.faults) {
      const verdict = verifyRepair(fault, health.get(fault.siteId) ?? null, policy, now);
      const event = verificationEvent(fault, verdict, { now, idFor });
      if (event === null) {
        continue;
      }
      (event.type === 'verified' ? verified : reopened).push(event);
      if (event.type === 'reopened') {
        needs.push(
          taskNeedForReopen({ faultId: fault.faultId, siteId: fault.siteId, eventId: event.id }, policy, now),
        );
      }
    }
    const tasks = needs.flatMap((need) => {
      const site = siteById.get(need.siteId);
      return site === undefined ? [] : [taskOf(site, need, now)];
    });
    const { rows } = await tx.query<{ id: string }>(
      `select id from records where collection = any($2::text[]) and id = any($1::text[])`,
      [
        [...tasks.map((t) => t.id), ...verified.map((e) => e.id), ...reopened.map((e) => e.id)],
        ['tasks', 'fault_events'],
      ],
    );
    const existing = new Set(rows.map((r) => r.id));
    const fresh = tasks.filter((t) => !existing.has(t.id));
    const freshVerified = verified.filter((e) => !existing.has(e.id));
    const freshReopened = reopened.filter((e) => !existing.has(e.id));
    await upsertRecords(tx, 'tasks', fresh, now);
    await upsertRecords(tx, 'fault_events', [...freshVerified, ...freshReopened], now);
    const scheduled = await runScheduleAutomation(tx, sites, policy.patrolSchedules, now);
    return {
      tasksCreated: fresh.length,
      tasksExisting: tasks.length - fresh.length,
      faultsVerified: freshVerified.length,
      faultsReopened: freshReopened.length,
      scheduledTasks: scheduled,
    };
  });
}

const titles: Record<TaskNeed['reason'], string> = {
  silent: '站点无数据',
  below_target: '未达标',
  fault_reopened: '故障复发',
};

function detailOf(need: TaskNeed): string {
  const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—');
  switch (need.reason) {
    case 'silent':
      return `超过 ${String(need.values['silentHours'])} 小时无数据`;
    case 'below_target':
      return `${String(need.values['from'])}—${String(need.values['to'])} 上报率 ${pct(need.values['reportingRate'])}（目标 ${pct(need.values['targetReportingRate'])}），稳定性 ${pct(need.values['stability'])}（目标 ${pct(need.values['targetStability'])}）`;
    case 'fault_reopened':
      return '修复后未收到达标的数据，故障已重新打开';
  }
}

function taskOf(site: Site, need: TaskNeed, now: number): Task {
  return {
    id: stableId('task', need.dedupKey),
    siteId: site.id,
    divisionCode: site.divisionCode,
    kind: need.kind,
    reason: need.reason,
    title: `${site.name}：${titles[need.reason]}`,
    detail: detailOf(need),
    dueOn: need.dueOn,
    assignedScope: site.divisionCode,
    status: 'open',
    dedupKey: need.dedupKey,
    createdAt: now,
    updatedAt: now,
  };
}
