import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { createSyncClient, type HttpFetch, type SyncClient } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { enrolledDevice, sample, seedSites, testId, testService } from '../testing/service';

const fetchFn: HttpFetch = (url, init) => fetch(url, init as RequestInit);

const rowsOf = (docs: readonly Record<string, unknown>[]) =>
  docs.map((doc) => ({
    assumedMasterState: null,
    newDocumentState: { ...doc, id: doc['id'] as string, _deleted: false },
  }));

// Corrections are events: the service keeps a reading's withdrawal and a fault event's withdrawal beside
// what they take back, under the same role and region checks as any field record.
describeOnEngines('withdrawals on the wire', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let client: SyncClient;

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await app.listen({ host: '127.0.0.1', port: 0 });
    await seedSites(db());
    const { token } = await enrolledDevice(db(), 'technician', '530381');
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    client = createSyncClient({ baseUrl, fetch: fetchFn, token: () => token });
  });
  afterAll(async () => {
    await dispose();
  });

  test('a reading and its withdrawal are both stored', async () => {
    const reading = sample('readings', { id: testId('wd-reading') });
    const withdrawal = sample('readings', {
      id: testId('wd-reading-withdrawal'),
      supersedesId: reading['id'],
      withdrawn: true,
      note: '抄错了表',
    });
    const answer = await client.push('readings', { rows: rowsOf([reading, withdrawal]) });
    expect(answer.ok && answer.value.rejected).toEqual([]);
    expect(answer.ok && [...answer.value.accepted].sort()).toEqual([reading['id'], withdrawal['id']].sort());
  });

  test('a crew’s fault event withdrawal is stored; outside the region it is refused like any record', async () => {
    const faultId = testId('wd-fault');
    const opened = sample('fault_events', { id: testId('wd-opened'), faultId });
    const comment = sample('fault_events', {
      id: testId('wd-comment'),
      faultId,
      type: 'comment',
      description: '已联系厂家',
    });
    const withdrawal = sample('fault_events', {
      id: testId('wd-withdrawal'),
      faultId,
      type: 'withdrawn',
      correctsEventId: comment['id'],
      description: '记错了工单',
    });
    const answer = await client.push('fault_events', { rows: rowsOf([opened, comment, withdrawal]) });
    expect(answer.ok && answer.value.rejected).toEqual([]);
    expect(answer.ok && answer.value.accepted).toContain(withdrawal['id']);

    const elsewhere = sample('fault_events', {
      id: testId('wd-withdrawal-elsewhere'),
      faultId,
      divisionCode: '530621',
      type: 'withdrawn',
      correctsEventId: comment['id'],
      description: '误录',
    });
    const refused = await client.push('fault_events', { rows: rowsOf([elsewhere]) });
    expect(refused.ok && refused.value.rejected.map((r) => [r.id, r.code])).toEqual([
      [elsewhere['id'], 'forbidden'],
    ]);
  });
});
