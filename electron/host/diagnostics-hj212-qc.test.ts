import { describe, expect, it } from 'vitest';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import { systemTimers } from '#shared/protocols/common/byte-link';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { createHj212Analyser } from '#shared/sim/hj212-analyser';
import { runSimulator } from '#shared/sim/run-simulator';
import { createDiagnosticsLine } from './diagnostics-line';
import { runDiagnosticsHj212Qc } from './diagnostics-hj212-qc';

describe('HJ 212 QC on the diagnostics line', () => {
  it('a 2025 standard-sample check: request and the three replies in the frame log, the value back', async () => {
    const station = { mn: '88888880000001', st: '21', pw: '123456' };
    const [centre, field] = createMemoryLinkPair();
    const run = runSimulator(createHj212Analyser({ ...station, edition: 'hj212-2025' }), field, {
      unsolicitedTickMs: 0,
    });
    const frames: RecordedFrame[] = [];
    const line = createDiagnosticsLine({
      link: centre,
      timers: systemTimers,
      onFrame: (f) => frames.push(f),
    });
    const result = await runDiagnosticsHj212Qc(
      line,
      station,
      { check: 'standard', polId: 'w21003', qn: '20260701060000000' },
      500,
    );
    await line.close();
    await run.stop();
    expect(result).toMatchObject({ status: 'done', cn: '2062', edition: 'hj212-2025' });
    expect(result.values.map((v) => v.key)).toEqual(['w21003-Rtd']);
    expect(frames.filter((f) => f.direction === 'tx')).toHaveLength(1);
    expect(frames[0]?.summary).toBe('HJ 212 QC standard (w21003)');
    const rx = frames
      .filter((f) => f.direction === 'rx')
      .map((f) => Buffer.from(f.hex.replace(/\s/g, ''), 'hex').toString());
    expect(rx.join('')).toMatch(/CN=9011.*CN=2062.*CN=9012/s);
  });
});

describe('the listener tells HJ 212 editions apart', () => {
  it('2025 and 2017 packets carry their edition and reason; other protocols none', async () => {
    const { createListenDecoders } = await import('./diagnostics-listen');
    const d = createListenDecoders(() => 0);
    const enc = new TextEncoder();
    const out = d.decode(
      'hj212-2017',
      enc.encode(
        '##0087QN=20240601085857223;ST=32;CN=1011;PW=123456;MN=010000A8900016F000169DC0;Flag=9;CP=&&&&2200\r\n' +
          '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n',
      ),
      1,
    );
    expect(out.map((f) => f.edition?.edition)).toEqual(['hj212-2025', 'hj212-2017']);
    expect(out[0]?.edition?.reason).toMatch(/000010/);
  });
});
