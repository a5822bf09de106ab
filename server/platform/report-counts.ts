import { healthWindowDays, type Site, type SiteHealth } from '#shared/domain/index';
import {
  SyncError,
  reportCountRowSchema,
  type IngestReport,
  type ReportCountRow,
  type RowProblem,
} from '#shared/sync/index';
import type { Database } from '../db/database';
import { audit } from '../auth/accounts';
import { scoped } from '../db/scoped';
import { upsertRecords } from '../sync/platform-writes';
import type { AdminActor } from './registry-import';
import { readTable } from './tabular';

export const reportCountColumns = [
  { key: 'siteCode', headers: ['站点编码', 'siteCode'] },
  { key: 'day', headers: ['日期', 'day'] },
  { key: 'expected', headers: ['应报数', 'expected'] },
  { key: 'receivedSlots', headers: ['实报时段数', 'receivedSlots'] },
  { key: 'validValues', headers: ['有效数据项', 'validValues'] },
  { key: 'reports', headers: ['报文数', 'reports'] },
  { key: 'lastReportAt', headers: ['最后上报时间', 'lastReportAt'] },
] as const;

/** CSV rows → count rows; numbers parsed, problems named by row. */
export function countRowsFromTable(rows: readonly string[][]): { rows: unknown[]; problems: RowProblem[] } {
  const { records, missing } = readTable(rows, reportCountColumns);
  const required = missing.filter((m) => m !== '最后上报时间');
  if (required.length > 0) {
    return {
      rows: [],
      problems: required.map((column) => ({ row: 1, column, reason: 'this column is missing' })),
    };
  }
  return {
    problems: [],
    rows: records.map(({ row, values }) => ({
      __row: row,
      siteCode: values['siteCode'],
      day: values['day'],
      expected: Number(values['expected']),
      receivedSlots: Number(values['receivedSlots']),
      validValues: Number(values['validValues']),
      reports: Number(values['reports']),
      lastReportAt: values['lastReportAt']
        ? Number(values['lastReportAt']) || Date.parse(values['lastReportAt'])
        : null,
    })),
  };
}

const dayMs = 86_400_000;
const dayIndex = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / dayMs);
const dayOf = (index: number) => new Date(index * dayMs).toISOString().slice(0, 10);

/**
 * Folds the platform's per-site, per-day reporting counts into each site's `SiteHealth` (the last 90
 * days as parallel arrays). All rows valid and every site known in the admin's region, or nothing is
 * written. A site of another region is answered as an unknown one (its existence is not revealed). The
 * ingest is in the audit log.
 */
export async function ingestReportCounts(
  db: Database,
  input: readonly unknown[],
  now: number,
  by: AdminActor,
): Promise<IngestReport> {
  const problems: RowProblem[] = [];
  const rows: (ReportCountRow & { row: number })[] = [];
  input.forEach((raw, i) => {
    const row = typeof raw === 'object' && raw !== null && '__row' in raw ? Number(raw.__row) : i + 1;
    const { __row: _ignored, ...value } = (raw ?? {}) as Record<string, unknown>;
    const parsed = reportCountRowSchema.safeParse(value);
    if (parsed.success) {
      rows.push({ ...parsed.data, row });
    } else {
      for (const issue of parsed.error.issues) {
        problems.push({ row, column: issue.path.map(String).join('.') || null, reason: issue.message });
      }
    }
  });
  return scoped(db, by.scope, async (tx) => {
    const codes = [...new Set(rows.map((r) => r.siteCode))];
    const { rows: siteRows } = await tx.query<{ doc: Site }>(
      `select doc from records where collection = 'sites' and doc->>'code' = any($1::text[])
         and ($2 = 'all' or left(division_code, length($2)) = $2)`,
      [codes, by.scope],
    );
    const sites = new Map(siteRows.map((r) => [r.doc.code, r.doc]));
    for (const r of rows) {
      if (!sites.has(r.siteCode)) {
        problems.push({
          row: r.row,
          column: 'siteCode',
          reason:
            by.scope === 'all'
              ? `no site with code ${r.siteCode} in the registry`
              : `no site with code ${r.siteCode} in your region ${by.scope}`,
        });
      }
    }
    if (problems.length > 0) {
      throw new SyncError(
        'import-invalid',
        `${problems.length} problem(s) in the reporting counts; nothing was ingested — ${problems
          .slice(0, 5)
          .map((p) => `row ${p.row}${p.column ? ` (${p.column})` : ''}: ${p.reason}`)
          .join('; ')}`,
        problems,
      );
    }
    const ids = [...sites.values()].map((s) => s.id);
    const { rows: healthRows } = await tx.query<{ doc: SiteHealth }>(
      `select doc from records where collection = 'site_health' and id = any($1::text[])`,
      [ids],
    );
    const existing = new Map(healthRows.map((r) => [r.doc.id, r.doc]));
    const bySite = new Map<string, (ReportCountRow & { row: number })[]>();
    for (const r of rows) {
      bySite.set(r.siteCode, [...(bySite.get(r.siteCode) ?? []), r]);
    }
    const docs: SiteHealth[] = [];
    for (const [code, siteRowsOf] of bySite) {
      const site = sites.get(code)!;
      docs.push(foldCounts(site, existing.get(site.id) ?? null, siteRowsOf, now));
    }
    await upsertRecords(tx, 'site_health', docs, now);
    const report = { rows: rows.length, sites: docs.length, days: new Set(rows.map((r) => r.day)).size };
    await audit(tx, now, by.actor, 'report-counts.ingest', null, { scope: by.scope, ...report });
    return report;
  });
}

/** One site's health after new day counts: a 90-day window ending at the latest day known. */
export function foldCounts(
  site: Site,
  before: SiteHealth | null,
  rows: readonly ReportCountRow[],
  now: number,
): SiteHealth {
  const days = new Map<number, [number, number, number, number]>();
  if (before !== null) {
    const first = dayIndex(before.firstDay);
    before.expected.forEach((e, i) => {
      days.set(first + i, [
        e,
        before.receivedSlots[i] ?? 0,
        before.validValues[i] ?? 0,
        before.reports[i] ?? 0,
      ]);
    });
  }
  let lastReportAt = before?.lastReportAt ?? null;
  for (const r of rows) {
    days.set(dayIndex(r.day), [r.expected, r.receivedSlots, r.validValues, r.reports]);
    if (r.lastReportAt !== null && r.lastReportAt !== undefined) {
      lastReportAt = Math.max(lastReportAt ?? 0, r.lastReportAt);
    }
  }
  const last = Math.max(...days.keys());
  const first = last - healthWindowDays + 1;
  const column = (k: 0 | 1 | 2 | 3) =>
    Array.from({ length: healthWindowDays }, (_, i) => days.get(first + i)?.[k] ?? 0);
  return {
    id: site.id,
    siteId: site.id,
    divisionCode: site.divisionCode,
    firstDay: dayOf(first),
    expected: column(0),
    receivedSlots: column(1),
    validValues: column(2),
    reports: column(3),
    elementsConfigured: site.elements.length,
    lastReportAt,
    lastValues: before?.lastValues ?? [],
    updatedAt: now,
  };
}
