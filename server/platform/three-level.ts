import { z } from 'zod';
import { healthWindowDays, type SiteHealth } from '#shared/domain/index';
import { addDays, dayOf, daysBetween } from '#shared/health/days';
import { SyncError, type RowProblem } from '#shared/sync/index';
import {
  isCalendarDay,
  threeLevelDifferenceSchema,
  threeLevelDifferences,
  threeLevelSummary,
  type DayCount,
} from '#shared/verdicts/three-level';
import { audit } from '../auth/accounts';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import type { AdminActor } from './registry-import';
import { readTable } from './tabular';

/**
 * 三级贯通 on the service: reads what the ministry's platform sent down — a counts-per-site-and-day
 * file — and compares it with the province's day counts (`site_health`, filled by `reports:ingest` and
 * derived from stored monitoring values) through the verdict core (`shared/verdicts/three-level.ts`).
 * Nothing is stored but the check itself in the audit log (who, when, the range, the headline).
 *
 * The file, CSV (UTF-8, a BOM is fine) or the first sheet of an XLSX workbook, header first:
 *   siteCode,day,count   (or 站点编码,日期,条数)
 * `day` is YYYY-MM-DD, `count` a whole number ≥ 0 of reports the ministry has of that site on that day,
 * one row per site and day. Every row valid, or the check is refused with each bad row named.
 */
export const threeLevelColumns = [
  { key: 'siteCode', headers: ['站点编码', 'siteCode'] },
  { key: 'day', headers: ['日期', 'day'] },
  { key: 'count', headers: ['条数', 'count'] },
] as const;

