import { createHash } from 'node:crypto';
import {
  collections,
  siteKinds,
  siteStatuses,
  validateRecord,
  type CollectionSpec,
} from '../../shared/domain/index';
import { SyncError, type ImportReport, type RowProblem } from '../../shared/sync/index';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { upsertRecords } from '../sync/platform-writes';
import { parseCsv, parseXlsx, readTable } from './tabular';

/**
 * The province's site registry (一省一册), one site per row, with its water user and permit. The
 * template (`resources/registry-template.csv|.xlsx`, documented in `resources/registry-template.md`)
 * has these columns; the first header of each is the template's, the others are accepted too.
 */
export const registryColumns = [
  { key: 'code', headers: ['站点编码', 'code'], required: true },
  { key: 'name', headers: ['站点名称', 'name'], required: true },
  { key: 'kind', headers: ['站点类型', 'kind'], required: true },
  { key: 'divisionCode', headers: ['行政区划代码', 'divisionCode'], required: true },
  { key: 'lat', headers: ['纬度', 'lat'], required: true },
  { key: 'lng', headers: ['经度', 'lng'], required: true },
  { key: 'reportIntervalMinutes', headers: ['上报间隔(分钟)', 'reportIntervalMinutes'], required: true },
  { key: 'elements', headers: ['监测要素', 'elements'], required: true },
  { key: 'registeredOn', headers: ['入册日期', 'registeredOn'], required: true },
  { key: 'status', headers: ['状态', 'status'], required: false },
  { key: 'waterSource', headers: ['水源', 'waterSource'], required: false },
  { key: 'waterUserName', headers: ['取用水户名称', 'waterUserName'], required: false },
  { key: 'creditCode', headers: ['统一社会信用代码', 'creditCode'], required: false },
  { key: 'permitNumber', headers: ['取水许可证编号', 'permitNumber'], required: false },
  { key: 'annualQuantityM3', headers: ['许可年取水量(m³)', 'annualQuantityM3'], required: false },
  { key: 'validFrom', headers: ['许可有效期起', 'validFrom'], required: false },
  { key: 'validTo', headers: ['许可有效期止', 'validTo'], required: false },
] as const;

const kindNames: Record<string, string> = {
  取用水户监测点: 'intake',
  水源地水质自动监测站: 'source_quality',
  省界断面: 'boundary_section',
};
const statusNames: Record<string, string> = { 在用: 'active', 停用: 'suspended', 撤销: 'decommissioned' };

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

type Parsed = {
  sites: Record<string, unknown>[];
  waterUsers: Record<string, unknown>[];
  permits: Record<string, unknown>[];
};

