import { describe, expect, it } from 'vitest';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import { systemTimers } from '#shared/protocols/common/byte-link';
import { hj212HistoryPlan } from '#shared/protocols/hj212/history';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { createHj212Analyser } from '#shared/sim/hj212-analyser';
import { runSimulator } from '#shared/sim/run-simulator';
import { createDiagnosticsLine } from './diagnostics-line';
import { runDiagnosticsHistory } from './diagnostics-history';

const beijing = (text: string) => Date.parse(`${text}+08:00`);

describe('history on the diagnostics line', () => {
  it('logs the query, each acknowledged upload and each 9014 in the frame log', async () => {
    const mn = '88888880000001';
    const station = { mn, st: '21', pw: '123456' };
    const gap = { from: beijing('2026-07-01T02:00:00'), to: beijing('2026-07-01T04:00:00') };
    const [centre, field] = createMemoryLinkPair();
    const run = runSimulator(
      createHj212Analyser({ ...station, history: { gaps: [gap], uploadFlag: 5 } }),
      field,
      {
        unsolicitedTickMs: 0,
      },
    );
    const frames: RecordedFrame[] = [];
    const line = createDiagnosticsLine({
      link: centre,
      timers: systemTimers,
      onFrame: (f) => frames.push(f),
    });
    const plan = hj212HistoryPlan(station, {
      kind: 'hour',
      from: beijing('2026-07-01T00:00:00'),
      to: beijing('2026-07-01T06:00:00'),
      qn: '20260701060000000',
    });
    const outcome = await runDiagnosticsHistory(line, plan, 500);
    await line.close();
    await run.stop();
    expect(outcome).toMatchObject({ status: 'gap', gaps: [gap.from, gap.from + 3_600_000] });
    // 4 stored hours: query, then per upload an answer and a 9014, then the 9012 after the last ack.
    expect(frames.map((f) => `${f.direction} ${f.summary ?? ''}`)).toEqual([
      'tx history query',
      ...Array.from({ length: 4 }, () => [
        'rx history answer, acknowledgement due',
        'tx history acknowledgement',
      ]).flat(),
      'rx history answer, last frame',
    ]);
  });
});
