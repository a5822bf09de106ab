import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { ThreeLevelReport } from './three-level';
import { parseMinistryCounts, threeLevelCheck } from './three-level';
import { ingestReportCounts } from './report-counts';
import { parseCsv, parseXlsx } from './tabular';
import { xlsxMime } from '../routes/platform';
import { t0, useServiceWithDevices } from '../testing/admin-rig';
import { describeOnEngines } from '../testing/engines';
import { seedSites } from '../testing/service';

/**
 * The planted file (BOM, Chinese header, CRLF): against the province's counts below it holds one 漏发
 * of each kind (5303810001: fewer on the 17th, nothing on the 18th) and 错发 of each kind (5303810002:
 * more on the 16th, reports on the 18th the province does not hold; 5303819999: a site nobody knows;
 * 1101010001: a Beijing site).
 */
const planted = readFileSync(new URL('./fixtures/three-level/ministry-counts.csv', import.meta.url));
const plantedRows = () => parseCsv(new TextDecoder().decode(planted));

const held = (siteCode: string, day: string, reports: number) => ({
  siteCode,
  day,
  expected: 24,
  receivedSlots: reports,
  validValues: reports,
  reports,
  lastReportAt: null,
});

const line = (d: ThreeLevelReport['differences'][number]) =>
  `${d.siteCode} ${d.day} ${d.class} ${d.kind} ${d.province ?? '-'}/${d.ministry ?? '-'}`;

