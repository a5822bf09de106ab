// The province policy from the service to a synced laptop, end to end (design §9, issue 13: "the laptop
// and the service read the same policy; changing a target on the service changes the verdict on a
// synced laptop").
//
// What runs for real: the sync service (Fastify over the engine under test, listening on loopback),
// the laptop's enrolment with a one-time code over HTTP (the shared client, as the Sync centre does),
// the laptop's policy module (renderer/src/policy: ask, keep, never downgrade, load at start) over
// Node's fetch, the admin's PUT over HTTP, and the verdict core (shared/verdicts) on both sides.
// What stands in: localStorage is a Map; the device token is handed to the module instead of being
// read from the host's keychain.
//
// It lives in scripts/ because it combines renderer/ and server/ code, which only this layer may
// import together.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { Site, SiteHealth } from '#shared/domain/index';
import { dayStart } from '#shared/health/days';
import { createSyncClient, syncPaths, type HttpFetch } from '#shared/sync/index';
import {
  demoPolicy,
  judgeSites,
  siteStatus,
  statusPeriod,
  withPolicy,
  type ProvincePolicy,
} from '#shared/verdicts/index';
import { createPolicySync, type PolicyTarget } from '../../renderer/src/policy/policy-sync';
import { createAccount, createEnrollment } from '../../server/auth/accounts';
import { getPolicy } from '../../server/platform/policy';
import { describeOnEngines } from '../../server/testing/engines';
import { enrolledDevice, testService } from '../../server/testing/service';

// 2026-12-07 12:00 Asia/Shanghai: the status window is 2026-11-07 … 2026-12-06.
const now = dayStart('2026-12-07') + 12 * 3_600_000;
const site = {
  ...(sampleRecords.sites as unknown as Site),
  id: 'site-policy',
  registeredOn: '2020-01-01',
  status: 'active',
} as Site;
/** 40 days from 2026-11-01, 24 slots a day of which 23 arrived: a reporting rate of 95.8 %. */
const days = Array.from({ length: 40 }, () => 0);
const history: SiteHealth = {
  ...(sampleRecords.site_health as unknown as SiteHealth),
  id: site.id,
  siteId: site.id,
  firstDay: '2026-11-01',
  expected: days.map(() => 24),
  receivedSlots: days.map(() => 23),
  validValues: days.map(() => 46),
  reports: days.map(() => 23),
  lastReportAt: now - 3_600_000,
};

/** The laptop's verdict on the site, with the policy it holds (as the screens ask the core). */
const laptopVerdict = (policy: ProvincePolicy) =>
  siteStatus({ site, history, openFaultIds: [], period: statusPeriod(policy, now), policy, now });

/** The service's verdict on the site, with the policy it holds (as its automation and report ask). */
const serviceVerdict = (policy: ProvincePolicy) =>
  judgeSites({
    sites: [site],
    health: [history],
    faultEvents: [],
    period: statusPeriod(policy, now),
    policy,
    now,
  }).bySite.get(site.id);

const nodeFetch: HttpFetch = (url, init) => fetch(url, init as RequestInit);

describeOnEngines('the province policy reaches a synced laptop', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let url = '';

  beforeAll(async () => {
    const service = await testService(db());
    app = service.app;
    dispose = () => service.dispose();
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => dispose());

  test('a target changed on the service changes the verdict on the laptop at its next sync, and offline after', async () => {
    // The laptop is enrolled the way a crew's is: a one-time code from the admin, redeemed over HTTP.
    await createAccount(
      db(),
      { username: 'li.wei', displayName: '李伟', role: 'technician', scope: '530381' },
      { actor: 'test', scope: '53' },
      Date.now(),
    );
    const { code } = await createEnrollment(
      db(),
      { username: 'li.wei', deviceName: '一号笔记本', validHours: 1 },
      { actor: 'test', scope: '53' },
      url,
      Date.now(),
    );
    const enrolled = await createSyncClient({ baseUrl: url, fetch: nodeFetch, token: () => null }).enroll({
      code,
      deviceName: '一号笔记本',
    });
    expect(enrolled.ok).toBe(true);
    const laptopToken = enrolled.ok ? enrolled.value.token : '';

    const storage = new Map<string, string>();
    const laptop = () => {
      let held: ProvincePolicy = demoPolicy;
      const target: PolicyTarget = { get: () => held, set: (p) => void (held = p) };
      const sync = createPolicySync({
        fetch: nodeFetch,
        storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
        now: Date.now,
        serviceUrl: () => url,
        token: () => Promise.resolve(laptopToken),
        target,
      });
      return { sync, policy: () => held };
    };

    // First sync: the laptop and the service hold the same policy and reach the same verdict.
    const first = laptop();
    expect((await first.sync.refresh()).kind).toBe('taken');
    const served = await getPolicy(db());
    expect(first.policy()).toEqual(served);
    expect(laptopVerdict(first.policy()).status).toBe('meets');
    expect(serviceVerdict(served)?.status).toBe('meets');

    // A province admin raises the intake points' reporting-rate target on the service: 95 % → 97 %.
    const admin = await enrolledDevice(db(), 'admin', '53');
    const adminClient = createSyncClient({ baseUrl: url, fetch: nodeFetch, token: () => admin.token });
    const changed = await adminClient.request<ProvincePolicy>(
      'PUT',
      syncPaths.policy,
      withPolicy(served, { targets: { intake: { reportingRate: 0.97 } } }),
    );
    expect(changed.ok).toBe(true);
    const raised = await getPolicy(db());
    expect(raised).toMatchObject({
      version: served.version + 1,
      targets: { intake: { reportingRate: 0.97 } },
    });
    expect(serviceVerdict(raised)?.status).toBe('below');

    // Until the laptop syncs it still judges with what it holds …
    expect(laptopVerdict(first.policy()).status).toBe('meets');
    // … and at its next sync it judges as the service does, naming the failed metric.
    expect(await first.sync.refresh()).toEqual({ kind: 'taken', policy: raised });
    const after = laptopVerdict(first.policy());
    expect(after.status).toBe('below');
    expect(after.health.failed).toEqual(['reportingRate']);
    expect(after).toEqual(serviceVerdict(raised));

    // The laptop restarts offline: the kept policy is in force before anything is asked.
    const restarted = laptop();
    restarted.sync.load();
    expect(restarted.policy()).toEqual(raised);
    expect(laptopVerdict(restarted.policy()).status).toBe('below');
  });
});
