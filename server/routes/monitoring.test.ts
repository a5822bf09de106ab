import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { dayStart } from '#shared/health/days';
import type { DaySummariesResponse, SeriesResponse } from '#shared/monitoring/series-wire';
import type { ValueSource } from '#shared/monitoring/values';
import { scoped } from '../db/scoped';
import { deriveReportCounts } from '../monitoring/derived-counts';
import { importRegistry } from '../platform/registry-import';
import { parseCsv } from '../platform/tabular';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testService } from '../testing/service';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
const nov19 = dayStart('2026-11-19');
const now = dayStart('2026-11-20') + 3 * hour;

describeOnEngines('monitoring routes for laptops', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  const tokens: Record<'county' | 'supervisor' | 'province' | 'beijing', string> = {
    county: '',
    supervisor: '',
    province: '',
    beijing: '',
  };

  const store = (
    rows: readonly [
      element: string,
      hours: number,
      value: number,
      source: ValueSource,
      receivedMinutes: number,
    ][],
  ) =>
    scoped(db(), 'all', (tx) =>
      tx.query(
        `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
         select '5303810001', e, t, v, null, s, r, '530381'
         from unnest($1::text[], $2::bigint[], $3::float8[], $4::text[], $5::bigint[]) as u(e, t, v, s, r)`,
        [
          rows.map((r) => r[0]),
          rows.map((r) => nov19 + r[1] * hour),
          rows.map((r) => r[2]),
          rows.map((r) => r[3]),
          rows.map((r) => nov19 + r[1] * hour + r[4] * 60_000),
        ],
      ),
    );

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    await importRegistry(db(), parseCsv(template), now, { actor: 'cli:test', scope: 'all' });
    tokens.county = (await enrolledDevice(db(), 'technician', '530381', now)).token;
    tokens.supervisor = (await enrolledDevice(db(), 'supervisor', '530381', now)).token;
    tokens.province = (await enrolledDevice(db(), 'admin', '53', now)).token;
    tokens.beijing = (await enrolledDevice(db(), 'admin', '110101', now)).token;
    await store([
      ['volume', 8, 1000, 'receiver', 1],
      ['volume', 9, 1010, 'receiver', 1],
      // The cumulative volume runs backwards at 10:00; a 补报 revises it the next day.
      ['volume', 10, 900, 'receiver', 1],
      ['volume', 10, 1020, 'backfill', 20 * 60],
      // A platform file repeats 11:00 after the frame: the frame stays first, the file is a duplicate.
      ['volume', 11, 1030, 'receiver', 2],
      ['volume', 11, 1031, 'file', 60],
      // Nothing came at 12:00 but a 补报.
      ['volume', 12, 1040, 'backfill', 22 * 60],
      ['flow', 8, 10, 'receiver', 1],
    ]);
  });
  afterAll(async () => dispose());

  const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: bearer(token) });
  const series = (site: string, element: string, from: string, to: string) =>
    `/v1/monitoring/series?site=${site}&element=${element}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  test('a series answers each device time with its source, the 补报 beside the original', async () => {
    const res = await get(
      series('5303810001', 'volume', '2026-11-19T00:00:00+08:00', '2026-11-20T00:00:00+08:00'),
      tokens.county,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json<SeriesResponse>();
    expect(body.from).toBe(nov19);
    expect(
      body.points.map((p) => [(p.time - nov19) / hour, p.value, p.source, p.revised, p.duplicates]),
    ).toEqual([
      [8, 1000, 'receiver', null, 0],
      [9, 1010, 'receiver', null, 0],
      [10, 900, 'receiver', 1020, 0],
      [11, 1030, 'receiver', null, 1],
      [12, 1040, 'backfill', null, 0],
    ]);
    expect(body.points[2]!.revisedAt).toBe(nov19 + 10 * hour + 20 * 60 * 60_000);
    // `to` is exclusive; other elements are not mixed in.
    const narrow = await get(
      series('5303810001', 'volume', '2026-11-19T09:00:00+08:00', '2026-11-19T10:00:00+08:00'),
      tokens.supervisor,
    );
    expect(narrow.json<SeriesResponse>().points.map((p) => p.value)).toEqual([1010]);
    const province = await get(
      series('5303810001', 'flow', '2026-11-19T00:00:00+08:00', '2026-11-20T00:00:00+08:00'),
      tokens.province,
    );
    expect(province.json<SeriesResponse>().points.map((p) => p.value)).toEqual([10]);
  });

  test('bad queries and other regions get named errors', async () => {
    const cases: [string, string, number, string][] = [
      [
        series('5303810001', 'volume', '2026-11-19T00:00:00+08:00', '2026-11-20T00:00:00+08:00'),
        tokens.beijing,
        404,
        'not-found',
      ],
      [
        series('5309990001', 'volume', '2026-11-19T00:00:00+08:00', '2026-11-20T00:00:00+08:00'),
        tokens.county,
        404,
        'not-found',
      ],
      [
        series('5303810001', 'rain', '2026-11-19T00:00:00+08:00', '2026-11-20T00:00:00+08:00'),
        tokens.county,
        400,
        'invalid-body',
      ],
      [
        series('5303810001', 'volume', '2026-11-19 00:00', '2026-11-20T00:00:00+08:00'),
        tokens.county,
        400,
        'invalid-body',
      ],
      [
        series('5303810001', 'volume', '2026-11-20T00:00:00+08:00', '2026-11-19T00:00:00+08:00'),
        tokens.county,
        400,
        'invalid-body',
      ],
      [
        series('5303810001', 'volume', '2026-01-01T00:00:00+08:00', '2026-11-19T00:00:00+08:00'),
        tokens.county,
        400,
        'invalid-body',
      ],
      ['/v1/monitoring/series?site=5303810001&element=volume', tokens.county, 400, 'invalid-body'],
      [
        series('5303810001', 'volume', '2026-11-19T00:00:00+08:00', '2026-11-20T00:00:00+08:00'),
        'not-a-token',
        401,
        'unauthorized',
      ],
    ];
    for (const [url, token, status, code] of cases) {
      const res = await get(url, token);
      expect([url, res.statusCode, res.json<{ error: { code: string } }>().error.code]).toEqual([
        url,
        status,
        code,
      ]);
    }
  });

  test('day summaries reach the region in pages, and only the region', async () => {
    await deriveReportCounts(db(), ['5303810001'], now, 'all');
    await scoped(db(), 'all', (tx) =>
      tx.query(
        `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
         values ('5303810002', 'ph', $1, 7.2, null, 'receiver', $2, '530381')`,
        [nov19, nov19 + 60_000],
      ),
    );
    await deriveReportCounts(db(), ['5303810002'], now + 1, 'all');
    const first = (
      await get('/v1/monitoring/day-summaries?since=0&limit=1', tokens.county)
    ).json<DaySummariesResponse>();
    expect(first.summaries.map((s) => s.siteCode)).toEqual(['5303810001']);
    expect(first.next).toEqual({ since: now, after: '5303810001' });
    const volume = first.summaries[0]!.elements.find((e) => e.element === 'volume')!;
    const i = volume.expected.length - 2; // 2026-11-19
    expect([volume.values[i], volume.min[i], volume.max[i]]).toEqual([5, 1000, 1040]);
    const second = (
      await get(
        `/v1/monitoring/day-summaries?since=${first.next!.since}&after=${first.next!.after}&limit=1`,
        tokens.county,
      )
    ).json<DaySummariesResponse>();
    expect(second.summaries.map((s) => s.siteCode)).toEqual(['5303810002']);
    const third = (
      await get(`/v1/monitoring/day-summaries?since=${now + 1}&after=5303810002&limit=1`, tokens.county)
    ).json<DaySummariesResponse>();
    expect(third).toEqual({ summaries: [], next: null });
    const beijing = (await get('/v1/monitoring/day-summaries', tokens.beijing)).json<DaySummariesResponse>();
    expect(beijing).toEqual({ summaries: [], next: null });
    const bad = await get('/v1/monitoring/day-summaries?limit=0', tokens.county);
    expect([bad.statusCode, bad.json<{ error: { code: string } }>().error.code]).toEqual([
      400,
      'invalid-body',
    ]);
  });
});
