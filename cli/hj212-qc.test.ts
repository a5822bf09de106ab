import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTool, openPtyPair, type PtyPair } from '../electron/host/testing/pty-pair';
import { capture, withSimulator } from './cli-testing';
import { main } from './main';

const mn = '88888880000001';

describe('wrm decode hj212 prints the edition', () => {
  const decode = async (frame: string) => {
    const c = capture();
    const code = await main(['decode', 'hj212', frame], c.io);
    return { code, json: JSON.parse(c.out()) as { edition: { edition: string; reason: string } } };
  };
  it('2025 (the quoted example, Flag=9) and 2017 (Flag=5)', async () => {
    const r2025 = await decode(
      '##0087QN=20240601085857223;ST=32;CN=1011;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&&&2200',
    );
    expect(r2025.code).toBe(0);
    expect(r2025.json.edition.edition).toBe('hj212-2025');
    const r2017 = await decode(
      '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80',
    );
    expect(r2017.json.edition).toMatchObject({
      edition: 'hj212-2017',
      reason: 'Flag=5: version bits 000001 = HJ 212-2017',
    });
  });
});

describe('wrm hj212 qc arguments', () => {
  it('refuses an unknown check by name (exit 2)', async () => {
    const c = capture();
    expect(await main(['hj212', 'qc', '--port', '/dev/null', '--mn', mn, '--check', 'drift'], c.io)).toBe(2);
    expect(c.err()).toMatch(/--check must be one of zero, span, standard/);
  });
});

const socatMissing = missingTool('socat');

describe.skipIf(socatMissing !== null)('wrm hj212 qc against the simulator over a socat pty pair', () => {
  let pair: PtyPair;
  beforeAll(async () => {
    pair = await openPtyPair();
  });
  afterAll(async () => {
    await pair.close();
  });

  const qc = async (args: string[]) => {
    const c = capture();
    const code = await main(
      ['hj212', 'qc', '--port', pair.a, '--mn', mn, '--timeout', '3000', ...args],
      c.io,
    );
    return { code, out: c.out(), err: c.err() };
  };
  type Json = {
    status: string;
    cn: string;
    exeRtn: string | null;
    edition: string | null;
    values: { key: string; value: number }[];
    frames: { direction: string; hex: string }[];
    uncertainty: string;
  };

  it('zero on a 2017 logger: 3011 done (ExeRtn=1), the frames recorded; span refused on an unmeasured factor', async () => {
    const sim = await withSimulator(pair.b, ['hj212', '--interval', '0', '--quiet'], async () => {
      const r = await qc(['--check', 'zero', '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as Json;
      expect(json).toMatchObject({
        status: 'done',
        cn: '3011',
        exeRtn: '1',
        edition: 'hj212-2017',
        values: [],
      });
      expect(json.frames.length).toBeGreaterThanOrEqual(2);
      expect(json.uncertainty).toMatch(/same frame/);
      const span = await qc(['--check', 'span', '--pol', 'w01018', '--json']);
      expect(span.code).toBe(1);
      expect(JSON.parse(span.out)).toMatchObject({ status: 'refused', exeRtn: '3' });
    });
    expect(sim.exitCode).toBe(0);
  });

  it('standard on a 2025 logger: 2062 with the measured value; zh text names the edition', async () => {
    const sim = await withSimulator(
      pair.b,
      ['hj212', '--interval', '0', '--edition', '2025', '--quiet'],
      async () => {
        const r = await qc(['--check', 'standard', '--json']);
        expect(r.code).toBe(0);
        const json = JSON.parse(r.out) as Json;
        expect(json).toMatchObject({ status: 'done', cn: '2062', edition: 'hj212-2025' });
        expect(json.values[0]?.key).toBe('w21003-Rtd');
        // Within the simulator's ±3 % of its base 0.32, then written with two decimals (0.33 is 3.1 % off).
        expect(Math.abs((json.values[0]?.value ?? 0) - 0.32)).toBeLessThanOrEqual(0.32 * 0.03 + 0.005);
        const text = await qc(['--check', 'standard']);
        expect(text.code).toBe(0);
        expect(text.out).toMatch(/CN 2062 w21003: 执行成功/);
        expect(text.out).toMatch(/规约版本: hj212-2025/);
      },
    );
    expect(sim.exitCode).toBe(0);
  });
});
