import { describe, expect, it } from 'vitest';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import { systemTimers } from '#shared/protocols/common/byte-link';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { pollStats } from '#shared/protocols/polling-run';
import { decodeSzy206Answer, encodeSzy206Query } from '#shared/protocols/szy206/diagnostics';
import { runSimulator } from '#shared/sim/run-simulator';
import { createSzy206Rtu } from '#shared/sim/szy206-rtu';
import { createDiagnosticsLine } from './diagnostics-line';
import { startDiagnosticsPolling } from './diagnostics-polling';

describe('polling on the diagnostics line', () => {
  it('reads the RTU flow on schedule, logs each exchange, and names a silent spell per point', async () => {
    const address = { division: '530381', station: 13 };
    const [centre, field] = createMemoryLinkPair();
    const run = runSimulator(
      createSzy206Rtu({ address: { mode: 'division', ...address }, reportEveryMs: 0 }),
      field,
      { unsolicitedTickMs: 0 },
    );
    const frames: RecordedFrame[] = [];
    const line = createDiagnosticsLine({
      link: centre,
      timers: systemTimers,
      onFrame: (f) => frames.push(f),
    });
    const polling = startDiagnosticsPolling(line, {
      request: encodeSzy206Query('realtime', address, 'szy206-2016'),
      decode: (bytes) => decodeSzy206Answer('realtime', bytes, 'szy206-2016', address, Date.now()),
      pick: (answer) => {
        const v = answer.values[0]?.value;
        return typeof v === 'number' ? v : null;
      },
      describe: 'watch flow',
      everyMs: 100,
      durationMs: 500,
      timeoutMs: 40,
      timers: systemTimers,
    });
    // Silent from the third read on: those points carry the timeout, not a made-up value.
    setTimeout(() => run.setFault('silent'), 250);
    const points = await polling.done;
    await line.close();
    await run.stop();
    // Five slots; a slot a busy machine overran is skipped, never made up.
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(points.length).toBeLessThanOrEqual(5);
    const stats = pollStats(points);
    expect(stats.valid).toBeGreaterThanOrEqual(2);
    expect(stats.valid).toBeLessThan(points.length);
    expect(points.filter((p) => p.value === null).every((p) => p.error === 'timeout')).toBe(true);
    expect(frames.filter((f) => f.direction === 'tx')).toHaveLength(points.length);
    expect(frames.filter((f) => f.summary === 'watch flow: answer')).toHaveLength(stats.valid);
  });
});