/** The ministry's rows of a file read by the tabular reader, or every problem named by row. */
export function parseMinistryCounts(
  rows: readonly string[][],
): { ok: true; counts: DayCount[] } | { ok: false; problems: RowProblem[] } {
  const { records, missing } = readTable(rows, threeLevelColumns);
  if (missing.length > 0) {
    return {
      ok: false,
      problems: missing.map((column) => ({ row: 1, column, reason: 'this column is missing' })),
    };
  }
  const problems: RowProblem[] = [];
  const counts: DayCount[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of records) {
    const siteCode = values['siteCode'] ?? '';
    const day = values['day'] ?? '';
    const countText = values['count'] ?? '';
    const before = problems.length;
    if (siteCode.length === 0 || siteCode.length > 40) {
      problems.push({ row, column: 'siteCode', reason: 'a site code of 1 to 40 characters is required' });
    }
    if (!isCalendarDay(day)) {
      problems.push({ row, column: 'day', reason: `"${day}" is not a day as YYYY-MM-DD` });
    }
    const count = /^\d{1,7}$/.test(countText) ? Number(countText) : Number.NaN;
    if (!Number.isInteger(count)) {
      problems.push({ row, column: 'count', reason: `"${countText}" is not a whole number of reports ≥ 0` });
    }
    if (problems.length > before) {
      continue;
    }
    const key = `${siteCode}\u0000${day}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ row, column: 'day', reason: `${siteCode} on ${day} is already on row ${first}` });
      continue;
    }
    seen.set(key, row);
    counts.push({ siteCode, day, count });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, counts };
}

export const threeLevelQuerySchema = z
  .object({
    /** First and last day compared (YYYY-MM-DD); default: the first and last day of the file. */
    from: z.string().optional(),
    to: z.string().optional(),
    /** Compare only this region (a division-code prefix within yours); default: your region. */
    region: z
      .string()
      .regex(/^(\d{2}|\d{4}|\d{6})$/, 'a division-code prefix of 2, 4 or 6 digits')
      .optional(),
  })
  .strict();
export type ThreeLevelQuery = z.infer<typeof threeLevelQuerySchema>;

export const threeLevelReportSchema = z
  .object({
    region: z.string(),
    from: z.string(),
    to: z.string(),
    /** Sites of the region the province knows (each compared on every day). */
    sites: z.number().int(),
    /** Rows of the file compared. */
    rows: z.number().int(),
    /** Rows of sites outside a county or city admin's region, or unknown to the province: not compared. */
    notCompared: z.number().int(),
    summary: z.object({ lou_fa: z.number().int(), cuo_fa: z.number().int() }).strict(),
    differences: z.array(threeLevelDifferenceSchema),
  })
  .strict();
export type ThreeLevelReport = z.infer<typeof threeLevelReportSchema>;

function refuse(problems: readonly RowProblem[]): never {
  throw new SyncError(
    'import-invalid',
    `${problems.length} problem(s) in the ministry's count file; nothing was compared — ${problems
      .slice(0, 5)
      .map((p) => `row ${p.row}${p.column ? ` (${p.column})` : ''}: ${p.reason}`)
      .join('; ')}`,
    [...problems],
  );
}

/** The compared days: the request's, else the file's first and last; within the province's memory. */
function rangeOf(query: ThreeLevelQuery, counts: readonly DayCount[], now: number) {
  const days = counts.map((c) => c.day).sort();
  const from = query.from ?? days[0];
  const to = query.to ?? days[days.length - 1];
  if (from === undefined || to === undefined) {
    throw new SyncError('import-invalid', 'the file holds no rows and no days were given to compare');
  }
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDay(day)) {
      throw new SyncError('invalid-body', `${name} must be a day as YYYY-MM-DD, not "${day}"`);
    }
  }
  // The province keeps day counts for the last 90 days: older days would all read as "none held".
  const oldest = addDays(dayOf(now), -(healthWindowDays - 1));
  if (from < oldest) {
    throw new SyncError(
      'invalid-body',
      `the province keeps day counts from ${oldest} on (${healthWindowDays} days); compare from then (--from)`,
    );
  }
  return { from, to };
}

/** The province's counts of its sites in `region` over [from, to]. */
async function provinceCounts(tx: Pick<Database, 'query'>, region: string, from: string, to: string) {
  const { rows: sites } = await tx.query<{ id: string; code: string }>(
    `select id, doc ->> 'code' as code from records
      where collection = 'sites' and not deleted
        and ($1 = 'all' or left(division_code, length($1)) = $1)`,
    [region],
  );
  const { rows: health } = await tx.query<{ doc: SiteHealth }>(
    `select doc from records where collection = 'site_health' and not deleted and id = any($1::text[])`,
    [sites.map((s) => s.id)],
  );
  const codeOf = new Map(sites.map((s) => [s.id, s.code]));
  const counts: DayCount[] = [];
  for (const { doc } of health) {
    const siteCode = codeOf.get(doc.siteId);
    if (siteCode === undefined) {
      continue;
    }
    doc.reports.forEach((count, i) => {
      const day = addDays(doc.firstDay, i);
      if (day >= from && day <= to) {
        counts.push({ siteCode, day, count });
      }
    });
  }
  return { knownSites: sites.map((s) => s.code), counts };
}

/**
 * Compares the ministry's file with the province's counts in the admin's region (or a region within
 * it). The province admin (region `all` or a province) also sees rows of sites it does not know (错发);
 * for a narrower region, rows of sites outside it are left out and counted (`notCompared`), so another
 * county's sites are neither compared nor revealed.
 */
export async function threeLevelCheck(
  db: Database,
  rows: readonly string[][],
  query: ThreeLevelQuery,
  by: AdminActor,
  now: number,
): Promise<ThreeLevelReport> {
  const parsed = parseMinistryCounts(rows);
  if (!parsed.ok) {
    refuse(parsed.problems);
  }
  const scope = by.scope === '' ? 'all' : by.scope;
  const region = query.region ?? scope;
  if (scope !== 'all' && !region.startsWith(scope)) {
    throw new SyncError('outside-region', `region ${region} is outside your region ${scope}`);
  }
  const { from, to } = rangeOf(query, parsed.counts, now);
  if (daysBetween(from, to) < 0) {
    throw new SyncError('invalid-body', `the last day ${to} is before the first ${from}`);
  }
  return scoped(db, region, async (tx) => {
    const province = await provinceCounts(tx, region, from, to);
    const known = new Set(province.knownSites);
    const wholeProvince = region === 'all' || region.length === 2;
    const inRange = parsed.counts.filter((c) => c.day >= from && c.day <= to);
    const compared = wholeProvince ? inRange : inRange.filter((c) => known.has(c.siteCode));
    const verdict = threeLevelDifferences({
      province: province.counts,
      knownSites: province.knownSites,
      ministry: compared,
      from,
      to,
    });
    if (!verdict.ok) {
      throw new SyncError('invalid-body', verdict.error.message);
    }
    const summary = threeLevelSummary(verdict.value);
    const report: ThreeLevelReport = {
      region,
      from,
      to,
      sites: province.knownSites.length,
      rows: compared.length,
      notCompared: inRange.length - compared.length,
      summary,
      differences: verdict.value,
    };
    await audit(tx, now, by.actor, 'three-level.check', null, {
      scope: region,
      from,
      to,
      fileRows: parsed.counts.length,
      rows: report.rows,
      notCompared: report.notCompared,
      ...summary,
    });
    return report;
  });
}
