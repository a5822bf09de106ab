import { createHash } from 'node:crypto';
import {
  collections,
  siteKinds,
  siteStatuses,
  validateRecord,
  type CollectionSpec,
  type InstrumentRange,
  type Site,
} from '#shared/domain/index';
import { parseStationAddress, type StationProtocol } from '#shared/monitoring/station-address';
import { SyncError, inScope, type ImportReport, type RowProblem } from '#shared/sync/index';
import type { Database } from '../db/database';
import { audit } from '../auth/accounts';
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
  { key: 'protocol', headers: ['通信协议', 'protocol'], required: false },
  { key: 'stationAddress', headers: ['测站地址', 'stationAddress'], required: false },
  { key: 'instrumentRanges', headers: ['量程', '仪器量程', 'instrumentRanges'], required: false },
] as const;

const kindNames: Record<string, string> = {
  取用水户监测点: 'intake',
  水源地水质自动监测站: 'source_quality',
  省界断面: 'boundary_section',
};
const statusNames: Record<string, string> = { 在用: 'active', 停用: 'suspended', 撤销: 'decommissioned' };
/** Protocol names operators write, by their registry id (upper-cased, spaces and slashes dropped). */
const protocolNames: Record<string, StationProtocol> = {
  SZY206: 'szy206-2016',
  'SZY206-2016': 'szy206-2016',
  SLT427: 'sl427-2021',
  SL427: 'sl427-2021',
  'SL427-2021': 'sl427-2021',
  SL651: 'sl651-2014',
  'SL651-2014': 'sl651-2014',
  HJ212: 'hj212-2017',
  'HJ212-2017': 'hj212-2017',
};

/** The site's station from the two columns: both empty = none; one without the other is a problem. */
function stationOf(
  protocolText: string,
  addressText: string,
): { station: Site['station'] } | { column: string; reason: string } {
  if (protocolText === '' && addressText === '') {
    return { station: null };
  }
  const protocol = protocolNames[protocolText.toUpperCase().replace(/[\s/]/g, '')];
  if (protocol === undefined) {
    return {
      column: '通信协议',
      reason: `unknown protocol "${protocolText}" (SZY206, SL/T 427, SL651 or HJ 212)`,
    };
  }
  if (addressText === '') {
    return { column: '测站地址', reason: `a ${protocolText} station needs its address` };
  }
  const parsed = parseStationAddress(protocol, addressText);
  return parsed.ok
    ? { station: { protocol, address: parsed.address } }
    : { column: '测站地址', reason: parsed.reason };
}

const rangeNumber = String.raw`-?\d+(?:\.\d+)?`;
const rangePattern = new RegExp(
  `^([A-Za-z0-9_]+)\\s*[:：]\\s*(${rangeNumber})\\s*[-~～]\\s*(${rangeNumber})$`,
);

/**
 * The site's instrument ranges from the 量程 column: `element:min-max` per element, `;` between them
 * (`flow:0-500;level:-2-10`; `~` may stand for the dash). Empty: none. Each element must be one the
 * site reports, once, with min below max.
 */
