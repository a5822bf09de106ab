import { describe, expect, it } from 'vitest';
import { createLineJournal, createOverheadMeter } from './line-journal';
import type { LineRecord } from './line-session-types';

describe('line journal', () => {
  it('records sent, received and dropped bytes in hex, tells each to the watcher, and keeps about maxRecords', () => {
    let now = 100;
    const seen: LineRecord[] = [];
    const journal = createLineJournal({ now: () => now, maxRecords: 4, onRecord: (r) => seen.push(r) });
    journal.sent(Uint8Array.of(0x01, 0x03));
    journal.received(Uint8Array.of(0xab), 150);
    journal.dropped(new Uint8Array(0), 'nothing');
    now = 200;
    journal.dropped(Uint8Array.of(0xff), 'noise');
    expect(journal.list()).toEqual([
      { at: 100, direction: 'tx', hex: '01 03' },
      { at: 150, direction: 'rx', hex: 'AB' },
      { at: 200, direction: 'rx', hex: 'FF', dropped: 'noise' },
    ]);
    expect(seen).toHaveLength(3);
    // Trimmed in batches: up to 4 + 1 kept, then back to the newest 4.
    for (let i = 0; i < 3; i += 1) {
      journal.sent(Uint8Array.of(i));
    }
    expect(journal.list()).toHaveLength(4);
    expect(journal.list().at(-1)?.hex).toBe('02');
    journal.clear();
    expect(journal.list()).toEqual([]);
  });
});

describe('overhead meter', () => {
  it('means busy, wait and wall time per transaction, counting the chunk that completed a reply', () => {
    let t = 0;
    const meter = createOverheadMeter(() => t);
    expect(meter.overhead()).toEqual({ transactions: 0, meanBusyMs: 0, meanWaitMs: 0, meanWallMs: 0 });
    const start = meter.started(); // t = 0
    t = 1;
    meter.sending();
    t = 3;
    meter.busySince(start); // 3 ms writing
    t = 10;
    meter.chunkStarted();
    t = 12;
    meter.finished(11); // 2 ms handling the last chunk; decoded at 11
    meter.chunkEnded();
    expect(meter.overhead()).toEqual({ transactions: 1, meanBusyMs: 5, meanWaitMs: 10, meanWallMs: 12 });

    meter.started(); // t = 12
    meter.sending();
    t = 22;
    meter.finished(null); // no reply decoded: waited until it ended
    expect(meter.overhead()).toEqual({ transactions: 2, meanBusyMs: 2.5, meanWaitMs: 10, meanWallMs: 11 });
    meter.reset();
    expect(meter.overhead().transactions).toBe(0);
  });
});
