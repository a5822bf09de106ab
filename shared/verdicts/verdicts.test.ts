import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import type { FaultEvent, Site, SiteHealth } from '../domain/index';
import { foldFault } from '../faults/state-machine';
import { dayStart } from '../health/days';
import { collections, validateRecord } from '../domain/index';
import {
  demoPolicy,
  judgeSites,
  monthPeriod,
  provincePolicySchema,
  siteStatus,
  statusPeriod,
  taskNeedForStatus,
  verificationEvent,
  verifyRepair,
  withPolicy,
} from './index';

const at = (day: string, hour = 10) => dayStart(day) + hour * 3_600_000;
const site = {
  ...(sampleRecords.sites as unknown as Site),
  id: 's1',
  registeredOn: '2020-01-01',
  status: 'active',
} as Site;
/** History from 2026-11-01 for 40 days: 24 slots a day, `received(i)` of them received. */
const history = (received: (i: number) => number, lastReportAt: number | null): SiteHealth => {
  const days = Array.from({ length: 40 }, (_, i) => i);
  return {
    ...(sampleRecords.site_health as unknown as SiteHealth),
    id: 's1',
    siteId: 's1',
    firstDay: '2026-11-01',
    expected: days.map(() => 24),
    receivedSlots: days.map(received),
    validValues: days.map((i) => received(i) * 2),
    reports: days.map(received),
    lastReportAt,
  };
};
const fe = (
  type: FaultEvent['type'],
  recordedAt: number,
  receivedAt: number | null,
  extra: Partial<FaultEvent> = {},
) =>
  ({
    ...(sampleRecords.fault_events as unknown as FaultEvent),
    id: `f-${type}-${recordedAt}`,
    faultId: 'f',
    siteId: 's1',
    type,
    recordedAt,
    receivedAt,
    ...extra,
  }) as FaultEvent;

describe('periods', () => {
  it('the status window ends with the last complete day; a running month is cut and marked partial', () => {
    const now = at('2026-12-07', 9);
    expect(statusPeriod(demoPolicy, now)).toMatchObject({
      from: '2026-11-07',
      to: '2026-12-06',
      days: 30,
      current: true,
    });
    expect(monthPeriod('2026-12', now)).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-06',
      days: 6,
      partial: true,
    });
    expect(monthPeriod('2026-11', now)).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      days: 30,
      partial: false,
      current: false,
    });
    expect(monthPeriod('2026-12', at('2026-12-01', 9))).toMatchObject({ days: 0, partial: true });
    expect(() => monthPeriod('2026-13', now)).toThrow(/not a month/);
  });
});

describe('site status', () => {
  const now = at('2026-12-07', 9);
  const period = statusPeriod(demoPolicy, now);
  const judge = (h: SiteHealth | null, openFaultIds: string[] = [], s: Site = site) =>
    siteStatus({ site: s, history: h, openFaultIds, period, policy: demoPolicy, now });
  it('is worst first: fault, silent, below, meets; not judged when inactive', () => {
    expect(judge(history(() => 24, now - 3_600_000)).status).toBe('meets');
    const below = judge(history(() => 20, now - 3_600_000));
    expect(below.status).toBe('below');
    expect(below.health.failed).toEqual(['reportingRate', 'stability']);
    expect(judge(history(() => 24, now - 2 * 86_400_000)).status).toBe('silent');
    expect(judge(history(() => 24, null)).status).toBe('silent');
    expect(
      judge(
        history(() => 0, null),
        ['f'],
      ).status,
    ).toBe('fault');
    expect(
      judge(
        history(() => 24, now),
        [],
        { ...site, status: 'suspended' },
      ).status,
    ).toBe('not_judged');
    expect(judge(null, [], { ...site, registeredOn: '2026-12-07' }).status).toBe('not_judged');
  });
  it('silence is a current state: a past month is judged on its rates alone', () => {
    const nov = monthPeriod('2026-11', now);
    const v = siteStatus({
      site,
      history: history(() => 24, null),
      openFaultIds: [],
      period: nov,
      policy: demoPolicy,
      now,
    });
    expect(v.status).toBe('meets');
  });
  it('takes its targets from the policy', () => {
    const h = history(() => 23, now - 3_600_000); // 95.8 %
    expect(judge(h).status).toBe('meets');
    const strict = withPolicy(demoPolicy, { targets: { intake: { reportingRate: 0.99 } } });
    expect(siteStatus({ site, history: h, openFaultIds: [], period, policy: strict, now }).status).toBe(
      'below',
    );
  });
  it('raises one task per silence and one per month below target', () => {
    const silent = judge(history(() => 24, at('2026-12-04')));
    expect(taskNeedForStatus(silent, demoPolicy, now)).toMatchObject({
      reason: 'silent',
      dedupKey: `silent:s1:${at('2026-12-04')}`,
    });
    const below = judge(history(() => 20, now - 3_600_000));
    expect(taskNeedForStatus(below, demoPolicy, now)).toMatchObject({
      reason: 'below_target',
      dedupKey: 'below_target:s1:2026-12',
      dueOn: '2026-12-10',
    });
    expect(taskNeedForStatus(judge(history(() => 24, now)), demoPolicy, now)).toBeNull();
  });
});

