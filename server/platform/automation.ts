import { createHash } from 'node:crypto';
import type { FaultEvent, Site, SiteHealth, Task } from '../../shared/domain/index';
import type { AutomationReport } from '../../shared/sync/index';
import type { Database } from '../db/database';
import { scoped, type Tx } from '../db/scoped';
import { readRecords, upsertRecords } from '../sync/platform-writes';

export type AutomationConfig = {
  /** A site with no report for longer than this gets a patrol task. */
  readonly silentHours: number;
  /** A repaired fault is verified when reports resume within this window, else reopened. */
  readonly verifyWindowHours: number;
  /** Reporting-rate targets by site kind (a site's own `targets` win). */
  readonly reportingTargets: Readonly<Record<Site['kind'], number>>;
};

export const defaultAutomationConfig: AutomationConfig = {
  silentHours: 24,
  verifyWindowHours: 72,
  reportingTargets: { intake: 0.95, source_quality: 0.95, boundary_section: 1 },
};

/** Asia/Shanghai has no daylight saving: a fixed +8 h. */
export const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

const stableId = (prefix: string, key: string) =>
  `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/** This month's reporting rate from a health window: slots received ÷ slots expected, or null. */
export function monthReportingRate(health: SiteHealth, month: string, upToDay: string): number | null {
  const first = Date.parse(`${health.firstDay}T00:00:00Z`);
  let expected = 0;
  let received = 0;
  health.expected.forEach((e, i) => {
    const day = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
    if (day.startsWith(month) && day <= upToDay) {
      expected += e;
      received += health.receivedSlots[i] ?? 0;
    }
  });
  return expected === 0 ? null : received / expected;
}

/**
 * The platform's automatic work, idempotent (run it as often as reports arrive):
 * - a site below its reporting target this month, or silent for longer than `silentHours`, gets a
 *   patrol task for its county's crew — one per site and month, or per silence;
 * - a fault marked repaired is verified when reports resume after the repair within the window,
 *   or reopened (with a task) when the window passes without them.
 * Task and event ids derive from their dedup keys, so a second run creates nothing twice.
 */
export async function runAutomation(
  db: Database,
  now: number,
  /** The caller's region (a division-code prefix, or `all`): nothing outside it is read or written. */
  region: string,
  config: AutomationConfig = defaultAutomationConfig,
): Promise<AutomationReport> {
  const inRegion = (code: string) => region === 'all' || code.startsWith(region);
  return scoped(db, region, async (tx) => {
    const sites = (await readRecords<Site>(tx, 'sites')).filter(
      (s) => s.status === 'active' && inRegion(s.divisionCode),
    );
    const health = new Map((await readRecords<SiteHealth>(tx, 'site_health')).map((h) => [h.siteId, h]));
    const today = shanghaiDay(now);
    const month = today.slice(0, 7);
    const tasks: Task[] = [];
    for (const site of sites) {
      const h = health.get(site.id);
      const rate = h === undefined ? null : monthReportingRate(h, month, today);
      const target = site.targets?.reportingRate ?? config.reportingTargets[site.kind];
      if (rate !== null && rate < target) {
        tasks.push(
          task(
            site,
            'below_target',
            `below_target:${site.id}:${month}`,
            now,
            `上报率 ${(rate * 100).toFixed(1)}% 低于目标 ${(target * 100).toFixed(0)}%`,
          ),
        );
      }
      const last = h?.lastReportAt ?? null;
      if (h !== undefined && (last === null || now - last > config.silentHours * 3_600_000)) {
        tasks.push(
          task(
            site,
            'silent',
            `silent:${site.id}:${last ?? 'never'}`,
            now,
            `超过 ${config.silentHours} 小时无数据`,
          ),
        );
      }
    }
    const faults = await verifyRepairs(tx, health, now, config);
    const siteById = new Map(sites.map((s) => [s.id, s]));
    for (const reopened of faults.reopened) {
      const site = siteById.get(reopened.siteId);
      if (site !== undefined) {
        tasks.push(
          task(
            site,
            'fault_reopened',
            `fault_reopened:${reopened.faultId}:${reopened.id}`,
            now,
            '修复后仍无数据，故障已重新打开',
          ),
        );
      }
    }
    const { rows } = await tx.query<{ id: string }>(
      `select id from records where collection = 'tasks' and id = any($1::text[])`,
      [tasks.map((t) => t.id)],
    );
    const existing = new Set(rows.map((r) => r.id));
    const fresh = tasks.filter((t) => !existing.has(t.id));
    await upsertRecords(tx, 'tasks', fresh, now);
    await upsertRecords(tx, 'fault_events', [...faults.verified, ...faults.reopened], now);
    return {
      tasksCreated: fresh.length,
      tasksExisting: tasks.length - fresh.length,
      faultsVerified: faults.verified.length,
      faultsReopened: faults.reopened.length,
    };
  });
}

function task(site: Site, reason: Task['reason'], dedupKey: string, now: number, detail: string): Task {
  return {
    id: stableId('task', dedupKey),
    siteId: site.id,
    divisionCode: site.divisionCode,
    kind: reason === 'fault_reopened' ? 'repair' : 'patrol',
    reason,
    title: `${site.name}：${reason === 'silent' ? '站点无数据' : reason === 'below_target' ? '上报率未达标' : '故障复发'}`,
    detail,
    dueOn: shanghaiDay(now + 3 * 86_400_000),
    assignedScope: site.divisionCode,
    status: 'open',
    dedupKey,
    createdAt: now,
    updatedAt: now,
  };
}

async function verifyRepairs(
  tx: Tx,
  health: Map<string, SiteHealth>,
  now: number,
  config: AutomationConfig,
): Promise<{ verified: FaultEvent[]; reopened: FaultEvent[] }> {
  const events = await readRecords<FaultEvent>(tx, 'fault_events');
  const byFault = new Map<string, FaultEvent[]>();
  for (const e of events) {
    byFault.set(e.faultId, [...(byFault.get(e.faultId) ?? []), e]);
  }
  const lifecycle = new Set(['opened', 'repaired', 'verified', 'reopened']);
  // Device clocks are not trusted: a repair counts from the earlier of its device and receipt times.
  const at = (e: FaultEvent) => Math.min(e.recordedAt, e.receivedAt ?? e.recordedAt);
  const verified: FaultEvent[] = [];
  const reopened: FaultEvent[] = [];
  for (const [faultId, list] of byFault) {
    const last = list
      .filter((e) => lifecycle.has(e.type))
      .sort((a, b) => (a.receivedAt ?? 0) - (b.receivedAt ?? 0) || at(a) - at(b))
      .pop();
    if (last?.type !== 'repaired') {
      continue;
    }
    const repairedAt = at(last);
    const reportAfter = (health.get(last.siteId)?.lastReportAt ?? 0) > repairedAt;
    const expired = now - repairedAt > config.verifyWindowHours * 3_600_000;
    if (!reportAfter && !expired) {
      continue;
    }
    const event: FaultEvent = {
      ...last,
      id: stableId(reportAfter ? 'verify' : 'reopen', last.id),
      faultId,
      type: reportAfter ? 'verified' : 'reopened',
      description: reportAfter
        ? '平台已收到修复后的数据'
        : `修复后 ${config.verifyWindowHours} 小时内未收到数据`,
      actions: null,
      partsReplaced: [],
      photoIds: [],
      diagnosticSessionIds: [],
      correctsEventId: null,
      deviceId: 'platform',
      operatorId: 'platform',
      recordedAt: now,
      receivedAt: now,
    };
    (reportAfter ? verified : reopened).push(event);
  }
  return { verified, reopened };
}
