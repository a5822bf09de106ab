import { describe, expect, it } from 'vitest';
import { decodeHj212Packet } from '../protocols/hj212/packet';
import { runHj212Qc, type Hj212QcRequest } from '../protocols/hj212/qc';
import { createLineSession } from '../protocols/line-session';
import { createMemoryLinkPair } from '../protocols/line-session-testing';
import { createHj212Analyser } from './hj212-analyser';
import { runSimulator } from './run-simulator';

const station = { st: '21', pw: '123456', mn: '88888880000001' };
const now = Date.UTC(2026, 10, 25, 4, 0, 0);
const qn = '20261125120000001';

async function qc(edition: 'hj212-2017' | 'hj212-2025', request: Omit<Hj212QcRequest, 'qn'>) {
  const [centre, field] = createMemoryLinkPair();
  const run = runSimulator(createHj212Analyser({ ...station, edition }), field, { unsolicitedTickMs: 0 });
  const session = createLineSession({ link: centre });
  const result = await runHj212Qc(session, station, { ...request, qn }, 300);
  await session.close();
  await run.stop();
  return result;
}

describe('HJ 212 simulator: either edition', () => {
  it('real-time data carries the edition bits: 2017 Flag=4, 2025 Flag=8 (2025 per implementations [L–M])', () => {
    for (const [edition, flag] of [
      ['hj212-2017', 4],
      ['hj212-2025', 8],
    ] as const) {
      const sent = createHj212Analyser({ ...station, edition }).unsolicited?.(now)[0];
      const r = decodeHj212Packet(sent ?? new Uint8Array());
      expect(r.status === 'ok' && [r.value.flag?.raw, r.value.edition.edition]).toEqual([flag, edition]);
    }
  });
});

describe('HJ 212 QC against the simulator over a line session', () => {
  it('zero calibration (3011) on a 2017 logger: done, ExeRtn=1, no values (the standard sends none)', async () => {
    const r = await qc('hj212-2017', { check: 'zero', polId: 'w21003' });
    expect(r).toMatchObject({ status: 'done', cn: '3011', exeRtn: '1', values: [], edition: 'hj212-2017' });
  });
  it('span on a factor the analyser does not measure: refused with ExeRtn=3', async () => {
    const r = await qc('hj212-2017', { check: 'span', polId: 'w01018' });
    expect(r).toMatchObject({ status: 'refused', exeRtn: '3' });
  });
  it('standard-sample check (2062) on a 2025 logger: a plausible measured value within ±3 % of the base', async () => {
    const r = await qc('hj212-2025', { check: 'standard', polId: 'w21003' });
    expect(r).toMatchObject({ status: 'done', cn: '2062', exeRtn: '1', edition: 'hj212-2025' });
    expect(r.values).toHaveLength(1);
    expect(r.values[0]?.key).toBe('w21003-Rtd');
    // ±3 % of the base 0.32, then written with two decimals (0.33 is 3.1 % off).
    expect(Math.abs((r.values[0]?.value ?? 0) - 0.32)).toBeLessThanOrEqual(0.32 * 0.03 + 0.005);
  });
  it('2062 sent with the 2025 Flag to a 2017 logger: refused (QnRtn=8, CN 错)', async () => {
    const r = await qc('hj212-2017', { check: 'standard', polId: 'w21003' });
    expect(r).toMatchObject({ status: 'refused', reason: 'request refused: QnRtn=8' });
  });
});