describe('repair verification', () => {
  const opened = fe('opened', at('2026-11-01'), at('2026-11-01'));
  const silentUntil19 = history((i) => (i >= 9 && i < 19 ? 0 : 24), null);
  const repaired = (recordedAt: number, receivedAt: number | null) =>
    foldFault([opened, fe('repaired', recordedAt, receivedAt, { actions: '更换电池' })])!;
  it('verifies on a good full day after the repair within the window, reopens after it, waits otherwise', () => {
    const r = repaired(at('2026-11-19'), at('2026-11-19'));
    expect(verifyRepair(r, silentUntil19, demoPolicy, at('2026-11-21'))).toMatchObject({
      verdict: 'verified',
      goodDay: '2026-11-20',
    });
    const early = repaired(at('2026-11-12'), at('2026-11-12'));
    expect(verifyRepair(early, silentUntil19, demoPolicy, at('2026-11-16'))).toMatchObject({
      verdict: 'reopened',
      reason: 'no-good-day-in-window',
    });
    expect(verifyRepair(early, silentUntil19, demoPolicy, at('2026-11-13'))).toMatchObject({
      verdict: 'waiting',
      deadline: at('2026-11-15'),
    });
    expect(verifyRepair(r, null, demoPolicy, at('2026-11-20'))).toMatchObject({
      verdict: 'waiting',
      reason: 'waiting-for-data',
    });
    expect(
      verifyRepair(repaired(at('2026-11-19'), null), silentUntil19, demoPolicy, at('2026-11-25')).reason,
    ).toBe('repair-not-received');
    expect(verifyRepair(foldFault([opened])!, silentUntil19, demoPolicy, at('2026-11-25')).reason).toBe(
      'not-repaired',
    );
  });
  it('never trusts a laptop clock behind the platform: reports before the receipt do not count', () => {
    // The laptop says the repair was on 11-05 (its clock 2 weeks behind); the platform got it on 11-12,
    // during the silence. Days 11-06 … 11-09 were good but came before the repair reached the platform.
    const skewed = repaired(at('2026-11-05'), at('2026-11-12'));
    expect(verifyRepair(skewed, silentUntil19, demoPolicy, at('2026-11-13')).verdict).toBe('waiting');
    expect(verifyRepair(skewed, silentUntil19, demoPolicy, at('2026-11-16')).verdict).toBe('reopened');
  });
  it('makes one platform event a fold applies, keyed by the repair', () => {
    const r = repaired(at('2026-11-19'), at('2026-11-19'));
    const verdict = verifyRepair(r, silentUntil19, demoPolicy, at('2026-11-21'));
    const event = verificationEvent(r, verdict, { now: at('2026-11-21'), idFor: (k) => `v-${k.length}` })!;
    expect(validateRecord(collections.fault_events, event).ok).toBe(true);
    expect(foldFault([...r.history, event])).toMatchObject({
      status: 'verified',
      closedAt: at('2026-11-21'),
    });
    const waiting = verifyRepair(r, null, demoPolicy, at('2026-11-20'));
    expect(verificationEvent(r, waiting, { now: 1, idFor: () => 'x' })).toBeNull();
  });
});

describe('judging a province', () => {
  it('a month shows tickets as they stood at its end, the window as they are now', () => {
    const now = at('2026-12-07', 9);
    const events = [
      fe('opened', at('2026-11-20'), at('2026-11-20')),
      fe('repaired', at('2026-11-28'), at('2026-11-28'), { actions: 'x' }),
      fe('verified', at('2026-12-02'), at('2026-12-02')),
    ];
    const h = history(() => 24, now - 3_600_000);
    const nov = judgeSites({
      sites: [site],
      health: [h],
      faultEvents: events,
      period: monthPeriod('2026-11', now),
      policy: demoPolicy,
      now,
    });
    expect(nov.bySite.get('s1')?.status).toBe('fault');
    const window = judgeSites({
      sites: [site],
      health: [h],
      faultEvents: events,
      period: statusPeriod(demoPolicy, now),
      policy: demoPolicy,
      now,
    });
    expect(window.bySite.get('s1')?.status).toBe('meets');
  });
  it('the demo policy is a valid policy', () => {
    expect(provincePolicySchema.safeParse(demoPolicy).success).toBe(true);
    expect(() => withPolicy(demoPolicy, { silentHours: 0 })).toThrow();
  });
});
