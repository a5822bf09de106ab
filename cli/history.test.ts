import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTool, openPtyPair, type PtyPair } from '../electron/host/testing/pty-pair';
import { parseCliTime } from './commands/history';
import { capture, withSimulator } from './cli-testing';
import { main } from './main';

const hourMs = 3_600_000;
const beijingText = (ms: number) => new Date(ms + 8 * hourMs).toISOString().slice(0, 16);

describe('wrm * history arguments', () => {
  it('reads times as Beijing time unless they carry a zone', () => {
    expect(parseCliTime('2026-07-01', 'from')).toBe(Date.parse('2026-07-01T00:00:00+08:00'));
    expect(parseCliTime('2026-07-01 08:30', 'from')).toBe(Date.parse('2026-07-01T08:30:00+08:00'));
    expect(parseCliTime('2026-07-01T00:00:00Z', 'from')).toBe(Date.parse('2026-07-01T00:00:00Z'));
    expect(() => parseCliTime('yesterday', 'from')).toThrow(/--from "yesterday" is not a time/);
  });

  it('refuses a reversed window and a missing station by name (exit 2)', async () => {
    const c = capture();
    const args = ['--port', '/dev/null', '--mn', 'X1', '--from', '2026-07-02', '--to', '2026-07-01'];
    expect(await main(['hj212', 'history', ...args], c.io)).toBe(2);
    expect(c.err()).toMatch(/--to must be after --from/);
    const s = capture();
    expect(
      await main(
        ['sl651', 'history', '--port', '/dev/null', '--from', '2026-07-01', '--to', '2026-07-02'],
        s.io,
      ),
    ).toBe(2);
    expect(s.err()).toMatch(/--station is required|station/);
  });
});

const socatMissing = missingTool('socat');

describe.skipIf(socatMissing !== null)('wrm * history against the simulators over a socat pty pair', () => {
  let pair: PtyPair;
  beforeAll(async () => {
    pair = await openPtyPair();
  });
  afterAll(async () => {
    await pair.close();
  });

  async function withSim(args: string[], use: () => Promise<void>): Promise<void> {
    const sim = await withSimulator(pair.b, [...args, '--quiet'], use);
    expect(sim.exitCode).toBe(0);
  }

  // Four days back to twelve hours ago: the simulators' planted gap (two days ending a day ago) is inside.
  const end = Math.floor(Date.now() / hourMs) * hourMs - 12 * hourMs;
  const window = ['--from', beijingText(end - 84 * hourMs), '--to', beijingText(end), '--timeout', '3000'];

  const history = async (args: string[], lang: string[] = ['--json']) => {
    const c = capture();
    const code = await main([...args, '--port', pair.a, ...window, ...lang], c.io);
    return { code, out: c.out(), err: c.err() };
  };

  type Json = {
    status: string;
    records: { value: number | null }[];
    gaps: number[];
    values?: { source: string; element: string }[];
  };

  it('szy206: stored volume at 10 min in split frames; the two-day gap is 288 empty slots', async () => {
    await withSim(['szy206', '--division', '530381', '--station', '13'], async () => {
      const r = await history([
        'szy206',
        'history',
        '--division',
        '530381',
        '--station',
        '13',
        '--interval',
        '10',
        '--site',
        'S-13',
        '--json',
      ]);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as Json;
      expect(json.status).toBe('gap');
      expect(json.records).toHaveLength(84 * 6);
      expect(json.gaps).toHaveLength(288);
      expect(json.values?.length).toBe(84 * 6 - 288);
      expect(json.values?.[0]).toMatchObject({ source: 'backfill', element: 'volume' });
    });
  });

  it('sl651: hourly river level in M3 packets, with a summary in English', async () => {
    await withSim(['sl651', '--max-body', '120'], async () => {
      const json = JSON.parse((await history(['sl651', 'history', '--station', '0012345678'])).out) as Json;
      expect(json.status).toBe('gap');
      expect(json.records).toHaveLength(84);
      expect(json.gaps).toHaveLength(48);
      const text = await history(['sl651', 'history', '--station', '0012345678'], ['--lang', 'en']);
      expect(text.code).toBe(0);
      expect(text.out).toMatch(
        /^gaps: the terminal holds no data for these slots either\n.*: 36 values, 48 empty slots/,
      );
    });
  });

  it('hj212: hour data acknowledged record by record (Flag 5); zh summary names the gap', async () => {
    await withSim(['hj212', '--interval', '0', '--upload-flag', '5'], async () => {
      const json = JSON.parse((await history(['hj212', 'history', '--mn', '88888880000001'])).out) as Json;
      expect(json.status).toBe('gap');
      expect(json.gaps).toHaveLength(48);
      const text = await history(['hj212', 'history', '--mn', '88888880000001'], []);
      expect(text.out).toMatch(/^有缺口：终端也没有以下时段的数据\n.*：\d+ 条数据，48 个缺数时段/);
    });
  });

  it('szy206 realtime --every watches the flow and reports its statistics', async () => {
    await withSim(['szy206', '--division', '530381', '--station', '13'], async () => {
      const c = capture();
      const args = ['szy206', 'realtime', '--port', pair.a, '--division', '530381', '--station', '13'];
      const code = await main([...args, '--every', '1', '--for', '3', '--value', 'flow', '--json'], c.io);
      expect(code).toBe(0);
      const json = JSON.parse(c.out()) as {
        points: { value: number }[];
        stats: { count: number; mean: number };
      };
      expect(json.points).toHaveLength(3);
      expect(json.stats.count).toBe(3);
      expect(json.stats.mean).toBeGreaterThan(0.15);
      expect(json.stats.mean).toBeLessThan(0.35);
    });
  });

  it('szy206 events: the 5DH counters with their names', async () => {
    await withSim(['szy206'], async () => {
      const c = capture();
      const args = ['szy206', 'events', '--port', pair.a, '--division', '530381', '--station', '13'];
      expect(await main([...args, '--lang', 'en'], c.io)).toBe(0);
      expect(c.out()).toMatch(/ERC7 {2}Mains power lost: 1\n/);
      const j = capture();
      expect(await main([...args, '--json'], j.io)).toBe(0);
      const counts = (JSON.parse(j.out()) as { counts: { erc: number; count: number }[] }).counts;
      expect(counts).toHaveLength(18);
      expect(counts.slice(0, 2)).toEqual([
        { erc: 1, count: 0 },
        { erc: 2, count: 2 },
      ]);
    });
  });

  it('a silent terminal ends in a named timeout (exit 1)', async () => {
    await withSim(['szy206', '--fault', 'silent'], async () => {
      const r = await history(['szy206', 'history', '--division', '530381', '--station', '13']);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.out)).toMatchObject({ status: 'timeout', error: { code: 'timeout' }, records: [] });
    });
  });
});
