import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import {
  bytesIn,
  createFrameLog,
  describeSerial,
  exportFrameLog,
  frameLogText,
} from './diagnostics-frame-log';

const frame = (
  at: number,
  direction: 'tx' | 'rx',
  hex: string,
  summary: string | null = null,
): RecordedFrame => ({
  at,
  direction,
  hex,
  summary,
});

describe('diagnostics frame log', () => {
  it('keeps the newest frames, tells each, and reads what was received since a mark', () => {
    const told: RecordedFrame[] = [];
    const log = createFrameLog({ maxFrames: 3, onFrame: (f) => told.push(f) });
    log.record(frame(1, 'tx', '01'));
    const mark = log.mark();
    log.record(frame(2, 'rx', '01 03'));
    log.record(frame(3, 'tx', '02'));
    expect(log.receivedSince(mark).map((f) => f.at)).toEqual([2]);
    expect(bytesIn(log.receivedSince(mark))).toBe(2);
    log.record(frame(4, 'rx', 'AA'));
    expect(log.list().map((f) => f.at)).toEqual([2, 3, 4]);
    // The oldest frame was trimmed: a mark still reads from where it was made.
    expect(log.receivedSince(mark).map((f) => f.at)).toEqual([2, 4]);
    expect(told).toHaveLength(4);
    expect(log.clear()).toBe(3);
    expect(log.list()).toEqual([]);
  });

  it('exports a log naming the port, one line per frame with its summary', async () => {
    const state = {
      state: 'open' as const,
      path: '/dev/ttyUSB0',
      serial: { baudRate: 9600, dataBits: 8 as const, parity: 'even' as const, stopBits: 1 as const },
      message: null,
    };
    const frames = [frame(0, 'tx', '01 03', 'read'), frame(1000, 'rx', '01 83 02')];
    expect(describeSerial(state.serial)).toBe('9600 8E1');
    const text = frameLogText(state, frames);
    expect(text).toBe(
      '# wrm-field diagnostics log\n# port /dev/ttyUSB0 9600 8E1\n' +
        '1970-01-01T00:00:00.000Z TX 01 03  ; read\n1970-01-01T00:00:01.000Z RX 01 83 02\n',
    );
    const dir = await mkdtemp(join(tmpdir(), 'wrm-framelog-'));
    const named = await exportFrameLog(join(dir, 'logs'), 'site-7', 0, state, frames);
    expect(named).toBe(join(dir, 'logs', 'site-7.log'));
    expect(await readFile(named, 'utf8')).toBe(text);
    const stamped = await exportFrameLog(dir, undefined, Date.UTC(2026, 11, 7, 8, 30), state, []);
    expect(stamped).toBe(join(dir, 'diagnostics-2026-12-07T08-30-00-000Z.log'));
  });
});
