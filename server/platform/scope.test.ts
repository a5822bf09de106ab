import { expect } from 'vitest';
import { hour, registryTemplate, t0, useServiceWithDevices } from '../testing/admin-rig';
import { describeOnEngines } from '../testing/engines';
import { ingestReportCounts } from './report-counts';

const header = registryTemplate.split('\n')[0]!;

const siteRow = (code: string, division: string, name = `站点${code}`) =>
  `${code},${name},取用水户监测点,${division},26.2,104.1,60,flow,2024-01-01,在用,示例河,,,,,,`;

type ErrorBody = { error: { code: string; message: string; details?: { row: number; reason: string }[] } };

describeOnEngines('an admin acts within its region only', ({ db, test }) => {
  const now = t0;
  const { post, devices } = useServiceWithDevices(db, () => now, {
    county: ['admin', '530381'],
    province: ['admin', '53'],
  });

  const importCsv = (token: string, rows: string[]) =>
    post('/v1/admin/registry/import', token, [header, ...rows].join('\n'), 'text/csv');
  const siteIds = async () =>
    (
      await db().query<{ id: string }>(`select id from records where collection = 'sites' order by id`)
    ).rows.map((r) => r.id);
  const auditOf = async (actor: string) =>
    (
      await db().query<{ action: string; detail: Record<string, unknown> | null }>(
        "select action, detail from audit_log where actor = $1 and action not like 'device.%' order by id",
        [actor],
      )
    ).rows;

  test('the province admin imports the province registry, and it is in the audit log', async () => {
    const response = await post(
      '/v1/admin/registry/import',
      devices.province.token,
      registryTemplate,
      'text/csv',
    );
    expect(response.statusCode).toBe(200);
    expect(await siteIds()).toEqual(['site-5303000003', 'site-5303810001', 'site-5303810002']);
    expect(await auditOf(devices.province.username)).toMatchObject([
      { action: 'registry.import', detail: { rows: 3, scope: '53' } },
    ]);
  });

  test('a county admin importing rows of Beijing or of another county is refused, row by row, and nothing is written', async () => {
    const response = await importCsv(devices.county.token, [
      siteRow('5303810077', '530381'),
      siteRow('1101010001', '110101'),
      siteRow('5303020002', '530302'),
    ]);
    expect(response.statusCode).toBe(403);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('outside-region');
    expect(body.error.details?.map((d) => d.row)).toEqual([3, 4]);
    expect(body.error.message).toMatch(/nothing was imported/);
    expect(await siteIds()).toEqual(['site-5303000003', 'site-5303810001', 'site-5303810002']);
  });

  test("a county admin cannot take another county's site into its own by naming its code", async () => {
    const response = await importCsv(devices.county.token, [siteRow('5303000003', '530381', '改名')]);
    expect(response.statusCode).toBe(403);
    expect(response.json<ErrorBody>().error.code).toBe('outside-region');
    const { rows } = await db().query<{ division_code: string; name: string }>(
      `select division_code, doc ->> 'name' as name from records where id = 'site-5303000003'`,
    );
    expect(rows).toEqual([{ division_code: '530302', name: '示例省界断面' }]);
  });

  test('a county admin imports rows of its own county', async () => {
    const response = await importCsv(devices.county.token, [siteRow('5303810077', '530381')]);
    expect(response.statusCode).toBe(200);
    expect(await siteIds()).toContain('site-5303810077');
    expect(await auditOf(devices.county.username)).toMatchObject([
      { action: 'registry.import', detail: { rows: 1, scope: '530381' } },
    ]);
  });

  test("a county admin's reporting counts for a site of another county are refused like an unknown site; nothing is written", async () => {
    const response = await post('/v1/platform/report-counts', devices.county.token, {
      rows: [
        {
          siteCode: '5303810001',
          day: '2026-11-19',
          expected: 24,
          receivedSlots: 24,
          validValues: 48,
          reports: 24,
          lastReportAt: t0 - hour,
        },
        {
          siteCode: '5303000003',
          day: '2026-11-19',
          expected: 24,
          receivedSlots: 24,
          validValues: 48,
          reports: 24,
          lastReportAt: t0 - hour,
        },
      ],
    });
    expect(response.statusCode).toBe(422);
    const body = response.json<ErrorBody>();
    expect(body.error.details).toEqual([
      { row: 2, column: 'siteCode', reason: 'no site with code 5303000003 in your region 530381' },
    ]);
    const { rows } = await db().query(`select id from records where collection = 'site_health'`);
    expect(rows).toEqual([]);
  });

  test("a county admin's automation run creates tasks in its county only; the province admin's in the province", async () => {
    // Every site silent for two days (written as the platform's own job would).
    await ingestReportCounts(
      db(),
      ['5303810001', '5303810002', '5303000003', '5303810077'].map((siteCode) => ({
        siteCode,
        day: '2026-11-19',
        expected: 24,
        receivedSlots: 0,
        validValues: 0,
        reports: 0,
        lastReportAt: t0 - 48 * hour,
      })),
      now,
      { actor: 'platform', scope: 'all' },
    );
    const countyRun = await post('/v1/platform/automation/run', devices.county.token, {});
    expect(countyRun.statusCode).toBe(200);
    const taskSites = async () =>
      (
        await db().query<{ site_id: string }>(
          `select site_id from records where collection = 'tasks' order by site_id`,
        )
      ).rows.map((r) => r.site_id);
    const countySites = await taskSites();
    expect(countySites.length).toBeGreaterThan(0);
    expect(countySites.every((id) => id.startsWith('site-530381'))).toBe(true);
    expect(await auditOf(devices.county.username)).toMatchObject([
      { action: 'registry.import' },
      { action: 'automation.run', detail: { scope: '530381' } },
    ]);
    const provinceRun = await post('/v1/platform/automation/run', devices.province.token, {});
    expect(provinceRun.statusCode).toBe(200);
    expect(await taskSites()).toContain('site-5303000003');
  });
});
