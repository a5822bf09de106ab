import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PushResponse } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

describeOnEngines('fault events a device may write', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let county: string;
  let beijing: string;

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db());
    county = (await enrolledDevice(db(), 'technician', '530381')).token;
    beijing = (await enrolledDevice(db(), 'technician', '110101')).token;
  });
  afterAll(async () => dispose());

  const push = async (token: string, docs: Record<string, unknown>[]) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/sync/fault_events/push',
      headers: bearer(token),
      payload: {
        rows: docs.map((d) => ({ assumedMasterState: null, newDocumentState: { ...d, _deleted: false } })),
      },
    });
    expect(response.statusCode).toBe(200);
    return response.json<PushResponse>();
  };
  const event = (id: string, faultId: string, type: string, extra: Record<string, unknown> = {}) =>
    sample('fault_events', { id: testId(id), faultId, type, ...extra });
  const stored = async (ids: string[]) =>
    (
      await db().query<{ id: string }>(
        `select id from records where collection = 'fault_events' and id = any($1::text[]) order by id`,
        [ids],
      )
    ).rows.map((r) => r.id);

  test('a device cannot write the platform’s verdicts: verified and reopened are refused, by name', async () => {
    await push(county, [event('fa-open', 'fault-a', 'opened')]);
    const body = await push(county, [
      event('fa-verified', 'fault-a', 'verified'),
      event('fa-reopened', 'fault-a', 'reopened'),
      event('fa-repaired', 'fault-a', 'repaired', { actions: '更换通信模块' }),
    ]);
    expect(body.accepted).toEqual([testId('fa-repaired')]);
    expect(body.rejected).toMatchObject([
      {
        id: testId('fa-verified'),
        code: 'forbidden',
        message: expect.stringMatching(/only the platform writes/) as unknown,
      },
      { id: testId('fa-reopened'), code: 'forbidden' },
    ]);
    expect(await stored([testId('fa-verified'), testId('fa-reopened')])).toEqual([]);
  });

  test("an event for another region's fault is refused exactly as one for a fault that does not exist", async () => {
    expect(
      (
        await push(beijing, [
          event('bj-open', 'fault-bj', 'opened', { siteId: 'site-bj', divisionCode: '110101' }),
        ])
      ).accepted,
    ).toEqual([testId('bj-open')]);
    const foreign = await push(county, [event('x-1', 'fault-bj', 'repaired', { actions: '伪造' })]);
    const unknown = await push(county, [event('x-1', 'fault-none', 'repaired', { actions: '伪造' })]);
    expect(foreign.accepted).toEqual([]);
    expect(foreign.rejected).toHaveLength(1);
    expect(unknown.rejected).toHaveLength(1);
    const [a, b] = [foreign.rejected[0]!, unknown.rejected[0]!];
    expect(a.code).toBe(b.code);
    expect(a.message.replace('fault-bj', 'F')).toBe(b.message.replace('fault-none', 'F'));
    // Opening a fault under another region's fault id is refused too; nothing of it is stored.
    const reuse = await push(county, [event('x-2', 'fault-bj', 'opened')]);
    expect(reuse.rejected).toMatchObject([{ id: testId('x-2'), code: 'forbidden' }]);
    expect(await stored([testId('x-1'), testId('x-2')])).toEqual([]);
  });

  test('a fault opened offline and repaired in the same batch lands whole; later events name it', async () => {
    const body = await push(county, [
      event('fc-open', 'fault-c', 'opened'),
      event('fc-repaired', 'fault-c', 'repaired', { actions: '更换电源' }),
    ]);
    expect(body.accepted).toEqual([testId('fc-open'), testId('fc-repaired')]);
    expect(
      (await push(county, [event('fc-comment', 'fault-c', 'comment', { description: '复查正常' })])).accepted,
    ).toEqual([testId('fc-comment')]);
  });

  test("an event id another region already holds gets the same answer as a fresh id; the other region's record stays and the push is kept on record", async () => {
    const reading = (id: string, extra: Record<string, unknown> = {}) => ({
      assumedMasterState: null,
      newDocumentState: { ...sample('readings', { id: testId(id), ...extra }), _deleted: false },
    });
    const send = (token: string, rows: unknown[]) =>
      app.inject({
        method: 'POST',
        url: '/v1/sync/readings/push',
        headers: bearer(token),
        payload: { rows },
      });
    const bj = { siteId: 'site-bj', divisionCode: '110101', note: '北京' };
    expect((await send(beijing, [reading('taken-id', bj)])).json<PushResponse>().accepted).toEqual([
      testId('taken-id'),
    ]);
    const fresh = (await send(county, [reading('fresh-id')])).json<PushResponse>();
    const taken = (await send(county, [reading('taken-id')])).json<PushResponse>();
    const shape = (r: PushResponse, id: string) => ({
      ...r,
      accepted: r.accepted.map((a) => (a === id ? 'ID' : a)),
      receivedAt: 0,
    });
    expect(shape(taken, testId('taken-id'))).toEqual(shape(fresh, testId('fresh-id')));
    const { rows } = await db().query<{ division_code: string }>(
      `select division_code from records where collection = 'readings' and id = $1`,
      [testId('taken-id')],
    );
    expect(rows).toEqual([{ division_code: '110101' }]);
    const kept = await db().query<{ division_code: string; code: string }>(
      `select division_code, code from push_rejections where record_id = $1`,
      [testId('taken-id')],
    );
    expect(kept.rows).toEqual([{ division_code: '530381', code: 'forbidden' }]);
  });
});
