import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { PushResponse } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

const png = 'data:image/png;base64,iVBORw0KGgo=';

// Dispatch (派工) and the review of a crew's signature are a supervisor's: the service refuses them from a
// technician by name, row by row, and stores a supervisor's — on PGlite and PostgreSQL.
describeOnEngines('who may dispatch and review a sign-off', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let technician: string;
  let supervisor: string;

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db());
    technician = (await enrolledDevice(db(), 'technician', '530381')).token;
    supervisor = (await enrolledDevice(db(), 'supervisor', '5303')).token;
  });
  afterAll(async () => dispose());

  const push = async (collection: string, token: string, docs: Record<string, unknown>[]) => {
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
  const faultEvent = (id: string, type: string, extra: Record<string, unknown> = {}) =>
    sample('fault_events', { id: testId(id), faultId: 'fault-dispatch', type, ...extra });
  const patrolEvent = (id: string, type: string, extra: Record<string, unknown> = {}) =>
    sample('patrol_events', { id: testId(id), type, itemId: null, outcome: null, ...extra });
  const stored = async (ids: string[]) =>
    (
      await db().query<{ id: string }>(`select id from records where id = any($1::text[]) order by id`, [ids])
    ).rows.map((r) => r.id);

  test('a technician’s dispatch and sign-off review are refused by name; a supervisor’s are stored', async () => {
    expect((await push('fault_events', technician, [faultEvent('d-open', 'opened')])).accepted).toEqual([
      testId('d-open'),
    ]);
    const dispatch = {
      assignee: { kind: 'crew_scope', id: '530381', label: '运维一组' },
      dueAt: 1_900_000_000_000,
    };
    const refused = await push('fault_events', technician, [
      faultEvent('d-dispatch-t', 'dispatched', dispatch),
      faultEvent('d-accept-t', 'sign_off_accepted', { correctsEventId: testId('d-signed') }),
      faultEvent('d-return-t', 'sign_off_returned', {
        correctsEventId: testId('d-signed'),
        description: '重签',
      }),
      faultEvent('d-accepted', 'accepted'),
      faultEvent('d-signed', 'signed', { signature: png, correctsEventId: testId('d-open') }),
    ]);
    expect(refused.accepted).toEqual([testId('d-accepted'), testId('d-signed')]);
    expect(refused.rejected).toHaveLength(3);
    for (const r of refused.rejected) {
      expect(r).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/supervisor's .*technician/) as unknown,
      });
    }
    expect(refused.rejected[0]!.message).toContain('a dispatched event');
    expect(refused.rejected[1]!.message).toContain('a sign_off_accepted event');
    expect(await stored([testId('d-dispatch-t'), testId('d-accept-t'), testId('d-return-t')])).toEqual([]);

    const byTheSupervisor = await push('fault_events', supervisor, [
      faultEvent('d-dispatch-s', 'dispatched', dispatch),
      faultEvent('d-accept-s', 'sign_off_accepted', { correctsEventId: testId('d-signed') }),
    ]);
    expect(byTheSupervisor).toMatchObject({
      accepted: [testId('d-dispatch-s'), testId('d-accept-s')],
      rejected: [],
    });
  });

  test('a patrol sign-off is the crew’s to sign and a supervisor’s to review', async () => {
    const body = await push('patrol_events', technician, [
      patrolEvent('p-signed', 'signed', { signature: png }),
      patrolEvent('p-accept-t', 'sign_off_accepted', { refersToId: testId('p-signed') }),
      patrolEvent('p-dismissed', 'fault_proposal_dismissed', {
        itemId: 'seal-intact',
        note: '上次工单已处理',
      }),
    ]);
    expect(body.accepted).toEqual([testId('p-signed'), testId('p-dismissed')]);
    expect(body.rejected).toMatchObject([
      {
        id: testId('p-accept-t'),
        code: 'forbidden',
        message: expect.stringMatching(/sign_off_accepted.*supervisor's/) as unknown,
      },
    ]);
    const review = await push('patrol_events', supervisor, [
      patrolEvent('p-return-s', 'sign_off_returned', { refersToId: testId('p-signed'), note: '照片不清楚' }),
    ]);
    expect(review).toMatchObject({ accepted: [testId('p-return-s')], rejected: [] });
  });
});