/** Parses and validates every row; returns the records, or every problem with its row number. */
export function parseRegistry(
  rows: readonly string[][],
  now: number,
): { ok: true; value: Parsed } | { ok: false; problems: RowProblem[] } {
  const { records, missing } = readTable(rows, registryColumns);
  const problems: RowProblem[] = [];
  const requiredMissing = registryColumns.filter((c) => c.required && missing.includes(c.headers[0]));
  if (requiredMissing.length > 0) {
    return {
      ok: false,
      problems: requiredMissing.map((c) => ({
        row: 1,
        column: c.headers[0],
        reason: 'this column is missing from the header row',
      })),
    };
  }
  if (records.length === 0) {
    return { ok: false, problems: [{ row: 2, column: null, reason: 'the file has no site rows' }] };
  }
  const out: Parsed = { sites: [], waterUsers: [], permits: [] };
  const codes = new Map<string, number>();
  const waterUsers = new Map<string, Record<string, unknown>>();
  const permits = new Map<string, Record<string, unknown>>();
  const check = (row: number, spec: CollectionSpec, doc: Record<string, unknown>, column: string | null) => {
    const valid = validateRecord(spec, doc);
    if (!valid.ok) {
      for (const issue of valid.issues) {
        problems.push({
          row,
          column: column ?? issue.field,
          reason: `${spec.name}.${issue.field}: ${issue.message}`,
        });
      }
      return false;
    }
    return true;
  };
  for (const { row, values: v } of records) {
    const rowProblems = problems.length;
    for (const c of registryColumns) {
      if (c.required && (v[c.key] ?? '') === '') {
        problems.push({ row, column: c.headers[0], reason: 'required, but empty' });
      }
    }
    if (problems.length > rowProblems) {
      continue;
    }
    const code = v['code'] ?? '';
    const earlier = codes.get(code);
    if (earlier !== undefined) {
      problems.push({
        row,
        column: '站点编码',
        reason: `site code ${code} already appears in row ${earlier}`,
      });
      continue;
    }
    codes.set(code, row);
    const kind = kindNames[v['kind'] ?? ''] ?? v['kind'];
    if (!(siteKinds as readonly string[]).includes(kind ?? '')) {
      problems.push({
        row,
        column: '站点类型',
        reason: `unknown site kind "${v['kind']}" (取用水户监测点, 水源地水质自动监测站 or 省界断面)`,
      });
      continue;
    }
    const status = v['status'] ? (statusNames[v['status']] ?? v['status']) : 'active';
    if (!(siteStatuses as readonly string[]).includes(status)) {
      problems.push({ row, column: '状态', reason: `unknown status "${v['status']}" (在用, 停用 or 撤销)` });
      continue;
    }
    const num = (key: string, column: string) => {
      const n = Number(v[key]);
      if (v[key] === '' || !Number.isFinite(n)) {
        problems.push({ row, column, reason: `"${v[key]}" is not a number` });
        return Number.NaN;
      }
      return n;
    };
    const lat = num('lat', '纬度');
    const lng = num('lng', '经度');
    const interval = num('reportIntervalMinutes', '上报间隔(分钟)');
    if (problems.length > rowProblems) {
      continue;
    }
    const division = v['divisionCode'] ?? '';
    let waterUserId: string | null = null;
    if (v['waterUserName']) {
      waterUserId = `wu-${v['creditCode'] || shortHash(`${division}/${v['waterUserName']}`)}`;
      const wu = {
        id: waterUserId,
        name: v['waterUserName'],
        creditCode: v['creditCode'] || null,
        kind: 'enterprise',
        divisionCode: division,
        address: null,
        contactName: null,
        contactPhone: null,
        updatedAt: now,
      };
      if (!waterUsers.has(waterUserId) && check(row, collections.water_users, wu, null)) {
        waterUsers.set(waterUserId, wu);
      }
    }
    let permitId: string | null = null;
    if (v['permitNumber']) {
      permitId = `pm-${v['permitNumber']}`;
      const pm = {
        id: permitId,
        number: v['permitNumber'],
        holderId: waterUserId ?? '',
        holderName: v['waterUserName'] ?? '',
        waterSource: v['waterSource'] || '未填写',
        waterSourceKind: 'surface',
        annualQuantityM3: Number(v['annualQuantityM3'] || 0),
        validFrom: v['validFrom'] ?? '',
        validTo: v['validTo'] ?? '',
        divisionCode: division,
        updatedAt: now,
      };
      if (!permits.has(permitId) && check(row, collections.permits, pm, null)) {
        permits.set(permitId, pm);
      }
    }
    const site = {
      id: `site-${code}`,
      code,
      name: v['name'],
      kind,
      divisionCode: division,
      position: { lat, lng },
      waterUserId,
      permitId,
      waterSource: v['waterSource'] || null,
      reportIntervalMinutes: interval,
      allowedDelayMinutes: null,
      elements: (v['elements'] ?? '').split(/[;；,，\s]+/).filter((e) => e.length > 0),
      targets: null,
      status,
      registeredOn: v['registeredOn'],
      updatedAt: now,
    };
    if (check(row, collections.sites, site, null)) {
      out.sites.push(site);
    }
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  out.waterUsers.push(...waterUsers.values());
  out.permits.push(...permits.values());
  return { ok: true, value: out };
}

export async function readRegistryFile(bytes: Uint8Array, format: 'csv' | 'xlsx'): Promise<string[][]> {
  if (format === 'xlsx') {
    try {
      return await parseXlsx(bytes);
    } catch (error) {
      throw new SyncError(
        'import-invalid',
        `the file is not a readable XLSX workbook: ${(error as Error).message}`,
      );
    }
  }
  return parseCsv(new TextDecoder('utf-8').decode(bytes));
}

/** Imports a registry file: every row valid, or nothing written (one transaction). */
export async function importRegistry(
  db: Database,
  rows: readonly string[][],
  now: number,
): Promise<ImportReport> {
  const parsed = parseRegistry(rows, now);
  if (!parsed.ok) {
    const shown = parsed.problems
      .slice(0, 5)
      .map((p) => `row ${p.row}${p.column ? ` (${p.column})` : ''}: ${p.reason}`)
      .join('; ');
    throw new SyncError(
      'import-invalid',
      `${parsed.problems.length} problem(s) in the registry file; nothing was imported — ${shown}`,
      parsed.problems,
    );
  }
  const { sites, waterUsers, permits } = parsed.value;
  return scoped(db, 'all', async (tx) => {
    const w = await upsertRecords(tx, 'water_users', waterUsers, now);
    const p = await upsertRecords(tx, 'permits', permits, now);
    const s = await upsertRecords(tx, 'sites', sites, now);
    return {
      rows: sites.length,
      sites: { created: s.created, updated: s.updated },
      waterUsers: { created: w.created, updated: w.updated },
      permits: { created: p.created, updated: p.updated },
    };
  });
}