export function instrumentRangesOf(
  text: string,
  elements: readonly string[],
): { ranges: InstrumentRange[] } | { reason: string } {
  const ranges: InstrumentRange[] = [];
  for (const part of text.split(/[;；]/).map((p) => p.trim())) {
    if (part === '') {
      continue;
    }
    const m = rangePattern.exec(part);
    if (m === null) {
      return { reason: `"${part}" is not element:min-max (e.g. flow:0-500)` };
    }
    const [, element = '', minText = '', maxText = ''] = m;
    const min = Number(minText);
    const max = Number(maxText);
    if (!elements.includes(element)) {
      return { reason: `${element} is not one of the site's elements (${elements.join(', ')})` };
    }
    if (ranges.some((r) => r.element === element)) {
      return { reason: `${element} has a range twice` };
    }
    if (!(min < max)) {
      return { reason: `the range of ${element} must run from a lower to a higher value, not ${min}-${max}` };
    }
    ranges.push({ element, min, max });
  }
  return { ranges };
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

type Parsed = {
  sites: Record<string, unknown>[];
  waterUsers: Record<string, unknown>[];
  permits: Record<string, unknown>[];
  /** The file row (1 = header) each record was read from; the first row for shared ones. */
  rowOf: Map<string, number>;
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
  const out: Parsed = { sites: [], waterUsers: [], permits: [], rowOf: new Map() };
  const codes = new Map<string, number>();
  const stations = new Map<string, number>();
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
    const elements = (v['elements'] ?? '').split(/[;；,，\s]+/).filter((e) => e.length > 0);
    const ranges = instrumentRangesOf(v['instrumentRanges'] ?? '', elements);
    if ('reason' in ranges) {
      problems.push({ row, column: '量程', reason: ranges.reason });
    }
    const station = stationOf(v['protocol'] ?? '', v['stationAddress'] ?? '');
    if ('reason' in station) {
      problems.push({ row, ...station });
    } else if (station.station !== null) {
      const key = `${station.station.protocol}/${station.station.address}`;
      const before = stations.get(key);
      if (before !== undefined) {
        problems.push({
          row,
          column: '测站地址',
          reason: `station ${station.station.address} already appears in row ${before}`,
        });
      }
      stations.set(key, row);
    }
    if (problems.length > rowProblems || 'reason' in station) {
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
        out.rowOf.set(`water_users/${waterUserId}`, row);
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
        out.rowOf.set(`permits/${permitId}`, row);
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
      elements,
      station: station.station,
      instrumentRanges: 'ranges' in ranges ? ranges.ranges : [],
      targets: null,
      status,
      registeredOn: v['registeredOn'],
      updatedAt: now,
    };
    if (check(row, collections.sites, site, null)) {
      out.sites.push(site);
      out.rowOf.set(`sites/${site.id}`, row);
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

/** Who runs an admin action, and the region it may act in (`all`: the platform itself, e.g. the CLI). */
export type AdminActor = { readonly actor: string; readonly scope: string };

/**
 * Imports a registry file: every row valid and inside the admin's region, or nothing written (one
 * transaction, under the admin's region so row-level security checks it a second time). A row outside
 * the region — by its own division code, or because its site, water user or permit is registered in
 * another region — is refused as `outside-region`, each named by row. The import is in the audit log.
 */
export async function importRegistry(
  db: Database,
  rows: readonly string[][],
  now: number,
  by: AdminActor,
): Promise<ImportReport> {
  const parsed = parseRegistry(rows, now);
  if (!parsed.ok) {
    throw new SyncError(
      'import-invalid',
      `${parsed.problems.length} problem(s) in the registry file; nothing was imported — ${shownProblems(parsed.problems)}`,
      parsed.problems,
    );
  }
  const { sites, waterUsers, permits, rowOf } = parsed.value;
  // The region rule the push and the laptop use; `all` (the whole platform) holds every division.
  const outside = (division: string) => by.scope !== 'all' && !inScope(division, by.scope);
  const problems: RowProblem[] = sites
    .filter((site) => outside(site['divisionCode'] as string))
    .map((site) => ({
      row: rowOf.get(`sites/${site['id'] as string}`) ?? 0,
      column: '行政区划代码',
      reason: `division ${site['divisionCode'] as string} is outside your region ${by.scope}`,
    }));
  if (problems.length === 0 && by.scope !== 'all') {
    problems.push(...(await registeredElsewhere(db, parsed.value, by.scope)));
  }
  if (problems.length === 0) {
    problems.push(...(await stationsTaken(db, parsed.value)));
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.row - b.row);
    throw new SyncError(
      'outside-region',
      `${problems.length} row(s) of the registry file lie outside your region ${by.scope}; nothing was imported — ${shownProblems(problems)}`,
      problems,
    );
  }
  return scoped(db, by.scope, async (tx) => {
    const w = await upsertRecords(tx, 'water_users', waterUsers, now);
    const p = await upsertRecords(tx, 'permits', permits, now);
    const s = await upsertRecords(tx, 'sites', sites, now);
    const report: ImportReport = {
      rows: sites.length,
      sites: { created: s.created, updated: s.updated },
      waterUsers: { created: w.created, updated: w.updated },
      permits: { created: p.created, updated: p.updated },
    };
    await audit(tx, now, by.actor, 'registry.import', null, { scope: by.scope, ...report });
    return report;
  });
}

function shownProblems(problems: readonly RowProblem[]): string {
  return problems
    .slice(0, 5)
    .map((p) => `row ${p.row}${p.column ? ` (${p.column})` : ''}: ${p.reason}`)
    .join('; ');
}

/**
 * Stations of the file already registered to another site: the receiver could not tell which site a
 * frame belongs to. (A site keeping its own station, or the file moving it between its own sites, is fine.)
 */
async function stationsTaken(db: Database, parsed: Parsed): Promise<RowProblem[]> {
  const withStation = parsed.sites.filter((d) => d['station'] !== null);
  if (withStation.length === 0) {
    return [];
  }
  const stationKey = (d: Record<string, unknown>) => {
    const st = d['station'] as { protocol: string; address: string };
    return `${st.protocol}/${st.address}`;
  };
  const fileIds = parsed.sites.map((d) => d['id'] as string);
  const { rows } = await scoped(db, 'all', (tx) =>
    tx.query<{ id: string; key: string }>(
      `select id, (doc -> 'station' ->> 'protocol') || '/' || (doc -> 'station' ->> 'address') as key
       from records where collection = 'sites' and not deleted and doc -> 'station' <> 'null'::jsonb
         and (doc -> 'station' ->> 'protocol') || '/' || (doc -> 'station' ->> 'address') = any($1::text[])
         and not (id = any($2::text[]))`,
      [withStation.map(stationKey), fileIds],
    ),
  );
  const holder = new Map(rows.map((r) => [r.key, r.id]));
  return withStation.flatMap((d) => {
    const other = holder.get(stationKey(d));
    return other === undefined
      ? []
      : [
          {
            row: parsed.rowOf.get(`sites/${d['id'] as string}`) ?? 0,
            column: '测站地址',
            reason: `station ${stationKey(d)} is registered to site ${other}`,
          },
        ];
  });
}

/**
 * Records of the file whose id is already registered outside the admin's region: importing them would
 * move another region's site (or water user, or permit) into this one.
 */
async function registeredElsewhere(db: Database, parsed: Parsed, scope: string): Promise<RowProblem[]> {
  const keys = [
    ...parsed.sites.map((d) => ['sites', d['id'] as string] as const),
    ...parsed.waterUsers.map((d) => ['water_users', d['id'] as string] as const),
    ...parsed.permits.map((d) => ['permits', d['id'] as string] as const),
  ];
  const { rows } = await scoped(db, 'all', (tx) =>
    tx.query<{ collection: string; id: string }>(
      `select r.collection, r.id from records r
       join unnest($1::text[], $2::text[]) as k(collection, id) on r.collection = k.collection and r.id = k.id
       where left(r.division_code, length($3)) <> $3`,
      [keys.map((k) => k[0]), keys.map((k) => k[1]), scope],
    ),
  );
  const what: Record<string, [string, string]> = {
    sites: ['站点编码', 'site'],
    water_users: ['统一社会信用代码', 'water user'],
    permits: ['取水许可证编号', 'permit'],
  };
  return rows.map((r) => {
    const [column, noun] = what[r.collection] ?? [null, r.collection];
    return {
      row: parsed.rowOf.get(`${r.collection}/${r.id}`) ?? 0,
      column,
      reason: `${noun} ${r.id} is registered outside your region ${scope}; only an admin of a region holding both may move it`,
    };
  });
}