describeOnEngines('三级贯通: the ministry file against the province', ({ db, test }) => {
  const rig = useServiceWithDevices(db, () => t0, {
    county: ['admin', '530381'],
    province: ['admin', '53'],
    tech: ['technician', '530381'],
  });
  const all = { actor: 'cli:test', scope: 'all' };

  test('the province holds its counts', async () => {
    await seedSites(db(), t0);
    const report = await ingestReportCounts(
      db(),
      [
        held('5303810001', '2026-11-16', 24),
        held('5303810001', '2026-11-17', 24),
        held('5303810001', '2026-11-18', 24),
        held('5303810002', '2026-11-16', 24),
        held('5303810002', '2026-11-17', 24),
      ],
      t0,
      all,
    );
    expect(report.rows).toBe(5);
  });

  test('the planted file: 漏发 and 错发 listed per site and day, counts side by side', async () => {
    const report = await threeLevelCheck(db(), plantedRows(), {}, { actor: 'cli:test', scope: '53' }, t0);
    expect(report).toMatchObject({ region: '53', from: '2026-11-16', to: '2026-11-18', rows: 7 });
    expect(report.differences.map(line)).toEqual([
      '1101010001 2026-11-17 cuo_fa unknown_site -/24',
      '5303810001 2026-11-17 lou_fa fewer_sent 24/20',
      '5303810001 2026-11-18 lou_fa not_sent 24/-',
      '5303810002 2026-11-16 cuo_fa more_sent 24/25',
      '5303810002 2026-11-18 cuo_fa not_held 0/6',
      '5303819999 2026-11-17 cuo_fa unknown_site -/24',
    ]);
    expect(report.summary).toEqual({ lou_fa: 2, cuo_fa: 4 });
    const { rows } = await db().query<{ actor: string; at: string; detail: Record<string, unknown> }>(
      "select actor, at::text, detail from audit_log where action = 'three-level.check' order by id",
    );
    expect(rows.at(-1)).toMatchObject({
      actor: 'cli:test',
      at: String(t0),
      detail: { scope: '53', from: '2026-11-16', to: '2026-11-18', lou_fa: 2, cuo_fa: 4 },
    });
  });

  test('the whole platform knows the Beijing site: its reports are not held, not unknown', async () => {
    const report = await threeLevelCheck(db(), plantedRows(), {}, all, t0);
    expect(report.differences.filter((d) => d.siteCode === '1101010001').map(line)).toEqual([
      '1101010001 2026-11-17 cuo_fa not_held 0/24',
    ]);
  });

  test("a county admin compares only its county's sites; other rows are counted, not revealed", async () => {
    const report = await threeLevelCheck(db(), plantedRows(), {}, { actor: 'c', scope: '530381' }, t0);
    expect(report.differences.map((d) => d.siteCode)).not.toContain('5303819999');
    expect(report.differences.map((d) => d.siteCode)).not.toContain('1101010001');
    expect(report).toMatchObject({ rows: 5, notCompared: 2, summary: { lou_fa: 2, cuo_fa: 2 } });
  });

  test('a narrower range of days compares only those', async () => {
    const report = await threeLevelCheck(
      db(),
      plantedRows(),
      { from: '2026-11-18', to: '2026-11-18' },
      all,
      t0,
    );
    expect(report.differences.map(line)).toEqual([
      '5303810001 2026-11-18 lou_fa not_sent 24/-',
      '5303810002 2026-11-18 cuo_fa not_held 0/6',
    ]);
  });

  test('refuses days older than the province keeps, and a region outside the admin’s', async () => {
    await expect(threeLevelCheck(db(), plantedRows(), { from: '2026-08-01' }, all, t0)).rejects.toMatchObject(
      { code: 'invalid-body' },
    );
    await expect(
      threeLevelCheck(db(), plantedRows(), { region: '53' }, { actor: 'c', scope: '530381' }, t0),
    ).rejects.toMatchObject({ code: 'outside-region' });
  });

  test('a file with bad rows is refused whole, every bad row named, nothing logged', async () => {
    const before = await db().query("select id from audit_log where action = 'three-level.check'");
    const rows = parseCsv(
      'siteCode,day,count\n5303810001,2026-11-16,24\n5303810001,2026-02-30,24\n,2026-11-16,1\n' +
        '5303810002,2026-11-16,-3\n5303810001,2026-11-16,23\n5303810002,2026-11-17,2.5\n',
    );
    const error = await threeLevelCheck(db(), rows, {}, all, t0).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'import-invalid' });
    const details = (error as { details: { row: number; column: string }[] }).details;
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [3, 'day'],
      [4, 'siteCode'],
      [5, 'count'],
      [6, 'day'],
      [7, 'count'],
    ]);
    const after = await db().query("select id from audit_log where action = 'three-level.check'");
    expect(after.rows.length).toBe(before.rows.length);
    expect(parseMinistryCounts(parseCsv('站点编码,日期\n1,2026-11-16\n'))).toEqual({
      ok: false,
      problems: [{ row: 1, column: '条数', reason: 'this column is missing' }],
    });
  });

  test('XLSX (a day typed as a date) and the English header read the same', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('counts');
    ws.addRow(['siteCode', 'day', 'count']);
    ws.addRow(['5303810001', new Date(Date.UTC(2026, 10, 17)), 20]);
    ws.addRow(['5303810002', '2026-11-18', '6']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(parseMinistryCounts(await parseXlsx(bytes))).toEqual({
      ok: true,
      counts: [
        { siteCode: '5303810001', day: '2026-11-17', count: 20 },
        { siteCode: '5303810002', day: '2026-11-18', count: 6 },
      ],
    });
    const response = await rig.post(
      '/v1/platform/three-level',
      rig.devices.county.token,
      Buffer.from(bytes),
      xlsxMime,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<ThreeLevelReport>().differences.map(line)).toEqual([
      '5303810001 2026-11-17 lou_fa fewer_sent 24/20',
      '5303810001 2026-11-18 lou_fa not_sent 24/-',
      '5303810002 2026-11-17 lou_fa not_sent 24/-',
      '5303810002 2026-11-18 cuo_fa not_held 0/6',
    ]);
  });

  test('the route: the planted CSV for admins of the region, refused to a crew', async () => {
    const csv = planted.toString('utf8');
    const asProvince = await rig.post(
      '/v1/platform/three-level',
      rig.devices.province.token,
      csv,
      'text/csv',
    );
    expect(asProvince.statusCode).toBe(200);
    expect(asProvince.json<ThreeLevelReport>().summary).toEqual({ lou_fa: 2, cuo_fa: 4 });
    const asCrew = await rig.post('/v1/platform/three-level', rig.devices.tech.token, csv, 'text/csv');
    expect(asCrew.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    const wider = await rig.post(
      '/v1/platform/three-level?region=53',
      rig.devices.county.token,
      csv,
      'text/csv',
    );
    expect(wider.json<{ error: { code: string } }>().error.code).toBe('outside-region');
  });
});
