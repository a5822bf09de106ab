import type { Site } from '#shared/domain/index';
import { isElementCode, type MonitoredValue, type ValueSource } from '#shared/monitoring/values';
import { SyncError } from '#shared/sync/index';
import {
  auditFindingKey,
  auditSeries,
  auditSiteOf,
  foldAuditFinding,
  isWrongClock,
  type AuditFinding,
  type AuditFindingStatus,
  type ProvincePolicy,
} from '#shared/verdicts/index';
import type { Database } from '../db/database';
import { scoped, type Tx } from '../db/scoped';
import { readCounterSwaps } from '../monitoring/audit-swaps';
import { getPolicy } from './policy';
import type { AdminActor } from './registry-import';

/**
 * The data audit of one site over a window, computed on request (the admin CLI's `audit --recompute`;
 * `audit` reads the findings the service stores as data arrives, server/monitoring/audit-read.ts): the
 * site's stored values (migration 009) judged by the verdict core with the province policy in force. Read under the
 * admin's region (row-level security checks it again); a site outside it is answered as an unknown one.
 */

/** The longest window one request audits (a year of hourly slots is 8,784 per element). */
const maxWindowDays = 366;

export type AuditRequest = { readonly siteCode: string; readonly from: number; readonly to: number };

/** One finding as the CLI prints it: times in ISO 8601, its state the fold of its events. */
export type AuditRow = {
  readonly key: string;
  readonly rule: AuditFinding['rule'];
  readonly element: AuditFinding['element'];
  readonly from: string;
  readonly to: string;
  readonly state: AuditFindingStatus;
  readonly ongoing: boolean;
  readonly evidence: {
    readonly values: readonly { readonly time: string; readonly value: number }[];
    readonly count: number;
    readonly measures: Readonly<Record<string, number>>;
  };
  readonly parameters: Readonly<Record<string, number>>;
};

type ValueRow = {
  element: string;
  time: number;
  value: number;
  flag: string | null;
  source: ValueSource;
  received_at: number;
};

/**
 * The stored values of a site for an audit of [from, to): those stamped in it, and those received in it
 * whose stamp lies elsewhere because of a wrong clock (so a clock running a year ahead is still found).
 */
export async function readAuditValues(
  tx: Tx,
  siteCode: string,
  from: number,
  to: number,
  policy: ProvincePolicy,
): Promise<MonitoredValue[]> {
  const { rows } = await tx.query<ValueRow>(
    `select element, time::float8 as time, value, flag, source, received_at::float8 as received_at
       from monitoring_values
      where site_code = $1
        and ((time >= $2 and time < $3)
          or (received_at >= $2 and received_at < $3 and (time < $2 or time >= $3)))
      order by element, time, received_at`,
    [siteCode, from, to],
  );
  const values: MonitoredValue[] = [];
  for (const r of rows) {
    if (!isElementCode(r.element)) {
      continue; // an element the audit has no rules for
    }
    const v: MonitoredValue = {
      siteCode,
      element: r.element,
      time: Number(r.time),
      value: Number(r.value),
      flag: r.flag,
      source: r.source,
      receivedAt: Number(r.received_at),
    };
    if ((v.time >= from && v.time < to) || isWrongClock(v, policy)) {
      values.push(v);
    }
  }
  return values;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A finding as the CLI prints it, with its state. */
export function rowOf(f: AuditFinding, state: AuditFindingStatus): AuditRow {
  const key = auditFindingKey(f);
  return {
    key,
    rule: f.rule,
    element: f.element,
    from: iso(f.from),
    to: iso(f.to),
    state,
    ongoing: f.ongoing,
    evidence: {
      values: f.evidence.values.map((p) => ({ time: iso(p.time), value: p.value })),
      count: f.evidence.count,
      measures: f.evidence.measures,
    },
    parameters: f.parameters,
  };
}

/** Refuses a window the audit does not take, by name. */
export function checkAuditWindow(request: AuditRequest): void {
  const { from, to } = request;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new SyncError('invalid-body', 'the audit window must end after it starts (--from, --to: ISO 8601)');
  }
  if (to - from > maxWindowDays * 86_400_000) {
    throw new SyncError('invalid-body', `an audit window is at most ${maxWindowDays} days`);
  }
}

/** The site of a code within the region (`all`: the platform); one outside it is answered as unknown. */
export async function siteInRegion(tx: Tx, siteCode: string, scope: string): Promise<Site> {
  const { rows } = await tx.query<{ doc: Site }>(
    `select doc from records where collection = 'sites' and doc->>'code' = $1
       and ($2 = 'all' or left(division_code, length($2)) = $2)`,
    [siteCode, scope],
  );
  const site = rows[0]?.doc;
  if (site === undefined) {
    throw new SyncError(
      'not-found',
      scope === 'all'
        ? `no site with code ${siteCode} in the registry`
        : `no site with code ${siteCode} in your region ${scope}`,
    );
  }
  return site;
}

/** Audits a site's stored values over [from, to), judged at `now` (nothing is stored). */
export async function auditSiteWindow(
  db: Database,
  request: AuditRequest,
  by: AdminActor,
  now: number,
): Promise<AuditRow[]> {
  checkAuditWindow(request);
  const { siteCode, from, to } = request;
  const scope = by.scope === '' ? 'all' : by.scope;
  return scoped(db, scope, async (tx) => {
    const site = await siteInRegion(tx, siteCode, scope);
    const policy = await getPolicy(tx);
    const values = await readAuditValues(tx, siteCode, from, to, policy);
    const swaps = await readCounterSwaps(tx, [site]);
    const audited = auditSeries({
      site: auditSiteOf(site, swaps.get(site.code)),
      values,
      from,
      to,
      policy,
      now,
    });
    if (!audited.ok) {
      throw new SyncError('internal', audited.error.message);
    }
    return audited.value.map((f) => rowOf(f, foldAuditFinding(auditFindingKey(f), []).status));
  });
}
