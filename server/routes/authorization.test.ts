import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { importLayer } from '../layers/store';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites, testService } from '../testing/service';

/**
 * Who calls: no token, the county's crew and supervisor, an admin of the county (530381), of the
 * province (53), and of a county of another province (110101).
 */
const callers = ['none', 'technician', 'supervisor', 'countyAdmin', 'provinceAdmin', 'otherAdmin'] as const;
type Caller = (typeof callers)[number];

/** `ok`: a 2xx answer. `authorized`: any answer but 401/403. Otherwise the error code expected. */
type Outcome = string;

type Call = {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly body?: Uint8Array | string | Record<string, unknown>;
  readonly contentType?: string;
};

type Case = {
  /** `METHOD /path` as the OpenAPI document names the route. */
  readonly route: string;
  readonly title: string;
  readonly call: (caller: Caller) => Promise<Call> | Call;
  /** Outcomes by caller; a caller left out expects `unauthorized` without a token, or `ok`. */
  readonly expect: Partial<Record<Caller, Outcome>>;
};

const adminsOnly = {
  technician: 'forbidden',
  supervisor: 'forbidden',
  countyAdmin: 'ok',
  provinceAdmin: 'ok',
  otherAdmin: 'outside-region',
} as const;

const registryHeader = '站点编码,站点名称,站点类型,行政区划代码,纬度,经度,上报间隔(分钟),监测要素,入册日期';
const countsRow = (siteCode: string) => ({
  siteCode,
  day: '2026-11-19',
  expected: 24,
  receivedSlots: 24,
  validValues: 48,
  reports: 24,
  lastReportAt: null,
});
/** The ministry's counts of a county site (三级贯通). */
const ministryCounts = 'siteCode,day,count\n5303810001,2026-11-19,24';
/** One county's outline (a spatial layer file). */
const countyOutline = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: '530381', name: 'county' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [103.9, 26.1],
            [104.1, 26.1],
            [104.1, 26.3],
            [103.9, 26.1],
          ],
        ],
      },
    },
  ],
});
const sha = () => randomBytes(32).toString('hex');
/** The same outcome for every caller. */
const everyone = (outcome: Outcome) => Object.fromEntries(callers.map((c) => [c, outcome]));
const get = (url: string): Call => ({ method: 'GET', url });
const post = (url: string, body?: Call['body'], contentType?: string): Call => ({
  method: 'POST',
  url,
  ...(body === undefined ? {} : { body }),
  ...(contentType === undefined ? {} : { contentType }),
});
let serial = 0;
const unique = (prefix: string) => `${prefix}-${(serial += 1)}-${randomBytes(3).toString('hex')}`;

