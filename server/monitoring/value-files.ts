import { isElementCode, type ElementCode, type ValueSource } from '#shared/monitoring/values';
import { SyncError, type RowProblem } from '#shared/sync/index';
import { audit } from '../auth/accounts';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { markAuditDirty } from './audit-dirty';
import type { AdminActor } from '../platform/registry-import';
import { readTable } from '../platform/tabular';

/**
 * Monitoring values from the provincial platform's export (CSV or the first sheet of an XLSX):
 * header `siteCode,time,element,value,flag` (or 站点编码,时间,要素,数值,标记), `time` ISO 8601 with
 * its offset, `element` one of the registry's element codes, `flag` optional. All rows valid and
 * every site in the admin's region, or nothing is written; each problem names its row and column. A
 * value already stored from a file for the same site, element and time stays as it was (a
 * correction is a 补报, never an overwrite).
 */
export const valueFileColumns = [
  { key: 'siteCode', headers: ['站点编码', 'siteCode'] },
  { key: 'time', headers: ['时间', 'time'] },
  { key: 'element', headers: ['要素', 'element'] },
  { key: 'value', headers: ['数值', 'value'] },
  { key: 'flag', headers: ['标记', 'flag'] },
] as const;

type FileValue = {
  readonly row: number;
  readonly siteCode: string;
  readonly element: ElementCode;
  readonly time: number;
  readonly value: number;
  readonly flag: string | null;
};

