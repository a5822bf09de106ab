import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError, syncPaths } from '#shared/sync/index';
import { demoPolicy, withPolicy, type ProvincePolicy } from '#shared/verdicts/index';
import { scoped } from '../db/scoped';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testService } from '../testing/service';
import { getPolicy, setPolicy } from './policy';

const t0 = Date.UTC(2026, 11, 7, 4, 0, 0);
const province = { actor: 'admin-53', scope: '53' };

async function refusal(work: Promise<unknown>): Promise<SyncError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof SyncError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describeOnEngines('the province policy', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let now = t0;

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
  });
  afterAll(async () => dispose());

  test('with nothing stored the service holds the demo province policy, also for a region-scoped reader', async () => {
    expect(await getPolicy(db())).toEqual(demoPolicy);
    expect(await scoped(db(), '530381', (tx) => getPolicy(tx))).toEqual(demoPolicy);
  });

  test('a change raises the version, stamps the time, is read back by every reader and audited', async () => {
    const before = await getPolicy(db());
    const change = withPolicy(before, { targets: { intake: { reportingRate: 0.97 } }, silentHours: 36 });
    const stored = await setPolicy(db(), { ...change, updatedAt: 5 }, province, t0 + 1000);
    expect(stored.version).toBe(before.version + 1);
    expect(stored.updatedAt).toBe(t0 + 1000);
    expect(stored.targets.intake.reportingRate).toBe(0.97);
    expect(await getPolicy(db())).toEqual(stored);
    expect(await scoped(db(), '53', (tx) => getPolicy(tx))).toEqual(stored);

    // Without a version the change is taken as made from the one in force.
    const { version: _v, updatedAt: _u, ...unversioned } = withPolicy(stored, { taskDueDays: 5 });
    const again = await setPolicy(db(), unversioned, province, t0 + 2000);
    expect(again).toMatchObject({ version: stored.version + 1, taskDueDays: 5, silentHours: 36 });

    const { rows } = await db().query<{ actor: string; subject: string; detail: unknown }>(
      "select actor, subject, detail from audit_log where action = 'policy.set' order by id",
    );
    const details = rows.map((r): unknown =>
      typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
    );
    expect(rows.map((r) => [r.actor, r.subject])).toEqual([
      ['admin-53', `version ${stored.version}`],
      ['admin-53', `version ${again.version}`],
    ]);
    expect(details[0]).toEqual({
      from: before.version,
      to: stored.version,
      changed: ['silentHours', 'targets.intake.reportingRate'],
    });
    expect(details[1]).toMatchObject({ changed: ['taskDueDays'] });
  });

  test('a wrong value is refused with every wrong field named, and nothing changes', async () => {
    const before = await getPolicy(db());
    const bad = {
      ...before,
      targets: { ...before.targets, intake: { ...before.targets.intake, reportingRate: 1.5 } },
      statusWindowDays: 0,
      colour: 'red',
    } as Record<string, unknown>;
    delete bad['verifyWindowHours'];
    const error = await refusal(setPolicy(db(), bad, province, t0 + 3000));
    expect(error.code).toBe('invalid-body');
    expect(error.message).toMatch(/^the province policy is not valid/);
    expect(error.message).toContain('targets.intake.reportingRate');
    expect(error.message).toContain('statusWindowDays');
    expect(error.message).toContain('verifyWindowHours');
    expect(error.message).toContain('colour');
    expect(await getPolicy(db())).toEqual(before);
  });

  test('a change made from an older version is refused by name', async () => {
    const current = await getPolicy(db());
    const stale = withPolicy(current, { version: current.version - 1, silentHours: 48 });
    const error = await refusal(setPolicy(db(), stale, province, t0 + 4000));
    expect(error.code).toBe('invalid-body');
    expect(error.message).toContain(
      `changed from version ${current.version - 1}, but the service holds version ${current.version}`,
    );
    expect(await getPolicy(db())).toEqual(current);
  });

  test('only an admin of the whole province sets it; a county or city admin is refused by name', async () => {
    const current = await getPolicy(db());
    for (const scope of ['530381', '5303', 'x']) {
      const error = await refusal(setPolicy(db(), current, { actor: 'x', scope }, t0 + 5000));
      expect(error.code).toBe('forbidden');
      expect(error.message).toBe(
        `the province policy is set by an admin of the whole province; you are an admin of region ${scope}`,
      );
    }
    expect(await getPolicy(db())).toEqual(current);
    // The operator's CLI on the database (no region) may.
    const byOperator = await setPolicy(db(), current, { actor: 'cli:op', scope: '' }, t0 + 6000);
    expect(byOperator.version).toBe(current.version + 1);
    const byPlatform = await setPolicy(db(), byOperator, { actor: 'cli:op', scope: 'all' }, t0 + 7000);
    expect(byPlatform.version).toBe(current.version + 2);
  });

  test('over HTTP: any enrolled device reads it; only a province admin replaces it', async () => {
    now = t0 + 10_000;
    const tech = await enrolledDevice(db(), 'technician', '530381', now);
    const county = await enrolledDevice(db(), 'admin', '530381', now);
    const admin = await enrolledDevice(db(), 'admin', '53', now);

    expect((await app.inject({ method: 'GET', url: syncPaths.policy })).statusCode).toBe(401);
    const read = await app.inject({ method: 'GET', url: syncPaths.policy, headers: bearer(tech.token) });
    expect(read.statusCode).toBe(200);
    expect(read.headers['cache-control']).toBe('no-store');
    const current = read.json<ProvincePolicy>();
    expect(current).toEqual(await getPolicy(db()));

    const change = withPolicy(current, { targets: { boundary_section: { stability: 0.8 } } });
    const put = (token: string, payload: unknown) =>
      app.inject({
        method: 'PUT',
        url: syncPaths.policy,
        headers: bearer(token),
        payload: payload as object,
      });

    const byTech = await put(tech.token, change);
    expect(byTech.statusCode).toBe(403);
    expect(byTech.json<{ error: { message: string } }>().error.message).toBe(
      'this needs the role admin; you are a technician',
    );
    const byCounty = await put(county.token, change);
    expect(byCounty.statusCode).toBe(403);
    expect(byCounty.json<{ error: { code: string; message: string } }>().error).toEqual({
      code: 'forbidden',
      message:
        'the province policy is set by an admin of the whole province; you are an admin of region 530381',
    });
    const invalid = await put(admin.token, { ...change, dailyStabilityThreshold: 'high' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ error: { message: string } }>().error.message).toContain('dailyStabilityThreshold');

    const byAdmin = await put(admin.token, change);
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json<ProvincePolicy>()).toMatchObject({
      version: current.version + 1,
      updatedAt: now,
      targets: { boundary_section: { stability: 0.8 } },
    });
    const after = await app.inject({ method: 'GET', url: syncPaths.policy, headers: bearer(tech.token) });
    expect(after.json<ProvincePolicy>()).toEqual(byAdmin.json<ProvincePolicy>());
    const { rows } = await db().query<{ actor: string }>(
      "select actor from audit_log where action = 'policy.set' order by id desc limit 1",
    );
    expect(rows[0]?.actor).toBe(admin.username);
  });
});