describeOnEngines('authorization: every route × role × region', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let base = '';
  const tokens = new Map<Caller, string>();
  const now = Date.UTC(2026, 10, 20, 4, 0, 0);

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await seedSites(db(), now);
    tokens.set('technician', (await enrolledDevice(db(), 'technician', '530381', now)).token);
    tokens.set('supervisor', (await enrolledDevice(db(), 'supervisor', '530381', now)).token);
    tokens.set('countyAdmin', (await enrolledDevice(db(), 'admin', '530381', now)).token);
    tokens.set('provinceAdmin', (await enrolledDevice(db(), 'admin', '53', now)).token);
    tokens.set('otherAdmin', (await enrolledDevice(db(), 'admin', '110101', now)).token);
  });
  afterAll(async () => dispose());

  /** A technician of the county with an account to enrol and a device to revoke. */
  const countyDevice = () => enrolledDevice(db(), 'technician', '530381', now);
  /** The account id of a new technician of the county. */
  const countyAccountId = async () => {
    const { username } = await countyDevice();
    const { rows } = await db().query<{ id: string }>('select id from accounts where username = $1', [
      username,
    ]);
    return rows[0]!.id;
  };

  /** A fresh layer of the county's outline covering `region`, for one caller to remove. */
  const freshLayer = async (region: '53' | '530381') => {
    const id = unique(`outline-${region}`);
    await importLayer(
      db(),
      { bytes: new TextEncoder().encode(countyOutline), format: 'geojson', name: 'outline.geojson' },
      { kind: 'division', name: 'outline', id, region },
      { actor: 'setup', scope: '' },
      now,
    );
    return id;
  };

  const cases: readonly Case[] = [
    {
      route: 'GET /health',
      title: 'liveness (open to anyone)',
      call: () => get('/health'),
      expect: everyone('ok'),
    },
    {
      route: 'GET /ready',
      title: 'readiness (open to anyone, like liveness)',
      call: () => get('/ready'),
      expect: everyone('ok'),
    },
    {
      route: 'GET /metrics',
      title: 'metrics (no device token needed; the operator may set a metrics token)',
      call: () => get('/metrics'),
      expect: everyone('ok'),
    },
    {
      route: 'POST /v1/auth/enroll',
      title: 'an unknown enrolment code',
      call: () => post('/v1/auth/enroll', { code: 'AAAA-BBBB-CCCC', deviceName: 'x' }),
      expect: everyone('bad-enrollment-code'),
    },
    {
      route: 'POST /v1/auth/login',
      title: 'a wrong password',
      call: (caller) =>
        post('/v1/auth/login', {
          username: `nobody-${caller}`,
          password: 'not-the-password',
          deviceName: 'x',
        }),
      expect: everyone('bad-credentials'),
    },
    {
      route: 'GET /v1/auth/me',
      title: 'who am I',
      call: () => get('/v1/auth/me'),
      expect: {},
    },
    {
      route: 'POST /v1/admin/users',
      title: 'an account in the county',
      call: () =>
        post('/v1/admin/users', {
          username: unique('u'),
          displayName: '县用户',
          role: 'technician',
          scope: '530381',
        }),
      expect: adminsOnly,
    },
    {
      route: 'POST /v1/admin/users',
      title: 'an account in Beijing',
      call: () =>
        post('/v1/admin/users', {
          username: unique('u'),
          displayName: '京用户',
          role: 'technician',
          scope: '110101',
        }),
      expect: {
        ...adminsOnly,
        countyAdmin: 'outside-region',
        provinceAdmin: 'outside-region',
        otherAdmin: 'ok',
      },
    },
    {
      route: 'POST /v1/admin/enrollments',
      title: 'an enrolment code for a user of the county',
      call: async () =>
        post('/v1/admin/enrollments', {
          username: (await countyDevice()).username,
          deviceName: '二号笔记本',
          validHours: 1,
        }),
      // Another region's user is answered as an unknown one.
      expect: { ...adminsOnly, otherAdmin: 'not-found' },
    },
    {
      route: 'GET /v1/admin/devices',
      title: 'the devices list',
      call: () => get('/v1/admin/devices'),
      expect: { ...adminsOnly, otherAdmin: 'ok' },
    },
    {
      route: 'POST /v1/admin/devices/{id}/revoke',
      title: 'revoking a device of the county',
      call: async () => post(`/v1/admin/devices/${(await countyDevice()).deviceId}/revoke`),
      expect: { ...adminsOnly, otherAdmin: 'not-found' },
    },
    {
      route: 'GET /v1/sync/{collection}/pull',
      title: 'a pull (filtered to the region)',
      call: () => get('/v1/sync/sites/pull?tx=0&seq=0'),
      expect: {},
    },
    {
      route: 'GET /v1/sync/counts',
      title: "the region's record counts (a first pull's progress; counted within the caller's region)",
      call: () => get('/v1/sync/counts'),
      expect: {},
    },
    {
      route: 'POST /v1/sync/{collection}/push',
      title: 'a push (rows outside the region are refused row by row)',
      call: () =>
        post('/v1/sync/readings/push', {
          rows: [
            {
              assumedMasterState: null,
              newDocumentState: { ...sample('readings', { id: unique('rd') }), _deleted: false },
            },
          ],
        }),
      expect: {},
    },
    {
      route: 'GET /v1/sync/stream',
      title: 'the live stream',
      call: () => get('/v1/sync/stream'),
      expect: {},
    },
    {
      route: 'POST /v1/photos/{sha256}/upload',
      title: 'starting an upload of a photo no record of the region names',
      call: () => ({ method: 'POST', url: `/v1/photos/${sha()}/upload`, body: { bytes: 10 } }),
      expect: {
        technician: 'not-found',
        supervisor: 'not-found',
        countyAdmin: 'not-found',
        provinceAdmin: 'not-found',
        otherAdmin: 'not-found',
      },
    },
    {
      route: 'PUT /v1/photos/{sha256}/upload',
      title: 'a chunk of an upload this device never started',
      call: () => ({
        method: 'PUT',
        url: `/v1/photos/${sha()}/upload?offset=0`,
        body: new Uint8Array(4),
        contentType: 'application/octet-stream',
      }),
      expect: {
        technician: 'not-found',
        supervisor: 'not-found',
        countyAdmin: 'not-found',
        provinceAdmin: 'not-found',
        otherAdmin: 'not-found',
      },
    },
    {
      route: 'POST /v1/photos/{sha256}/complete',
      title: 'completing an upload this device never started',
      call: () => ({ method: 'POST', url: `/v1/photos/${sha()}/complete` }),
      expect: {
        technician: 'not-found',
        supervisor: 'not-found',
        countyAdmin: 'not-found',
        provinceAdmin: 'not-found',
        otherAdmin: 'not-found',
      },
    },
    {
      route: 'GET /v1/photos/{sha256}',
      title: 'a photo no record of the region names',
      call: () => ({ method: 'GET', url: `/v1/photos/${sha()}` }),
      expect: {
        technician: 'not-found',
        supervisor: 'not-found',
        countyAdmin: 'not-found',
        provinceAdmin: 'not-found',
        otherAdmin: 'not-found',
      },
    },
    {
      route: 'GET /v1/reviews',
      title: 'the review list',
      call: () => get('/v1/reviews'),
      expect: {},
    },
    {
      route: 'POST /v1/reviews/{id}/resolve',
      title: 'deciding a review item that is not in the region',
      call: () => ({ method: 'POST', url: '/v1/reviews/no-such-item/resolve', body: { decision: 'reject' } }),
      expect: {
        technician: 'forbidden',
        supervisor: 'not-found',
        countyAdmin: 'not-found',
        provinceAdmin: 'not-found',
        otherAdmin: 'not-found',
      },
    },
    {
      route: 'POST /v1/admin/registry/import',
      title: 'registry rows of the county',
      call: () => ({
        method: 'POST',
        url: '/v1/admin/registry/import',
        body: `${registryHeader}\n5303810001,示例水厂取水口,取用水户监测点,530381,26.2,104.1,60,flow,2024-01-01`,
        contentType: 'text/csv',
      }),
      expect: adminsOnly,
    },
    {
      route: 'POST /v1/admin/registry/import',
      title: 'registry rows of Beijing',
      call: () => ({
        method: 'POST',
        url: '/v1/admin/registry/import',
        body: `${registryHeader}\n1101010009,北京新站,取用水户监测点,110101,39.9,116.4,60,flow,2024-01-01`,
        contentType: 'text/csv',
      }),
      expect: {
        ...adminsOnly,
        countyAdmin: 'outside-region',
        provinceAdmin: 'outside-region',
        otherAdmin: 'ok',
      },
    },
    {
      route: 'POST /v1/platform/report-counts',
      title: 'reporting counts of a county site',
      call: () => post('/v1/platform/report-counts', { rows: [countsRow('5303810001')] }),
      // Another region's site is answered as an unknown one.
      expect: { ...adminsOnly, otherAdmin: 'import-invalid' },
    },
    {
      route: 'POST /v1/platform/report-counts',
      title: 'reporting counts of a Beijing site',
      call: () => post('/v1/platform/report-counts', { rows: [countsRow('1101010001')] }),
      expect: {
        ...adminsOnly,
        countyAdmin: 'import-invalid',
        provinceAdmin: 'import-invalid',
        otherAdmin: 'ok',
      },
    },
    {
      route: 'POST /v1/platform/three-level',
      title: "三级贯通 with the ministry's counts of a county site (the admin's own region)",
      call: () => post('/v1/platform/three-level', ministryCounts, 'text/csv'),
      // Another region's admin compares its own region, where the row's site is not compared.
      expect: { ...adminsOnly, otherAdmin: 'ok' },
    },
    {
      route: 'POST /v1/platform/three-level',
      title: '三级贯通 asked for the whole province',
      call: () => post('/v1/platform/three-level?region=53', ministryCounts, 'text/csv'),
      expect: { ...adminsOnly, countyAdmin: 'outside-region', otherAdmin: 'outside-region' },
    },
    {
      route: 'POST /v1/admin/layers/import',
      title: "county outlines of a county of Yunnan (the admin's own region)",
      call: () =>
        post('/v1/admin/layers/import?kind=division&name=outline', countyOutline, 'application/geo+json'),
      // Another region's admin imports into its own region, where the county lies outside.
      expect: { ...adminsOnly, otherAdmin: 'import-invalid' },
    },
    {
      route: 'POST /v1/admin/layers/import',
      title: 'county outlines asked for the whole province',
      call: () =>
        post(
          '/v1/admin/layers/import?kind=division&name=outline&region=53',
          countyOutline,
          'application/geo+json',
        ),
      expect: { ...adminsOnly, countyAdmin: 'outside-region', otherAdmin: 'outside-region' },
    },
    {
      route: 'GET /v1/layers',
      title: "the spatial layers of the caller's region",
      call: () => get('/v1/layers'),
      expect: {},
    },
    {
      route: 'GET /v1/layers/{id}',
      title: "the province's county outlines (imported by the case before)",
      call: () => get('/v1/layers/division-53?zoom=9'),
      expect: { otherAdmin: 'not-found' },
    },
    {
      route: 'GET /v1/admin/layers',
      title: "the console's list of the region's layers, with who imported each",
      call: () => get('/v1/admin/layers'),
      expect: { ...adminsOnly, otherAdmin: 'ok' },
    },
    {
      route: 'DELETE /v1/admin/layers/{id}',
      title: 'removing a layer of the county (a fresh one for each caller)',
      call: async () => ({ method: 'DELETE', url: `/v1/admin/layers/${await freshLayer('530381')}` }),
      expect: { ...adminsOnly, otherAdmin: 'not-found' },
    },
    {
      route: 'DELETE /v1/admin/layers/{id}',
      title: "removing the province's layer (a county admin sees it but may not remove it)",
      call: async () => ({ method: 'DELETE', url: `/v1/admin/layers/${await freshLayer('53')}` }),
      expect: { ...adminsOnly, countyAdmin: 'outside-region', otherAdmin: 'not-found' },
    },
    {
      route: 'POST /v1/platform/automation/run',
      title: 'an automation run (within the admin region)',
      call: () => ({ method: 'POST', url: '/v1/platform/automation/run', body: {} }),
      expect: { ...adminsOnly, otherAdmin: 'ok' },
    },
    {
      route: 'GET /v1/reports/monthly',
      title: 'the monthly report of the county',
      call: () => get('/v1/reports/monthly?region=530381&month=2026-11'),
      expect: { otherAdmin: 'forbidden' },
    },
    {
      route: 'GET /v1/reports/monthly',
      title: 'the monthly report of the province',
      call: () => get('/v1/reports/monthly?region=53&month=2026-11'),
      expect: {
        technician: 'forbidden',
        supervisor: 'forbidden',
        countyAdmin: 'forbidden',
        otherAdmin: 'forbidden',
      },
    },
    {
      route: 'GET /v1/reports/monthly.xlsx',
      title: 'the monthly workbook of the county',
      call: () => get('/v1/reports/monthly.xlsx?region=530381&month=2026-11'),
      expect: { otherAdmin: 'forbidden' },
    },
    {
      route: 'GET /v1/records/{collection}',
      title: 'records (filtered to the region)',
      call: () => get('/v1/records/sites'),
      expect: {},
    },
    {
      route: 'GET /v1/monitoring/series',
      title: "a county site's series",
      call: () =>
        get(
          '/v1/monitoring/series?site=5303810001&element=volume&from=2026-11-19T00:00:00%2B08:00&to=2026-11-20T00:00:00%2B08:00',
        ),
      // Another region's site is answered as an unknown one.
      expect: { otherAdmin: 'not-found' },
    },
    {
      route: 'GET /v1/monitoring/series',
      title: "a Beijing site's series",
      call: () =>
        get(
          '/v1/monitoring/series?site=1101010001&element=flow&from=2026-11-19T00:00:00Z&to=2026-11-20T00:00:00Z',
        ),
      expect: {
        technician: 'not-found',
        supervisor: 'not-found',
        countyAdmin: 'not-found',
        provinceAdmin: 'not-found',
      },
    },
    {
      route: 'GET /v1/monitoring/day-summaries',
      title: 'day summaries (filtered to the region)',
      call: () => get('/v1/monitoring/day-summaries?since=0'),
      expect: {},
    },
    {
      route: 'GET /v1/audit/findings',
      title: 'data-audit findings (filtered to the region)',
      call: () => get('/v1/audit/findings?after=0'),
      expect: {},
    },
    {
      route: 'GET /v1/audit/finding-events',
      title: 'handling events of data-audit findings (filtered to the region)',
      call: () => get('/v1/audit/finding-events?after=0'),
      expect: {},
    },
    {
      route: 'POST /v1/audit/finding-events',
      title: 'handling events pushed (each row checked against the region: server/sync/audit-events)',
      call: () => post('/v1/audit/finding-events', { rows: [] }),
      expect: {},
    },
    {
      route: 'GET /v1/sync/policy',
      title: 'the province policy',
      call: () => get('/v1/sync/policy'),
      expect: {},
    },
    {
      route: 'PUT /v1/sync/policy',
      title: 'replacing the province policy',
      call: () => ({ method: 'PUT', url: '/v1/sync/policy', body: { version: -1 } }),
      expect: {
        technician: 'forbidden',
        supervisor: 'forbidden',
        countyAdmin: 'forbidden',
        provinceAdmin: 'authorized',
        otherAdmin: 'forbidden',
      },
    },
    {
      route: 'GET /v1/console/devices',
      title: "the console's devices list (filtered to the region)",
      call: () => get('/v1/console/devices'),
      expect: { ...adminsOnly, otherAdmin: 'ok' },
    },
    {
      route: 'GET /v1/console/users',
      title: "the console's accounts list (filtered to the region)",
      call: () => get('/v1/console/users'),
      expect: { ...adminsOnly, otherAdmin: 'ok' },
    },
    {
      route: 'PUT /v1/console/users/{id}',
      title: 're-roling an account of the county',
      call: async () => ({
        method: 'PUT',
        url: `/v1/console/users/${await countyAccountId()}`,
        body: { role: 'supervisor' },
      }),
      // Another region's account is answered as an unknown one.
      expect: { ...adminsOnly, otherAdmin: 'not-found' },
    },
    {
      route: 'PUT /v1/console/users/{id}',
      title: 'moving an account of the county to Beijing',
      call: async () => ({
        method: 'PUT',
        url: `/v1/console/users/${await countyAccountId()}`,
        body: { scope: '110101' },
      }),
      expect: {
        ...adminsOnly,
        countyAdmin: 'outside-region',
        provinceAdmin: 'outside-region',
        otherAdmin: 'not-found',
      },
    },
    {
      route: 'POST /v1/console/users/{id}/password',
      title: 'a new password for an account of the county',
      call: async () =>
        post(`/v1/console/users/${await countyAccountId()}/password`, { password: 'a new long password' }),
      expect: { ...adminsOnly, otherAdmin: 'not-found' },
    },
    {
      route: 'GET /v1/console/audit',
      title: 'the audit log (entries of accounts of the region)',
      call: () => get('/v1/console/audit'),
      expect: { ...adminsOnly, otherAdmin: 'ok' },
    },
  ];

  const send = async (caller: Caller, call: Call) => {
    const token = tokens.get(caller);
    const body: BodyInit | undefined =
      call.body === undefined
        ? undefined
        : call.body instanceof Uint8Array
          ? new Blob([new Uint8Array(call.body)])
          : typeof call.body === 'string'
            ? call.body
            : JSON.stringify(call.body);
    const abort = new AbortController();
    const response = await fetch(`${base}${call.url}`, {
      method: call.method,
      headers: {
        ...(token === undefined ? {} : bearer(token)),
        ...(body === undefined ? {} : { 'content-type': call.contentType ?? 'application/json' }),
      },
      ...(body === undefined ? {} : { body }),
      signal: abort.signal,
    });
    const type = response.headers.get('content-type') ?? '';
    let code: string | null = null;
    if (type.startsWith('text/event-stream')) {
      abort.abort();
    } else if (type.startsWith('application/json')) {
      const json = (await response.json()) as { error?: { code?: string } };
      code = json.error?.code ?? null;
    } else {
      await response.arrayBuffer();
    }
    return { status: response.status, code };
  };

  test('every route of the OpenAPI document has a case, and every case a route', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(cases.map((c) => c.route));
    expect(
      routes.filter((r) => !covered.has(r)),
      'routes without an authorization case',
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !routes.includes(r)),
      'cases of routes that do not exist',
    ).toEqual([]);
  });

  for (const c of cases) {
    test(`${c.route} — ${c.title}`, async () => {
      const seen: Record<string, string> = {};
      const wanted: Record<string, string> = {};
      for (const caller of callers) {
        const expected = c.expect[caller] ?? (caller === 'none' ? 'unauthorized' : 'ok');
        const { status, code } = await send(caller, await c.call(caller));
        const outcome =
          expected === 'ok'
            ? status < 300
              ? 'ok'
              : `${status} ${code}`
            : expected === 'authorized'
              ? status === 401 || status === 403
                ? `${status} ${code}`
                : 'authorized'
              : (code ?? `${status}`);
        seen[caller] = outcome;
        wanted[caller] = expected;
      }
      expect(seen).toEqual(wanted);
    });
  }
});