export type ValueIngestReport = {
  readonly rows: number;
  readonly stored: number;
  readonly unchanged: number;
};

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses every row; the values, or every problem by row and column (header = row 1). */
export function parseValueRows(
  rows: readonly string[][],
): { ok: true; values: FileValue[] } | { ok: false; problems: RowProblem[] } {
  const { records, missing } = readTable(rows, valueFileColumns);
  const required = missing.filter((m) => m !== '标记');
  if (required.length > 0) {
    return {
      ok: false,
      problems: required.map((column) => ({
        row: 1,
        column,
        reason: 'this column is missing from the header row',
      })),
    };
  }
  if (records.length === 0) {
    return { ok: false, problems: [{ row: 2, column: null, reason: 'the file has no value rows' }] };
  }
  const problems: RowProblem[] = [];
  const values: FileValue[] = [];
  const seen = new Map<string, number>();
  for (const { row, values: v } of records) {
    const before = problems.length;
    const siteCode = v['siteCode'] ?? '';
    if (siteCode === '') {
      problems.push({ row, column: 'siteCode', reason: 'required, but empty' });
    }
    const timeText = v['time'] ?? '';
    const time = isoWithOffset.test(timeText) ? Date.parse(timeText) : Number.NaN;
    if (!Number.isFinite(time)) {
      problems.push({
        row,
        column: 'time',
        reason: `"${timeText}" is not an ISO 8601 time with its offset (e.g. 2026-11-20T08:00:00+08:00)`,
      });
    }
    const element = v['element'] ?? '';
    if (!isElementCode(element)) {
      problems.push({
        row,
        column: 'element',
        reason: `"${element}" is not an element code (flow, volume, level, ph, …)`,
      });
    }
    const valueText = v['value'] ?? '';
    const value = Number(valueText);
    if (valueText === '' || !Number.isFinite(value)) {
      problems.push({ row, column: 'value', reason: `"${valueText}" is not a number` });
    }
    const flag = v['flag'] ?? '';
    if (flag.length > 8) {
      problems.push({ row, column: 'flag', reason: `flag "${flag}" is longer than 8 characters` });
    }
    if (problems.length > before || !isElementCode(element)) {
      continue;
    }
    const key = `${siteCode}/${element}/${time}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        row,
        column: 'time',
        reason: `${siteCode} ${element} at ${timeText} already appears in row ${earlier}`,
      });
      continue;
    }
    seen.set(key, row);
    values.push({ row, siteCode, element, time, value, flag: flag === '' ? null : flag });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values };
}

function refuse(problems: readonly RowProblem[], what: string): never {
  throw new SyncError(
    'import-invalid',
    `${problems.length} problem(s) in the ${what}; nothing was ingested — ${problems
      .slice(0, 5)
      .map((p) => `row ${p.row}${p.column ? ` (${p.column})` : ''}: ${p.reason}`)
      .join('; ')}`,
    problems,
  );
}

/** Stores a parsed values file under the admin's region, all or nothing, with an audit entry. */
export async function ingestValueFile(
  db: Database,
  rows: readonly string[][],
  now: number,
  by: AdminActor,
  source: Extract<ValueSource, 'file' | 'backfill'> = 'file',
): Promise<ValueIngestReport> {
  const parsed = parseValueRows(rows);
  if (!parsed.ok) {
    refuse(parsed.problems, 'values file');
  }
  return scoped(db, by.scope, async (tx) => {
    const codes = [...new Set(parsed.values.map((v) => v.siteCode))];
    const { rows: sites } = await tx.query<{ code: string; division_code: string }>(
      `select doc ->> 'code' as code, division_code from records
       where collection = 'sites' and not deleted and doc ->> 'code' = any($1::text[])`,
      [codes],
    );
    const division = new Map(sites.map((s) => [s.code, s.division_code]));
    const unknown = parsed.values
      .filter((v) => !division.has(v.siteCode))
      .map((v) => ({
        row: v.row,
        column: 'siteCode',
        reason:
          by.scope === 'all'
            ? `no site with code ${v.siteCode} in the registry`
            : `no site with code ${v.siteCode} in your region ${by.scope}`,
      }));
    if (unknown.length > 0) {
      refuse(unknown, 'values file');
    }
    const vs = parsed.values;
    const { rows: inserted } = await tx.query<{ n: string }>(
      `with i as (
         insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
         select s, e, t, v, f, $7, $8, d
         from unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::text[], $6::text[]) as u(s, e, t, v, f, d)
         on conflict (site_code, element, time, source) do nothing
         returning 1)
       select count(*)::text as n from i`,
      [
        vs.map((v) => v.siteCode),
        vs.map((v) => v.element),
        vs.map((v) => v.time),
        vs.map((v) => v.value),
        vs.map((v) => v.flag),
        vs.map((v) => division.get(v.siteCode) ?? ''),
        source,
        now,
      ],
    );
    // The audit re-judges these sites from their earliest value in the file (audit loop).
    await markAuditDirty(
      tx,
      vs.map((v) => ({ siteCode: v.siteCode, divisionCode: division.get(v.siteCode) ?? '', time: v.time })),
      now,
    );
    const stored = Number(inserted[0]?.n ?? 0);
    const report = { rows: vs.length, stored, unchanged: vs.length - stored };
    await audit(tx, now, by.actor, 'monitoring-values.ingest', null, { scope: by.scope, source, ...report });
    return report;
  });
}

export type ListedValue = {
  readonly time: string;
  readonly element: ElementCode;
  readonly value: number;
  readonly source: ValueSource;
};

/**
 * A site's stored values from `from` to `to` (inclusive of from, exclusive of to), by time then
 * element then source. A site outside the region is answered as unknown (`not-found`).
 */
export async function listValues(
  db: Database,
  query: { readonly siteCode: string; readonly from: number; readonly to: number },
  by: AdminActor,
): Promise<ListedValue[]> {
  return scoped(db, by.scope, async (tx) => {
    const { rows: site } = await tx.query(
      `select 1 from records where collection = 'sites' and not deleted and doc ->> 'code' = $1`,
      [query.siteCode],
    );
    if (site.length === 0) {
      throw new SyncError(
        'not-found',
        by.scope === 'all'
          ? `no site with code ${query.siteCode} in the registry`
          : `no site with code ${query.siteCode} in your region ${by.scope}`,
      );
    }
    const { rows } = await tx.query<{
      time: string;
      element: ElementCode;
      value: number;
      source: ValueSource;
    }>(
      `select time::text, element, value, source from monitoring_values
       where site_code = $1 and time >= $2 and time < $3 order by time, element, source`,
      [query.siteCode, query.from, query.to],
    );
    return rows.map((r) => ({
      time: new Date(Number(r.time)).toISOString(),
      element: r.element,
      value: r.value,
      source: r.source,
    }));
  });
}
