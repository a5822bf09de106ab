import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idPattern } from '#shared/domain/index';
import type { PushResponse } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

describeOnEngines('record ids a device may push', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let county: string;
  let supervisor: string;
  let beijingSupervisor: string;

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db());
    county = (await enrolledDevice(db(), 'technician', '530381')).token;
    supervisor = (await enrolledDevice(db(), 'supervisor', '530381')).token;
    beijingSupervisor = (await enrolledDevice(db(), 'supervisor', '110101')).token;
  });
  afterAll(async () => dispose());

  const push = async (token: string, collection: string, docs: Record<string, unknown>[]) => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/sync/${collection}/push`,
      headers: bearer(token),
      payload: {
        rows: docs.map((d) => ({ assumedMasterState: null, newDocumentState: { ...d, _deleted: false } })),
      },
    });
    expect(response.statusCode).toBe(200);
    return response.json<PushResponse>();
  };

  test('an event whose id is not an app-made id is refused alone, by name, for good', async () => {
    const good = testId('ids-good-reading');
    const body = await push(county, 'readings', [
      sample('readings', { id: good }),
      sample('readings', { id: 'rd-handmade' }),
      sample('readings', { id: `${good.toUpperCase()}` }),
      sample('readings', { id: `${good} ` }),
    ]);
    expect(body.accepted).toEqual([good]);
    expect(body.rejected.map((r) => [r.id, r.code])).toEqual([
      ['rd-handmade', 'invalid-id'],
      [good.toUpperCase(), 'invalid-id'],
      [`${good} `, 'invalid-id'],
    ]);
    const { rows } = await db().query<{ id: string }>(
      `select id from records where collection = 'readings' and id <> $1 and id like '%rd-handmade%'`,
      [good],
    );
    expect(rows).toEqual([]);
  });

  test('a new reference record needs an app-made id; platform ids of records the region holds stay editable', async () => {
    const fresh = await push(supervisor, 'tasks', [
      sample('tasks', { id: 'task-handmade' }),
      sample('tasks', { id: testId('ids-task') }),
    ]);
    expect(fresh.accepted).toEqual([testId('ids-task')]);
    expect(fresh.rejected).toMatchObject([{ id: 'task-handmade', code: 'invalid-id' }]);
    // site-1 was made by the platform's importer; a supervisor of its county may still edit it.
    const { rows } = await db().query<{ doc: Record<string, unknown> }>(
      `select doc from records where collection = 'sites' and id = 'site-1'`,
    );
    const current = rows[0]!.doc;
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sync/sites/push',
      headers: bearer(supervisor),
      payload: {
        rows: [
          {
            assumedMasterState: { ...current, _deleted: false },
            newDocumentState: { ...current, name: '示例水厂取水口（改）', _deleted: false },
          },
        ],
      },
    });
    expect(response.json<PushResponse>()).toMatchObject({ accepted: ['site-1'], rejected: [] });
  });

  test("another region's platform id is refused exactly as an id nobody holds", async () => {
    // site-bj exists (Beijing); site-nowhere does not. A county supervisor learns nothing from either.
    const held = await push(supervisor, 'sites', [sample('sites', { id: 'site-bj', code: '5303810009' })]);
    const none = await push(supervisor, 'sites', [
      sample('sites', { id: 'site-nowhere', code: '5303810009' }),
    ]);
    expect(held.rejected).toHaveLength(1);
    expect(none.rejected).toHaveLength(1);
    expect(held.rejected[0]!.code).toBe('invalid-id');
    expect(held.rejected[0]!.message.replace('site-bj', 'X')).toBe(
      none.rejected[0]!.message.replace('site-nowhere', 'X'),
    );
    const { rows } = await db().query<{ division_code: string }>(
      `select division_code from records where collection = 'sites' and id = 'site-bj'`,
    );
    expect(rows).toEqual([{ division_code: '110101' }]);
  });

  test("an app-made id another region holds for a reference record gets the answer a fresh id gets; the other region's record stays", async () => {
    const taken = testId('ids-taken-task');
    const bj = { siteId: 'site-bj', divisionCode: '110101' };
    expect(
      (await push(beijingSupervisor, 'tasks', [sample('tasks', { id: taken, ...bj })])).accepted,
    ).toEqual([taken]);
    const fresh = testId('ids-fresh-task');
    const a = await push(supervisor, 'tasks', [sample('tasks', { id: fresh })]);
    const b = await push(supervisor, 'tasks', [sample('tasks', { id: taken })]);
    const shape = (r: PushResponse, id: string) => ({
      ...r,
      accepted: r.accepted.map((x) => (x === id ? 'ID' : x)),
      receivedAt: 0,
    });
    expect(shape(b, taken)).toEqual(shape(a, fresh));
    const { rows } = await db().query<{ division_code: string }>(
      `select division_code from records where collection = 'tasks' and id = $1`,
      [taken],
    );
    expect(rows).toEqual([{ division_code: '110101' }]);
    const kept = await db().query<{ division_code: string; code: string }>(
      `select division_code, code from push_rejections where record_id = $1`,
      [taken],
    );
    expect(kept.rows).toEqual([{ division_code: '530381', code: 'forbidden' }]);
  });
});

describe('test record ids', () => {
  it('the test ids have the shape the app makes', () => {
    expect(testId('a')).toMatch(idPattern);
    expect(testId('a')).toBe(testId('a'));
    expect(testId('a')).not.toBe(testId('b'));
  });
});
