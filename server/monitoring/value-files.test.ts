import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, expect } from 'vitest';
import type { SiteHealth } from '#shared/domain/index';
import { SyncError } from '#shared/sync/index';
import { migrate } from '../db/migrate';
import { importRegistry } from '../platform/registry-import';
import { parseCsv, parseXlsx } from '../platform/tabular';
import { describeOnEngines } from '../testing/engines';
import { deriveReportCounts } from './derived-counts';
import { ingestValueFile, listValues } from './value-files';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
// 2026-11-20 12:00 Beijing.
const t0 = Date.UTC(2026, 10, 20, 4);
const platform = { actor: 'cli:test', scope: 'all' };
const county = { actor: 'cli:county', scope: '530381' };

const failure = async (work: Promise<unknown>) => {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
};

describeOnEngines('monitoring values from files', ({ db, test }) => {
  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), t0, platform);
  });

  test('a file with bad rows is refused whole, each problem named by row and column', async () => {
    const rows = parseCsv(
      [
        'siteCode,time,element,value,flag',
        '5303810001,2026-11-19T08:00:00+08:00,flow,1.5,',
        '5303810001,2026-11-19 08:00,flow,1.5,',
        '5303810001,2026-11-19T09:00:00+08:00,rain,1,',
        '5303810001,2026-11-19T10:00:00+08:00,volume,lots,',
        '5303810001,2026-11-19T08:00:00+08:00,flow,1.6,',
      ].join('\n'),
    );
    const error = await failure(ingestValueFile(db(), rows, t0, platform));
    expect(error.code).toBe('import-invalid');
    expect(error.details).toEqual([
      {
        row: 3,
        column: 'time',
        reason: expect.stringMatching(/not an ISO 8601 time with its offset/) as unknown,
      },
      {
        row: 4,
        column: 'element',
        reason: expect.stringMatching(/"rain" is not an element code/) as unknown,
      },
      { row: 5, column: 'value', reason: '"lots" is not a number' },
      {
        row: 6,
        column: 'time',
        reason: '5303810001 flow at 2026-11-19T08:00:00+08:00 already appears in row 2',
      },
    ]);
    expect((await db().query('select 1 from monitoring_values')).rows).toEqual([]);
    const missing = await failure(
      ingestValueFile(db(), parseCsv('siteCode,time,value\nx,y,1'), t0, platform),
    );
    expect(missing.details).toEqual([
      { row: 1, column: '要素', reason: 'this column is missing from the header row' },
    ]);
  });

  test('a county admin cannot file values of a site outside its region; it reads as unknown', async () => {
    const rows = parseCsv('站点编码,时间,要素,数值\n5303000003,2026-11-19T08:00:00+08:00,level,1.2');
    const error = await failure(ingestValueFile(db(), rows, t0, county));
    expect(error.details).toEqual([
      { row: 2, column: 'siteCode', reason: 'no site with code 5303000003 in your region 530381' },
    ]);
    const listed = await failure(listValues(db(), { siteCode: '5303000003', from: 0, to: t0 }, county));
    expect(listed.code).toBe('not-found');
  });

  test('an XLSX export is stored once, listed by time, and fills the day counts site health reads', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('values');
    ws.addRow(['siteCode', 'time', 'element', 'value', 'flag']);
    // 2026-11-19, hours 00–22 Beijing: 23 of 24 hourly slots, flow and volume each.
    for (let h = 0; h < 23; h += 1) {
      const time = `2026-11-19T${String(h).padStart(2, '0')}:00:00+08:00`;
      ws.addRow(['5303810001', time, 'flow', 1 + h / 10, '']);
      ws.addRow(['5303810001', time, 'volume', 1000 + h * 5, 'N']);
    }
    const rows = await parseXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(await ingestValueFile(db(), rows, t0, county)).toEqual({ rows: 46, stored: 46, unchanged: 0 });
    expect(await ingestValueFile(db(), rows, t0 + 1, county)).toEqual({ rows: 46, stored: 0, unchanged: 46 });
    const listed = await listValues(
      db(),
      {
        siteCode: '5303810001',
        from: Date.parse('2026-11-19T00:00:00+08:00'),
        to: Date.parse('2026-11-19T02:00:00+08:00'),
      },
      county,
    );
    expect(listed).toEqual([
      { time: '2026-11-18T16:00:00.000Z', element: 'flow', value: 1, source: 'file' },
      { time: '2026-11-18T16:00:00.000Z', element: 'volume', value: 1000, source: 'file' },
      { time: '2026-11-18T17:00:00.000Z', element: 'flow', value: 1.1, source: 'file' },
      { time: '2026-11-18T17:00:00.000Z', element: 'volume', value: 1005, source: 'file' },
    ]);
    const audit = await db().query<{ action: string; actor: string }>(
      `select action, actor from audit_log where action = 'monitoring-values.ingest' order by id`,
    );
    expect(audit.rows).toEqual([
      { action: 'monitoring-values.ingest', actor: 'cli:county' },
      { action: 'monitoring-values.ingest', actor: 'cli:county' },
    ]);

    expect(await deriveReportCounts(db(), ['5303810001'], t0, '530381')).toEqual({ sites: 1, days: 1 });
    const { rows: health } = await db().query<{ doc: SiteHealth }>(
      `select doc from records where collection = 'site_health' and id = 'site-5303810001'`,
    );
    const doc = health[0]!.doc;
    const day = doc.expected.length - 1 - 1; // the window ends on the last day known: 2026-11-19
    expect(doc.firstDay).toBe('2026-08-22');
    expect(doc.expected[doc.expected.length - 1]).toBe(24);
    expect(doc.receivedSlots[doc.receivedSlots.length - 1]).toBe(23);
    expect(doc.validValues[doc.validValues.length - 1]).toBe(46);
    expect(doc.receivedSlots[day]).toBe(0);
  });
});
