/* eslint-disable @typescript-eslint/no-unsafe-assignment -- asymmetric matchers are typed any */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { MonthlyReport } from '#shared/reports/monthly-schema';
import type { PullResponse } from '#shared/sync/index';
import { xlsxMime } from '../routes/platform';
import { hour, registryTemplate, t0, useServiceWithDevices } from '../testing/admin-rig';
import { describeOnEngines } from '../testing/engines';
import { bearer, sample, testId } from '../testing/service';

const template = registryTemplate;

async function xlsxOf(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名录');
  for (const r of rows) {
    ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeOnEngines('the platform side', ({ db, test }) => {
  let now = t0;
  const rig = useServiceWithDevices(db, () => now, {
    admin: ['admin', '53'],
    tech: ['technician', '530381'],
  });
  const { post, devices } = rig;

  test('an XLSX registry with bad rows is refused whole, every row named; nothing is written', async () => {
    const header = template.split('\n')[0]!.split(',');
    const good = template.split('\n')[1]!.split(',');
    const file = await xlsxOf([
      header,
      good,
      ['5303810009', '坏坐标', '取用水户监测点', '530381', 'north', '104.1', '60', 'flow', '2024-01-01'],
      ['5303810010', '坏类型', '水塔', '530381', '26.1', '104.1', '60', 'flow', '2024-01-01'],
      good, // duplicate code
      ['5303810011', '坏区划', '省界断面', '5303', '26.1', '104.1', '60', 'flow', '2024-01-01'],
    ]);
    const response = await post('/v1/admin/registry/import', devices.admin.token, file, xlsxMime);
    expect(response.statusCode).toBe(422);
    const body = response.json<{
      error: {
        code: string;
        message: string;
        details: { row: number; column: string | null; reason: string }[];
      };
    }>();
    expect(body.error.code).toBe('import-invalid');
    expect(body.error.message).toMatch(/nothing was imported/);
    expect([...new Set(body.error.details.map((d) => d.row))]).toEqual([3, 4, 5, 6]);
    expect(body.error.details[0]).toMatchObject({
      column: '纬度',
      reason: expect.stringMatching(/not a number/),
    });
    expect(body.error.details[1]).toMatchObject({
      column: '站点类型',
      reason: expect.stringMatching(/水塔/),
    });
    expect(body.error.details[2]).toMatchObject({ reason: 'site code 5303810001 already appears in row 2' });
    expect(body.error.details[3]?.reason).toMatch(/divisionCode/);
    const { rows } = await db().query(
      `select 1 from records where collection in ('sites', 'water_users', 'permits')`,
    );
    expect(rows).toEqual([]);
  });

  test('the template imports (CSV and XLSX alike); importing again changes nothing', async () => {
    const csv = await post('/v1/admin/registry/import', devices.admin.token, template, 'text/csv');
    expect(csv.json()).toEqual({
      rows: 3,
      sites: { created: 3, updated: 0 },
      waterUsers: { created: 1, updated: 0 },
      permits: { created: 1, updated: 0 },
    });
    const xlsx = await post(
      '/v1/admin/registry/import',
      devices.admin.token,
      readFileSync(new URL('../../resources/registry-template.xlsx', import.meta.url)),
      xlsxMime,
    );
    expect(xlsx.json()).toMatchObject({ rows: 3, sites: { created: 0, updated: 0 } });
    // Technicians may not import; the county technician pulls the two sites of its county.
    expect(
      (await post('/v1/admin/registry/import', devices.tech.token, template, 'text/csv')).json(),
    ).toMatchObject({
      error: { code: 'forbidden' },
    });
    const pulled = await rig.app().inject({
      url: '/v1/sync/sites/pull?tx=0&seq=0',
      headers: bearer(devices.tech.token),
    });
    expect(
      pulled
        .json<PullResponse>()
        .documents.map((d) => d['code'])
        .sort(),
    ).toEqual(['5303810001', '5303810002']);
  });

  test('reporting counts become site health, then silent and below-target sites get one task each', async () => {
    const day = (d: string, site: string, received: number, last: number | null) => ({
      siteCode: site,
      day: d,
      expected: 24,
      receivedSlots: received,
      validValues: received * 2,
      reports: received,
      lastReportAt: last,
    });
    const bad = await post('/v1/platform/report-counts', devices.admin.token, {
      rows: [day('2026-11-19', 'nope', 1, null), { siteCode: '5303810001' }],
    });
    expect(bad.json()).toMatchObject({
      error: {
        code: 'import-invalid',
        details: [
          { row: 2 },
          { row: 2 },
          { row: 2 },
          { row: 2 },
          { row: 2 },
          { row: 1, reason: 'no site with code nope in your region 53' },
        ],
      },
    });
    const csv = [
      'siteCode,day,expected,receivedSlots,validValues,reports,lastReportAt',
      `5303810001,2026-11-19,24,24,48,24,${t0 - 2 * hour}`,
      `5303810002,2026-11-19,6,1,2,1,${t0 - 30 * hour}`,
      `5303000003,2026-11-19,24,24,48,24,${t0 - hour}`,
    ].join('\n');
    const ingested = await post('/v1/platform/report-counts', devices.admin.token, csv, 'text/csv');
    expect(ingested.json()).toMatchObject({ rows: 3, sites: 3, days: 1, automation: { tasksCreated: 1 } });
    const health = await rig.app().inject({
      url: '/v1/records/site_health?siteId=site-5303810002',
      headers: bearer(devices.tech.token),
    });
    expect(health.json<{ records: Record<string, unknown>[] }>().records[0]).toMatchObject({
      firstDay: '2026-08-22',
      lastReportAt: t0 - 30 * hour,
    });
    const tasks = await rig.app().inject({ url: '/v1/records/tasks', headers: bearer(devices.admin.token) });
    const list = tasks.json<{
      records: { reason: string; siteId: string; assignedScope: string; dedupKey: string }[];
    }>().records;
    // Site 2: 1 of 6 slots and silent for 30 h — its status is silent (worst first), one patrol task;
    // sites 1 and 3 meet their targets.
    // (The demo policy's patrol schedules raise their own visits, told apart by reason `scheduled`.)
    const raised = list.filter((t) => t.reason !== 'scheduled');
    expect(raised.map((t) => `${t.reason}:${t.siteId}`).sort()).toEqual(['silent:site-5303810002']);
    expect(raised.every((t) => t.assignedScope === '530381')).toBe(true);
    const again = await post('/v1/platform/automation/run', devices.admin.token, {});
    expect(again.json()).toMatchObject({ tasksCreated: 0, tasksExisting: 1 });
  });

  test('a repaired fault is verified when reports resume, and reopened when the window passes without them', async () => {
    const push = (doc: Record<string, unknown>) =>
      post('/v1/sync/fault_events/push', devices.tech.token, {
        rows: [{ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }],
      });
    const base = { siteId: 'site-5303810001', divisionCode: '530381' };
    await push(
      sample('fault_events', {
        ...base,
        id: testId('fa-open'),
        faultId: 'fault-a',
        type: 'opened',
        recordedAt: t0 - 5 * hour,
      }),
    );
    await push(
      sample('fault_events', {
        ...base,
        id: testId('fa-rep'),
        faultId: 'fault-a',
        type: 'repaired',
        actions: '更换通信模块',
        recordedAt: t0 - 3 * hour,
      }),
    );
    const b = { siteId: 'site-5303810002', divisionCode: '530381' };
    await push(
      sample('fault_events', {
        ...b,
        id: testId('fb-open'),
        faultId: 'fault-b',
        type: 'opened',
        recordedAt: t0 - 5 * hour,
      }),
    );
    await push(
      sample('fault_events', {
        ...b,
        id: testId('fb-rep'),
        faultId: 'fault-b',
        type: 'repaired',
        actions: '更换通信模块',
        recordedAt: t0 - 3 * hour,
      }),
    );
    // Site 1 reports a full good day after the platform received its repair; site 2 stays silent.
    now = t0 + 40 * hour;
    await post('/v1/platform/report-counts', devices.admin.token, {
      rows: [
        {
          siteCode: '5303810001',
          day: '2026-11-21',
          expected: 24,
          receivedSlots: 24,
          validValues: 48,
          reports: 24,
          lastReportAt: t0 + 35 * hour,
        },
      ],
    });
    now = t0 + 80 * hour;
    const run = await post('/v1/platform/automation/run', devices.admin.token, {});
    // Fault A was verified as soon as its reports arrived (the ingestion runs the automation); B only
    // now, when its window has passed without data.
    expect(run.json()).toMatchObject({ faultsVerified: 0, faultsReopened: 1 });
    const events = await rig
      .app()
      .inject({ url: '/v1/records/fault_events', headers: bearer(devices.tech.token) });
    const types = events
      .json<{ records: { faultId: string; type: string; operatorId: string }[] }>()
      .records.filter((e) => e.operatorId === 'platform');
    expect(types.map((e) => `${e.faultId}:${e.type}`).sort()).toEqual([
      'fault-a:verified',
      'fault-b:reopened',
    ]);
    expect((await post('/v1/platform/automation/run', devices.admin.token, {})).json()).toMatchObject({
      faultsVerified: 0,
      faultsReopened: 0,
    });
  });

  test('the monthly report per region, as JSON and as the 月报 / 整改反馈 workbooks', async () => {
    await post('/v1/sync/patrols/push', devices.tech.token, {
      rows: [
        {
          assumedMasterState: null,
          newDocumentState: {
            ...sample('patrols', {
              id: testId('pt-m'),
              siteId: 'site-5303810001',
              recordedAt: t0,
              checkIn: { ...(sample('patrols', {}) as { checkIn: object }).checkIn, at: t0 },
            }),
            _deleted: false,
          },
        },
      ],
    });
    const response = await rig.app().inject({
      url: '/v1/reports/monthly?region=5303&month=2026-11',
      headers: bearer(devices.admin.token),
    });
    const report = response.json<MonthlyReport>();
    // The one report builder the laptops use, over the month so far (cut at the last complete day).
    expect(report.period).toMatchObject({ from: '2026-11-01', to: '2026-11-22', partial: true, days: 22 });
    expect(report.totals).toMatchObject({
      sites: 3,
      patrols: 1,
      sitesPatrolled: 1,
      faultsOpened: 2,
      faultsClosed: 1,
      faultsOpenAtEnd: 1,
      sitesBelowTarget: 1,
    });
    expect(report.sites.map((x) => `${x.code}:${x.status}`)).toEqual([
      '5303000003:silent',
      '5303810001:silent',
      '5303810002:fault',
    ]);
    // A running month's report shows the tickets as they stand when it is made (rates cover complete
    // days only): fault B was reopened today.
    expect(report.faults.map((f) => `${f.faultId}:${f.statusAtMonthEnd}`).sort()).toEqual([
      'fault-a:verified',
      'fault-b:reopened',
    ]);
    expect(report.belowTarget.map((b) => b.siteCode)).toEqual(['5303810002']);
    // 运维考核 travels in the JSON with fields named for what they count, the previous month beside it.
    expect(report.kpis?.current).toMatchObject({ month: '2026-11', region: { faultsOpened: 2, patrols: 1 } });
    expect(report.kpis?.previous.month).toBe('2026-10');
    const outside = await rig.app().inject({
      url: '/v1/reports/monthly?region=11&month=2026-11',
      headers: bearer(devices.tech.token),
    });
    expect(outside.json()).toMatchObject({ error: { code: 'forbidden' } });
    for (const [kind, sheets] of [
      ['monthly', 9],
      ['rectification', 3],
    ] as const) {
      const xlsx = await rig.app().inject({
        url: `/v1/reports/monthly.xlsx?region=53&month=2026-11&kind=${kind}`,
        headers: bearer(devices.admin.token),
      });
      expect(xlsx.headers['content-type']).toBe(xlsxMime);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets[0]?.name).toBe('概况');
      expect(wb.worksheets).toHaveLength(sheets);
      expect(wb.worksheets[0]?.getCell(5, 2).value).toBe(
        '2026-11-01 至 2026-11-22，共 22 天（本月截至目前，未满月）',
      );
    }
  });

  test('/docs serves the OpenAPI document with every route', async () => {
    const doc = (await rig.app().inject({ url: '/docs/json' })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sync/{collection}/pull',
        '/v1/sync/{collection}/push',
        '/v1/auth/enroll',
        '/v1/admin/registry/import',
        '/v1/reports/monthly',
      ]),
    );
    expect((await rig.app().inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
