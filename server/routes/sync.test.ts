/* eslint-disable @typescript-eslint/no-unsafe-assignment -- asymmetric matchers (expect.any, expect.stringMatching) are typed any */
import type { FastifyInstance } from 'fastify';
import { beforeAll, afterAll, expect } from 'vitest';
import type { PullResponse, PushResponse, WireDocument } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

const day = 86_400_000;

describeOnEngines('replication endpoints', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let tech: { token: string; deviceId: string };
  let techBj: { token: string };
  let now = 1_764_000_000_000;

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db(), now);
    tech = await enrolledDevice(db(), 'technician', '530381', now);
    techBj = await enrolledDevice(db(), 'technician', '110101', now);
  });
  afterAll(async () => dispose());

  const push = async (
    token: string,
    collection: string,
    docs: Record<string, unknown>[],
    assumed: (Record<string, unknown> | null)[] = [],
  ) => {
    const response = await app.inject({
      method: 'POST',
      url: `/v1/sync/${collection}/push`,
      headers: bearer(token),
      payload: {
        rows: docs.map((d, i) => ({
          assumedMasterState: assumed[i] ? { ...assumed[i], _deleted: false } : null,
          newDocumentState: { ...d, _deleted: false },
        })),
      },
    });
    return {
      status: response.statusCode,
      body: response.json<PushResponse & { error?: { code: string; message: string } }>(),
    };
  };
  const pullAll = async (token: string, collection: string) => {
    const docs: WireDocument[] = [];
    let checkpoint = { tx: '0', seq: 0 };
    for (let i = 0; i < 100; i += 1) {
      const r = await app.inject({
        url: `/v1/sync/${collection}/pull?tx=${checkpoint.tx}&seq=${checkpoint.seq}&limit=2`,
        headers: bearer(token),
      });
      expect(r.statusCode).toBe(200);
      const body = r.json<PullResponse>();
      docs.push(...body.documents);
      if (body.documents.length === 0) {
        break;
      }
      checkpoint = body.checkpoint;
    }
    return docs;
  };

  test('a request without a token, or with an unknown one, is refused with a clear code', async () => {
    const none = await app.inject({ url: '/v1/sync/sites/pull?tx=0&seq=0' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const forged = await app.inject({
      url: '/v1/sync/sites/pull?tx=0&seq=0',
      headers: bearer('wrmd_forged'),
    });
    expect(forged.json()).toMatchObject({
      error: { code: 'unauthorized', message: expect.stringMatching(/not known/) },
    });
  });

  test('pull pages by checkpoint and serves only the region of the token, whatever checkpoint it sends', async () => {
    const docs = await pullAll(tech.token, 'sites');
    expect(docs.map((d) => d.id).sort()).toEqual(['site-1', 'site-2']);
    expect(docs.every((d) => d._deleted === false)).toBe(true);
    const bj = await pullAll(techBj.token, 'sites');
    expect(bj.map((d) => d.id)).toEqual(['site-bj']);
    // A forged checkpoint cannot reach other regions' rows either.
    const r = await app.inject({
      url: '/v1/sync/sites/pull?tx=0&seq=0&limit=1000',
      headers: bearer(techBj.token),
    });
    expect(r.json<PullResponse>().documents.map((d) => d.id)).toEqual(['site-bj']);
    const bad = await app.inject({ url: '/v1/sync/sites/pull?tx=abc&seq=0', headers: bearer(tech.token) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: { code: 'invalid-body', message: expect.stringMatching(/tx/) },
    });
    const unknown = await app.inject({
      url: '/v1/sync/secrets/pull?tx=0&seq=0',
      headers: bearer(tech.token),
    });
    expect(unknown.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  test('the same push twice changes nothing; the service stamps receipt time', async () => {
    const patrol = sample('patrols', { id: testId('pt-twice'), receivedAt: 5 });
    const first = await push(tech.token, 'patrols', [patrol]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      accepted: [testId('pt-twice')],
      rejected: [],
      conflicts: [],
      receivedAt: now,
    });
    now += 1000;
    const again = await push(tech.token, 'patrols', [patrol]);
    expect(again.body).toMatchObject({ accepted: [testId('pt-twice')], rejected: [] });
    const docs = (await pullAll(tech.token, 'patrols')).filter((d) => d.id === testId('pt-twice'));
    expect(docs).toHaveLength(1);
    // Receipt time is the service's first receipt, not the device's claim, nor the repeat's.
    expect(docs[0]?.['receivedAt']).toBe(now - 1000);
  });

  test('the same event id with different content is a reported error and the first stays', async () => {
    await push(tech.token, 'readings', [sample('readings', { id: testId('rd-x'), value: 1 })]);
    const clash = await push(tech.token, 'readings', [sample('readings', { id: testId('rd-x'), value: 2 })]);
    expect(clash.body.accepted).toEqual([]);
    expect(clash.body.rejected).toEqual([
      {
        id: testId('rd-x'),
        code: 'event-mismatch',
        message: expect.stringMatching(/was pushed before with different content \(value\)/),
      },
    ]);
    const stored = (await pullAll(tech.token, 'readings')).find((d) => d.id === testId('rd-x'));
    expect(stored?.['value']).toBe(1);
  });

  test('a device clock three days off is kept, never used for order', async () => {
    const future = now + 3 * day;
    const skewed = sample('patrols', { id: testId('pt-skew'), recordedAt: future });
    now += 5_000;
    const result = await push(tech.token, 'patrols', [skewed]);
    expect(result.body.accepted).toEqual([testId('pt-skew')]);
    const docs = await pullAll(tech.token, 'patrols');
    const stored = docs.find((d) => d.id === testId('pt-skew'));
    expect(stored?.['recordedAt']).toBe(future);
    expect(stored?.['receivedAt']).toBe(now);
    // Pull order is write order: the skewed record comes after the earlier write despite its "future" time.
    expect(docs.map((d) => d.id).indexOf(testId('pt-skew'))).toBeGreaterThan(
      docs.map((d) => d.id).indexOf(testId('pt-twice')),
    );
  });

  test('a push for a site outside the region is refused row by row; the rest of the batch lands', async () => {
    const inside = sample('patrols', { id: testId('pt-in') });
    const outside = sample('patrols', { id: testId('pt-out'), siteId: 'site-bj', divisionCode: '110101' });
    const forged = sample('patrols', { id: testId('pt-forged'), siteId: 'site-bj' });
    const result = await push(tech.token, 'patrols', [inside, outside, forged]);
    expect(result.body.accepted).toEqual([testId('pt-in')]);
    expect(result.body.rejected).toEqual([
      {
        id: testId('pt-out'),
        code: 'forbidden',
        message: expect.stringMatching(/outside your region 530381/),
      },
      {
        id: testId('pt-forged'),
        code: 'forbidden',
        message: expect.stringMatching(/site site-bj is not a site of your region/),
      },
    ]);
    expect((await pullAll(techBj.token, 'patrols')).map((d) => d.id)).toEqual([]);
  });

  test("one batch: a repeated id is judged against its first copy; a division that is not its site's is refused", async () => {
    const province = await enrolledDevice(db(), 'technician', '53', now);
    const first = sample('patrols', { id: testId('pt-batch'), siteId: 'site-1' });
    const changed = { ...first, radiusM: 500 };
    const wrongCounty = sample('patrols', {
      id: testId('pt-county'),
      siteId: 'site-1',
      divisionCode: '530302',
    });
    const result = await push(province.token, 'patrols', [first, { ...first }, changed, wrongCounty]);
    expect(result.status).toBe(200);
    expect(result.body.accepted).toEqual([testId('pt-batch'), testId('pt-batch')]);
    expect(result.body.rejected).toEqual([
      {
        id: testId('pt-county'),
        code: 'invalid-body',
        message: expect.stringMatching(/divisionCode 530302 does not match site site-1 \(530381\)/),
      },
      { id: testId('pt-batch'), code: 'event-mismatch', message: expect.stringMatching(/radiusM/) },
    ]);
    const stored = (await pullAll(province.token, 'patrols')).filter((d) => d.id === testId('pt-batch'));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.['radiusM']).toBe(200);
    expect((await pullAll(province.token, 'patrols')).some((d) => d.id === testId('pt-county'))).toBe(false);
  });

  test('malformed JSON, a wrong shape and an oversized body are refused with their codes', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/sync/patrols/push',
      headers: { ...bearer(tech.token), 'content-type': 'application/json' },
      payload: '{"rows": [ {"newDocumentState": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({
      error: { code: 'invalid-body', message: expect.stringMatching(/not valid JSON/) },
    });
    const shape = await app.inject({
      method: 'POST',
      url: '/v1/sync/patrols/push',
      headers: bearer(tech.token),
      payload: { rows: 'x' },
    });
    expect(shape.json()).toMatchObject({
      error: { code: 'invalid-body', message: expect.stringMatching(/rows/) },
    });
    const huge = await app.inject({
      method: 'POST',
      url: '/v1/sync/patrols/push',
      headers: { ...bearer(tech.token), 'content-type': 'application/json' },
      payload: JSON.stringify({
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: { id: 'x', _deleted: false, pad: 'x'.repeat(5 * 1024 * 1024) },
          },
        ],
      }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: { code: 'too-large' } });
    const invalidRow = await push(tech.token, 'patrols', [
      sample('patrols', { id: testId('pt-bad'), radiusM: -1 }),
    ]);
    expect(invalidRow.body.rejected).toEqual([
      { id: testId('pt-bad'), code: 'invalid-body', message: expect.stringMatching(/radiusM/) },
    ]);
  });

  test('a technician may not create reference records nor change fields that are not theirs', async () => {
    const created = await push(tech.token, 'sites', [sample('sites', { id: 'site-new', code: 'X1' })]);
    expect(created.body.rejected).toMatchObject([{ id: 'site-new', code: 'forbidden' }]);
    const current = (await pullAll(tech.token, 'sites')).find((d) => d.id === 'site-1')!;
    const { _deleted, ...base } = current;
    const status = await push(tech.token, 'sites', [{ ...base, status: 'suspended' }], [base]);
    expect(status.body.rejected).toMatchObject([
      { id: 'site-1', code: 'forbidden-field', message: expect.stringMatching(/status/) },
    ]);
  });

  test('non-overlapping edits merge; an overlapping edit goes to the review list and the device gets the current state', async () => {
    const a = await enrolledDevice(db(), 'technician', '5303', now);
    const b = await enrolledDevice(db(), 'technician', '5303', now);
    const base = (({ _deleted, ...rest }) => rest)(
      (await pullAll(a.token, 'sites')).find((d) => d.id === 'site-2')!,
    );
    now += 1000;
    const editA = await push(a.token, 'sites', [{ ...base, name: '改名后的取水口' }], [base]);
    expect(editA.body.accepted).toEqual(['site-2']);
    // B edited another field offline from the same base: merged, nothing lost.
    now += 1000;
    const editB = await push(b.token, 'sites', [{ ...base, waterSource: '新水源' }], [base]);
    expect(editB.body).toMatchObject({ accepted: ['site-2'], conflicts: [] });
    let merged = (await pullAll(a.token, 'sites')).find((d) => d.id === 'site-2')!;
    expect(merged).toMatchObject({ name: '改名后的取水口', waterSource: '新水源', updatedAt: now });
    // B now edits the name from its stale base as well: overlap → review, conflict answered.
    now += 1000;
    const overlap = await push(b.token, 'sites', [{ ...base, name: 'B 的名字' }], [base]);
    expect(overlap.body.accepted).toEqual([]);
    expect(overlap.body.conflicts).toMatchObject([{ id: 'site-2', name: '改名后的取水口' }]);
    expect(overlap.body.review).toEqual([{ id: 'site-2', reviewId: expect.any(String) }]);
    // Sent again (a lost answer), it does not add a second review entry.
    const again = await push(b.token, 'sites', [{ ...base, name: 'B 的名字' }], [base]);
    expect(again.body.review[0]?.reviewId).toBe(overlap.body.review[0]?.reviewId);
    merged = (await pullAll(a.token, 'sites')).find((d) => d.id === 'site-2')!;
    expect(merged['name']).toBe('改名后的取水口');
    const mine = await app.inject({ url: '/v1/reviews?status=open', headers: bearer(b.token) });
    expect(mine.json<{ reviews: unknown[] }>().reviews).toMatchObject([
      {
        recordId: 'site-2',
        fields: ['name'],
        proposed: { name: 'B 的名字' },
        current: { name: '改名后的取水口' },
        status: 'open',
      },
    ]);
    // A technician cannot decide; a supervisor of the region can, and the record follows.
    const reviewId = overlap.body.review[0]!.reviewId;
    const refused = await app.inject({
      method: 'POST',
      url: `/v1/reviews/${reviewId}/resolve`,
      headers: bearer(b.token),
      payload: { decision: 'accept' },
    });
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    const supervisor = await enrolledDevice(db(), 'supervisor', '53', now);
    const decided = await app.inject({
      method: 'POST',
      url: `/v1/reviews/${reviewId}/resolve`,
      headers: bearer(supervisor.token),
      payload: { decision: 'accept' },
    });
    expect(decided.json()).toMatchObject({ status: 'accepted', decidedBy: supervisor.username });
    merged = (await pullAll(a.token, 'sites')).find((d) => d.id === 'site-2')!;
    expect(merged).toMatchObject({ name: 'B 的名字', waterSource: '新水源' });
  });
});
