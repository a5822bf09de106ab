import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSerialLink } from '../electron/host/serial-link';
import { missingTool, openPtyPair, type PtyPair } from '../electron/host/testing/pty-pair';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { decodeHj212Packet } from '#shared/protocols/hj212/packet';
import { createFrameReader } from '#shared/protocols/common/frame-reader';
import { runSimulator } from '#shared/sim/run-simulator';
import { createSzy206Rtu } from '#shared/sim/szy206-rtu';
import { querySzy206 } from './commands/szy206';
import { capture, withSimulator } from './cli-testing';
import { main } from './main';

const address = { mode: 'division', division: '530381', station: 13 } as const;

describe('querySzy206 over an in-memory line', () => {
  const ask = async (
    query: Parameters<typeof querySzy206>[1]['query'],
    fault: 'none' | 'silent' | 'wrong-address' = 'none',
  ) => {
    const [centre, field] = createMemoryLinkPair();
    const run = runSimulator(createSzy206Rtu({ address, clockOffsetMs: 30_000, reportEveryMs: 0 }), field, {
      fault,
      unsolicitedTickMs: 0,
    });
    const outcome = await querySzy206(centre, {
      query,
      division: '530381',
      station: 13,
      edition: 'szy206-2016',
      timeoutMs: 200,
    });
    await run.stop();
    return outcome;
  };

  it('answers each query with a summary and snapshot part', async () => {
    const clock = await ask('clock');
    expect(clock.result.ok && clock.result.value.snapshot.clockOffsetSeconds).toBeGreaterThanOrEqual(29);
    expect(clock.frames.map((f) => f.direction)).toEqual(['tx', 'rx']);
    const realtime = await ask('realtime');
    expect(realtime.result.ok && realtime.result.value.values.map((v) => v.name)).toEqual([
      '瞬时流量',
      '累计水量',
      '报警字',
      '状态字',
    ]);
    expect((await ask('intervals')).result).toMatchObject({
      ok: true,
      value: { snapshot: { intervals: [{ kind: 'flow', minutes: 60 }] } },
    });
    expect((await ask('work-mode')).result).toMatchObject({
      ok: true,
      value: { snapshot: { workMode: 'self-report' } },
    });
    expect((await ask('link-test')).result).toMatchObject({ ok: true });
    expect((await ask('status')).result).toMatchObject({ ok: true, value: { summary: '无报警' } });
  });

  it("sets the terminal clock to this computer's time", async () => {
    const [centre, field] = createMemoryLinkPair();
    const rtu = createSzy206Rtu({
      address,
      edition: 'sl427-2021',
      clockOffsetMs: -7_200_000,
      reportEveryMs: 0,
    });
    const run = runSimulator(rtu, field, { unsolicitedTickMs: 0 });
    const outcome = await querySzy206(centre, {
      query: 'set-clock',
      password: '0123',
      division: '530381',
      station: 13,
      edition: 'sl427-2021',
      timeoutMs: 200,
    });
    await run.stop();
    expect(
      outcome.result.ok && Math.abs(outcome.result.value.snapshot.clockOffsetSeconds ?? 99),
    ).toBeLessThanOrEqual(1);
    expect(Math.abs(rtu.clockOffsetMs())).toBeLessThan(1500);
    expect(rtu.served[0]?.password).toEqual({ algorithm: 0, key: 123 });
  });

  it('names a silent RTU and an answer from another station', async () => {
    expect((await ask('clock', 'silent')).result).toMatchObject({ ok: false, error: { code: 'timeout' } });
    const wrong = await ask('clock', 'wrong-address');
    expect(wrong.result.ok).toBe(false);
    expect(JSON.stringify(wrong)).toMatch(/another terminal \(530381\/14\)/);
  });
});

const socatMissing = missingTool('socat');

describe.skipIf(socatMissing !== null)('wrm szy206 and wrm sim over a socat pty pair', () => {
  let pair: PtyPair;
  beforeAll(async () => {
    pair = await openPtyPair();
  });
  afterAll(async () => {
    await pair.close();
  });

  async function withSim(args: string[], use: () => Promise<void>): Promise<string> {
    const sim = await withSimulator(pair.b, args, use);
    expect(sim.exitCode).toBe(0);
    return sim.out;
  }

  const query = async (...args: string[]) => {
    const c = capture();
    const code = await main(
      [
        'szy206',
        ...args,
        '--port',
        pair.a,
        '--division',
        '530381',
        '--station',
        '13',
        '--timeout',
        '2000',
        '--json',
      ],
      c.io,
    );
    return { code, json: JSON.parse(c.out()) as Record<string, unknown> };
  };

  it('queries clock, real-time values and status from the simulated RTU', async () => {
    const log = await withSim(['szy206', '--division', '530381', '--station', '13'], async () => {
      const clock = await query('clock');
      expect(clock.code).toBe(0);
      expect(clock.json).toMatchObject({
        query: 'clock',
        snapshot: { rtuClock: expect.any(String) as unknown },
      });
      const realtime = await query('realtime');
      expect(realtime.json).toMatchObject({
        snapshot: { values: [{ name: '瞬时流量' }, { name: '累计水量', unit: 'm³' }] },
      });
      expect((await query('status')).json).toMatchObject({ query: 'status', snapshot: { alarms: [] } });
      expect((await query('link-test')).code).toBe(0);
    });
    expect(log).toMatch(/^rx 68 07 68 30 53 03 81 0D 00 51/m);
    expect(log).toMatch(/stopped after 4 requests, 4 replies/);
  });

  it('reports a bad CS from a faulty RTU by name (exit 1)', async () => {
    await withSim(['szy206', '--fault', 'bad-crc', '--quiet'], async () => {
      const r = await query('status');
      expect(r.code).toBe(1);
      expect(JSON.stringify(r.json)).toMatch(/CS expected 0x[0-9A-F]{2}, found 0x[0-9A-F]{2}/);
    });
  });

  it('sends HJ 212 real-time data from the analyser simulator', async () => {
    await withSim(['hj212', '--interval', '1', '--quiet'], async () => {
      const link = await openSerialLink(pair.a, { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
      const reader = createFrameReader(decodeHj212Packet);
      const cn = await new Promise<string>((resolve) => {
        link.onData((chunk) => {
          for (const e of reader.push(chunk)) {
            if (e.kind === 'frame') {
              resolve(e.value.cn);
            }
          }
        });
      });
      expect(cn).toBe('2011');
      await link.close();
    });
  });

  it('serves a meter profile to wrm modbus read', async () => {
    await withSim(['modbus', '--profile', 'tds-100-ultrasonic', '--unit', '1', '--quiet'], async () => {
      const c = capture();
      const code = await main(
        ['modbus', 'read', '--port', pair.a, '--unit', '1', '--address', '0', '--count', '2', '--json'],
        c.io,
      );
      expect(code).toBe(0);
      expect(c.out()).toMatch(/"registers"|"values"/);
    });
  });

  it('refuses an unknown fault and a missing port by name', async () => {
    const c = capture();
    expect(await main(['sim', 'szy206', '--port', pair.b, '--fault', 'melted'], c.io)).toBe(2);
    expect(c.err()).toMatch(/--fault "melted" must be one of none, silent/);
    const q = capture();
    expect(
      await main(
        ['szy206', 'clock', '--port', '/dev/does-not-exist', '--division', '530381', '--station', '13'],
        q.io,
      ),
    ).toBe(1);
    expect(q.err()).toMatch(/not-found|does-not-exist/);
  });
});
