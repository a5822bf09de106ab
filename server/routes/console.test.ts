import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleAuditEntry, ConsoleDevice, ConsoleUser } from '#shared/sync/console';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, seedSites, testService } from '../testing/service';
import { engineCases, type TestDatabase } from '../testing/test-databases';
import { consoleMissingText } from '../console-static';

describeOnEngines('operator console routes', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let now = Date.UTC(2026, 10, 20, 4, 0, 0);
  let county: Awaited<ReturnType<typeof enrolledDevice>>;
  let province: Awaited<ReturnType<typeof enrolledDevice>>;
  let crew: Awaited<ReturnType<typeof enrolledDevice>>;
  let otherCrew: Awaited<ReturnType<typeof enrolledDevice>>;

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db(), now);
    county = await enrolledDevice(db(), 'admin', '530381', now);
    province = await enrolledDevice(db(), 'admin', '53', now);
    crew = await enrolledDevice(db(), 'technician', '530381', now);
    // Another county of the province.
    otherCrew = await enrolledDevice(db(), 'technician', '530102', now);
  });
  afterAll(async () => dispose());

  const as = (token: string) => bearer(token);
  const devicesOf = async (token: string) =>
    (await app.inject({ url: '/v1/console/devices', headers: as(token) })).json<{
      devices: ConsoleDevice[];
    }>().devices;
  const usersOf = async (token: string) =>
    (await app.inject({ url: '/v1/console/users', headers: as(token) })).json<{ users: ConsoleUser[] }>()
      .users;
  const accountId = async (username: string) => {
    const { rows } = await db().query<{ id: string }>('select id from accounts where username = $1', [
      username,
    ]);
    return rows[0]!.id;
  };
  const pull = (token: string, headers: Record<string, string>) =>
    app.inject({
      url: '/v1/sync/sites/pull?tx=0&seq=0',
      headers: { ...as(token), 'x-wrm-app-version': '0.1.0', ...headers },
    });

  test('a pull keeps the release and the outbox the laptop reports on its device row', async () => {
    const oldest = now - 3 * 86_400_000;
    const pulled = await pull(crew.token, {
      'x-wrm-outbox-depth': '7',
      'x-wrm-outbox-oldest': String(oldest),
    });
    expect(pulled.statusCode).toBe(200);
    const device = (await devicesOf(county.token)).find((d) => d.id === crew.deviceId);
    expect(device).toMatchObject({
      appVersion: '0.1.0',
      outboxDepth: 7,
      outboxOldestAt: oldest,
      outboxReportedAt: now,
      username: crew.username,
      scope: '530381',
    });
    // An emptied outbox is reported at once (a changed report is written without waiting).
    now += 1_000;
    expect((await pull(crew.token, { 'x-wrm-outbox-depth': '0' })).statusCode).toBe(200);
    const emptied = (await devicesOf(county.token)).find((d) => d.id === crew.deviceId);
    expect(emptied).toMatchObject({ outboxDepth: 0, outboxOldestAt: null, outboxReportedAt: now });
  });

  test('malformed outbox headers are refused by name; the device row keeps its last report', async () => {
    const malformed: Record<string, string>[] = [
      { 'x-wrm-outbox-depth': '-3' },
      { 'x-wrm-outbox-oldest': 'yesterday' },
    ];
    for (const bad of malformed) {
      const refused = await pull(crew.token, bad);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'invalid-body' } });
    }
    const device = (await devicesOf(county.token)).find((d) => d.id === crew.deviceId);
    expect(device?.outboxDepth).toBe(0);
  });

  test('a county admin sees its county only; the province admin sees every county', async () => {
    const countyDevices = await devicesOf(county.token);
    expect(countyDevices.map((d) => d.id)).toContain(crew.deviceId);
    expect(countyDevices.map((d) => d.id)).not.toContain(otherCrew.deviceId);
    expect(countyDevices.every((d) => d.scope.startsWith('530381'))).toBe(true);
    const provinceDevices = await devicesOf(province.token);
    expect(provinceDevices.map((d) => d.id)).toEqual(
      expect.arrayContaining([crew.deviceId, otherCrew.deviceId]),
    );
    const countyUsers = await usersOf(county.token);
    expect(countyUsers.map((u) => u.username)).toContain(crew.username);
    expect(countyUsers.map((u) => u.username)).not.toContain(otherCrew.username);
    expect(countyUsers.map((u) => u.username)).not.toContain(province.username);
    // A crew member is no admin.
    const refused = await app.inject({ url: '/v1/console/users', headers: as(crew.token) });
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  test('re-role, disable and enable an account; a disabled account cannot sync until enabled', async () => {
    const member = await enrolledDevice(db(), 'technician', '530381', now);
    const id = await accountId(member.username);
    const reRoled = await app.inject({
      method: 'PUT',
      url: `/v1/console/users/${id}`,
      headers: as(county.token),
      payload: { role: 'supervisor' },
    });
    expect(reRoled.json()).toMatchObject({ id, role: 'supervisor', scope: '530381', disabledAt: null });
    const disabled = await app.inject({
      method: 'PUT',
      url: `/v1/console/users/${id}`,
      headers: as(county.token),
      payload: { disabled: true },
    });
    expect(disabled.json()).toMatchObject({ disabledAt: now });
    const refused = await app.inject({ url: '/v1/auth/me', headers: as(member.token) });
    expect(refused.json()).toMatchObject({ error: { code: 'revoked' } });
    await app.inject({
      method: 'PUT',
      url: `/v1/console/users/${id}`,
      headers: as(county.token),
      payload: { disabled: false },
    });
    expect((await app.inject({ url: '/v1/auth/me', headers: as(member.token) })).statusCode).toBe(200);
  });

  test('another region is refused: its accounts are unknown, and nobody is moved out of the region', async () => {
    const otherId = await accountId(otherCrew.username);
    const hidden = await app.inject({
      method: 'PUT',
      url: `/v1/console/users/${otherId}`,
      headers: as(county.token),
      payload: { disabled: true },
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ error: { code: 'not-found' } });
    const reset = await app.inject({
      method: 'POST',
      url: `/v1/console/users/${otherId}/password`,
      headers: as(county.token),
      payload: { password: 'a long enough password' },
    });
    expect(reset.json()).toMatchObject({ error: { code: 'not-found' } });
    const moved = await app.inject({
      method: 'PUT',
      url: `/v1/console/users/${await accountId(crew.username)}`,
      headers: as(county.token),
      payload: { scope: '530102' },
    });
    expect(moved.json()).toMatchObject({ error: { code: 'outside-region' } });
    const { rows } = await db().query<{ disabled_at: number | null; scope: string }>(
      'select disabled_at, scope from accounts where username = any($1)',
      [[otherCrew.username, crew.username]],
    );
    expect(rows.map((r) => [r.disabled_at, r.scope]).sort()).toEqual([
      [null, '530102'],
      [null, '530381'],
    ]);
  });

  test('an admin cannot disable or demote itself', async () => {
    const own = await accountId(county.username);
    for (const payload of [{ disabled: true }, { role: 'technician' }]) {
      const refused = await app.inject({
        method: 'PUT',
        url: `/v1/console/users/${own}`,
        headers: as(county.token),
        payload,
      });
      expect(refused.json()).toMatchObject({ error: { code: 'invalid-body' } });
    }
    expect((await usersOf(county.token)).find((u) => u.id === own)).toMatchObject({
      role: 'admin',
      disabledAt: null,
    });
  });

  test('a reset password signs in; the audit log names it without the password, by region', async () => {
    const member = await enrolledDevice(db(), 'technician', '530381', now);
    const id = await accountId(member.username);
    const password = 'correct horse battery staple';
    const reset = await app.inject({
      method: 'POST',
      url: `/v1/console/users/${id}/password`,
      headers: as(county.token),
      payload: { password },
    });
    expect(reset.json()).toMatchObject({ id, hasPassword: true });
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: member.username, password, deviceName: 'laptop' },
    });
    expect(login.statusCode).toBe(200);
    const short = await app.inject({
      method: 'POST',
      url: `/v1/console/users/${id}/password`,
      headers: as(county.token),
      payload: { password: 'short' },
    });
    expect(short.json()).toMatchObject({ error: { code: 'invalid-body' } });

    const entries = (
      await app.inject({ url: '/v1/console/audit?limit=50', headers: as(county.token) })
    ).json<{ entries: ConsoleAuditEntry[] }>().entries;
    const resetEntry = entries.find((e) => e.action === 'account.password-reset' && e.subject === id);
    expect(resetEntry).toMatchObject({ actor: county.username });
    expect(JSON.stringify(entries)).not.toContain(password);
    expect(entries.some((e) => e.action === 'account.update')).toBe(true);
    // A county admin does not see what accounts of another county did.
    await app.inject({
      method: 'PUT',
      url: `/v1/console/users/${await accountId(otherCrew.username)}`,
      headers: as(province.token),
      payload: { displayName: '五华区巡检员' },
    });
    const provinceEntries = (
      await app.inject({ url: '/v1/console/audit', headers: as(province.token) })
    ).json<{ entries: ConsoleAuditEntry[] }>().entries;
    expect(provinceEntries[0]).toMatchObject({ actor: province.username, action: 'account.update' });
    const countyEntries = (await app.inject({ url: '/v1/console/audit', headers: as(county.token) })).json<{
      entries: ConsoleAuditEntry[];
    }>().entries;
    expect(countyEntries.some((e) => e.actor === province.username)).toBe(false);
    expect(countyEntries.every((e) => e.id < provinceEntries[0]!.id)).toBe(true);
  });
});

describe('the console pages', () => {
  let dir: string;
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let database: TestDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wrm-console-'));
    database = await engineCases.find((c) => c.name === 'pglite')!.open();
    const service = await testService(database.db, { consoleDir: dir });
    app = service.app;
    dispose = () => service.dispose();
  });
  afterAll(async () => {
    await dispose();
    await database.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('says how to build the console while it is not built, then serves it and its screens', async () => {
    const missing = await app.inject({ url: '/console/' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(consoleMissingText);
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>控制台</title>');
    expect((await app.inject({ url: '/console' })).headers.location).toBe('/console/');
    const page = await app.inject({ url: '/console/users' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('控制台');
    expect((await app.inject({ url: '/console/assets/none.js' })).statusCode).toBe(404);
    const escape = await app.inject({ url: '/console/..%2F..%2Fpackage.json' });
    expect(escape.statusCode).toBe(404);
  });
});
