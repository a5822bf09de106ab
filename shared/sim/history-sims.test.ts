import { describe, expect, it } from 'vitest';
import { runHistory, type HistoryPlan } from '../protocols/history-run';
import { createLineSession } from '../protocols/line-session';
import { createMemoryLinkPair } from '../protocols/line-session-testing';
import { hj212HistoryPlan } from '../protocols/hj212/history';
import { sl651HistoryPlan } from '../protocols/sl651/history';
import { szy206HistoryPlan } from '../protocols/szy206/history';
import { createHj212Analyser } from './hj212-analyser';
import { recentTwoDayGap } from './planted-gaps';
import { runSimulator, type FaultAwareSimulator } from './run-simulator';
import { createSl651Station } from './sl651-station';
import { createSzy206Rtu } from './szy206-rtu';

// Each simulator keeps a history with a planted gap; the shared transaction recovers it over a line.
const beijing = (text: string) => Date.parse(`${text}+08:00`);
const gap = { from: beijing('2026-07-01T06:00:00'), to: beijing('2026-07-01T09:00:00') };
const from = beijing('2026-07-01T00:00:00');
const to = beijing('2026-07-01T12:00:00');

async function pull<S>(
  simulator: FaultAwareSimulator,
  plan: HistoryPlan<S>,
  fault: 'none' | 'silent' = 'none',
) {
  const [centre, field] = createMemoryLinkPair();
  const run = runSimulator(simulator, field, { unsolicitedTickMs: 0, fault });
  const session = createLineSession({ link: centre });
  const outcome = await runHistory(session, plan, 200);
  await session.close();
  await run.stop();
  return outcome;
}

const hours = (a: number, b: number, stepMs: number) =>
  Array.from({ length: Math.round((b - a) / stepMs) }, (_, i) => a + i * stepMs);

describe('simulators answer history queries with their planted gaps', () => {
  it('SZY206 RTU: B1H over 12 h at 10 min in split frames; the 3 h gap comes back empty', async () => {
    const target = { address: { mode: 'division', division: '530381', station: 13 } } as const;
    const rtu = createSzy206Rtu({
      address: target.address,
      reportEveryMs: 0,
      history: { gaps: [gap], perFrame: 30 },
    });
    const outcome = await pull(rtu, szy206HistoryPlan(target, { type: 2, number: 0, from, to }, 10));
    expect(outcome.status).toBe('gap');
    expect(outcome.records).toHaveLength(72);
    expect(outcome.gaps).toEqual(hours(gap.from, gap.to, 600_000));
    const volumes = outcome.records.filter((r) => r.value !== null).map((r) => r.value ?? 0);
    expect(volumes.every((v, i) => i === 0 || v > (volumes[i - 1] ?? 0))).toBe(true);
    expect(outcome.records[0]).toMatchObject({ element: 'volume', time: from });
  });

  it('SZY206 RTU: a silent terminal is a timeout with nothing recovered', async () => {
    const target = { address: { mode: 'division', division: '530381', station: 13 } } as const;
    const rtu = createSzy206Rtu({ address: target.address, reportEveryMs: 0, history: { gaps: [gap] } });
    const outcome = await pull(rtu, szy206HistoryPlan(target, { type: 2, number: 0, from, to }), 'silent');
    expect(outcome).toMatchObject({ status: 'timeout', records: [] });
  });

  it('SL651 station: 38H hourly river level in M3 packets; the gap hours are empty', async () => {
    const station = { centerAddress: 1, stationAddress: '0012345678', password: '1234' };
    const sim = createSl651Station({ ...station, gaps: [gap], maxBody: 40 });
    const plan = sl651HistoryPlan(station, {
      serial: 0,
      sentAt: to,
      from,
      to,
      step: { days: 0, hours: 1, minutes: 0 },
      element: { id: 0x39, bytes: 4, decimals: 3 },
    });
    const outcome = await pull(sim, plan);
    expect(outcome.status).toBe('gap');
    expect(outcome.records.map((r) => r.time)).toEqual(hours(from, to, 3_600_000));
    expect(outcome.gaps).toEqual(hours(gap.from, gap.to, 3_600_000));
    expect(outcome.records[0]).toMatchObject({ key: 'Z', element: 'level' });
  });

  it.each([4, 5, 6, 7] as const)(
    'HJ 212 logger, upload Flag %i: hour data with the gap hours missing',
    async (uploadFlag) => {
      const mn = '88888880000001';
      const logger = createHj212Analyser({
        mn,
        st: '21',
        pw: '123456',
        history: { gaps: [gap], uploadFlag },
      });
      const plan = hj212HistoryPlan(
        { mn, st: '21', pw: '123456' },
        { kind: 'hour', from, to, qn: '20260701120000000' },
      );
      const outcome = await pull(logger, plan);
      expect(outcome.status).toBe('gap');
      expect(outcome.gaps).toEqual(hours(gap.from, gap.to, 3_600_000));
      expect(new Set(outcome.records.filter((r) => r.value !== null).map((r) => r.time)).size).toBe(9);
      expect(outcome.records.filter((r) => r.element === 'nh3n' && r.value !== null)).toHaveLength(9);
    },
  );

  it('the default planted gap is two whole days ending a day before now', () => {
    const now = beijing('2026-07-10T15:42:00');
    expect(recentTwoDayGap(now)).toEqual({
      from: beijing('2026-07-07T15:00:00'),
      to: beijing('2026-07-09T15:00:00'),
    });
  });
});

describe('history over a noisy line', () => {
  it('skips noise before answers (the garbage fault) and keeps what came when one drowns', async () => {
    const mn = '88888880000001';
    const logger = createHj212Analyser({
      mn,
      st: '21',
      pw: '123456',
      history: { gaps: [gap], uploadFlag: 5 },
    });
    const [centre, field] = createMemoryLinkPair();
    const run = runSimulator(logger, field, { unsolicitedTickMs: 0, fault: 'garbage', seed: 7 });
    const session = createLineSession({ link: centre });
    const outcome = await runHistory(
      session,
      hj212HistoryPlan({ mn, st: '21', pw: '123456' }, { kind: 'hour', from, to, qn: '20260701120000000' }),
      200,
    );
    await session.close();
    await run.stop();
    // Every third reply of the garbage fault drowns: the run stops there with what came before it.
    // Noise before a reply is skipped; the reply the garbage fault drowns entirely leaves only noise,
    // which the line names as a protocol failure once it falls quiet. What came before is kept.
    expect(outcome).toMatchObject({ status: 'failed', failure: { code: 'protocol' } });
    expect(outcome.records.some((r) => r.value !== null)).toBe(true);
  });
});