// The admin CLI on the embedded PGlite (the functions below it run on both engines above).
describe('admin CLI: policy:show and policy:set', () => {
  const root = resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'wrm-policy-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['DATABASE_URL'];
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--data', dir], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  it('shows the policy as JSON, takes an edited file, and names what is wrong in a bad one', () => {
    const shown = run('policy:show', '--json');
    expect(shown.code, shown.err).toBe(0);
    const policy = JSON.parse(shown.out) as ProvincePolicy;
    expect(policy).toEqual(demoPolicy);

    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(withPolicy(policy, { targets: { intake: { reportingRate: 0.9 } } })));
    const set = run('policy:set', '--file', file);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain(`province policy version ${policy.version + 1} is in force`);

    writeFileSync(file, JSON.stringify({ ...policy, version: policy.version + 1, silentHours: -1 }));
    const bad = run('policy:set', '--file', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/the province policy is not valid — silentHours: /);

    const shownAfter = run('policy:show');
    expect(shownAfter.code, shownAfter.err).toBe(0);
    const [summary = '', ...json] = shownAfter.out.split('\n');
    expect(summary).toMatch(new RegExp(`^province policy version ${policy.version + 1}, set 20\\d\\d-`));
    expect(JSON.parse(json.join('\n'))).toMatchObject({
      version: policy.version + 1,
      targets: { intake: { reportingRate: 0.9 } },
      silentHours: policy.silentHours,
    });
  }, 240_000);
});
