import { describe, expect, it } from 'vitest';
import { validateRecord } from '../domain/collection';
import { collections } from '../domain/collections';
import { backfillFrameLimit } from '../domain/schemas/diagnostic-session';
import { createSzy206History } from '../sim/szy206-history';
import { backfillCounts, buildBackfillParts, compareBackfillSlots, replyFrames } from './backfill';
import { readHistoryFrames } from './history-run';
import { buildStoredDataQuery, decodeStoredDataFrame, szy206HistoryPlan } from './szy206/history';
import { decodeSzy206Frame } from './szy206/frame';

const beijing = (text: string) => Date.parse(`${text}+08:00`);
const target = { address: { mode: 'division', division: '530381', station: 13 } } as const;
const from = beijing('2026-07-01T00:00:00');
const to = beijing('2026-07-03T00:00:00');
// The RTU lost 3 hours of its own memory too (mains off): those slots stay missing after the 补报.
const rtuGap = { from: beijing('2026-07-02T06:00:00'), to: beijing('2026-07-02T09:00:00') };
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** The simulator's answer frames to the B1H query for the window (the golden bytes). */
function simulatorFrames(): Uint8Array[] {
  const sim = createSzy206History(target, { gaps: [rtuGap], perFrame: 40, baseFlow: 0.05, baseVolume: 1000 });
  const query = decodeSzy206Frame(
    buildStoredDataQuery(target, { type: 2, number: 0, from, to }),
    'szy206-2016',
  );
  if (query.status !== 'ok') {
    throw new Error('query does not decode');
  }
  const answer = sim.answer(query.value, beijing('2026-07-05T00:00:00'));
  if (answer === null) {
    throw new Error('the simulator did not answer');
  }
  return answer;
}

function recordsOf(frames: readonly Uint8Array[]) {
  const plan = szy206HistoryPlan(target, { type: 2, number: 0, from, to }, 10);
  const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    all.set(f, at);
    at += f.length;
  }
  const read = readHistoryFrames(plan, plan.initial, all);
  if (read.status !== 'ok') {
    throw new Error(`history did not read: ${read.status}`);
  }
  return plan.records(read.value.state);
}

describe('补报 slots and batch (SZY206 simulator frames)', () => {
  const frames = simulatorFrames();
  const records = recordsOf(frames);

  it('cuts one burst with noise between frames into the RTU frames, byte for byte', () => {
    expect(frames.length).toBe(8); // 288 records at 10 min, 40 a frame
    const burst = frames.map(hex).join('ee ff'.replace(' ', ''));
    const cut = replyFrames([burst], (b) => decodeStoredDataFrame(b, target));
    expect(cut).toEqual(frames.map(hex));
  });

  it('compares the window slot by slot: recovered where the RTU had data, missing in its own gap', () => {
    const slots = compareBackfillSlots({ from, to }, 10, records);
    expect(backfillCounts(slots)).toEqual({ slots: 288, recovered: 270, missing: 18 });
    const missing = slots.filter((s) => s.state === 'missing').map((s) => s.time);
    expect(missing[0]).toBe(rtuGap.from);
    expect(missing.at(-1)).toBe(rtuGap.to - 600_000);
    expect(slots[0]).toMatchObject({ time: from, state: 'recovered', values: [{ element: 'volume' }] });
  });

  it('a site reporting hourly keeps only its own slots from the RTU’s 10-minute records', () => {
    const slots = compareBackfillSlots({ from, to }, 60, records);
    expect(backfillCounts(slots)).toEqual({ slots: 48, recovered: 45, missing: 3 });
  });

  it('builds one part that validates as a v3 diagnostic session', () => {
    const slots = compareBackfillSlots({ from, to }, 10, records);
    const [part, ...rest] = buildBackfillParts({
      batchId: 'b1',
      protocol: 'szy206-2016',
      window: { from, to },
      intervalMinutes: 10,
      status: 'gap',
      frames: frames.map(hex),
      slots,
      findingKeys: ['missing:S1:volume:2026-07-01'],
    });
    expect(rest).toEqual([]);
    expect(part).toMatchObject({ part: 1, parts: 1, batchId: 'b1' });
    expect(part?.values).toHaveLength(270);
    expect(part?.missing).toHaveLength(18);
    const session = {
      id: 'b1',
      siteId: 'site-1',
      divisionCode: '530381',
      equipmentId: null,
      patrolId: null,
      faultId: null,
      protocol: 'szy206-2016',
      portPath: '/dev/ttyUSB0',
      serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
      startedAt: from,
      endedAt: to,
      frames: [],
      values: [],
      verdicts: [],
      snapshotJson: null,
      summary: null,
      backfill: part,
      deviceId: 'd1',
      operatorId: 'u1',
      recordedAt: to,
    };
    const checked = validateRecord(collections.diagnostic_sessions, session);
    expect(checked.ok ? 'ok' : checked).toBe('ok');
    const tooMany = {
      ...session,
      backfill: { ...part, frames: new Array(backfillFrameLimit + 1).fill('68') },
    };
    expect(validateRecord(collections.diagnostic_sessions, tooMany).ok).toBe(false);
  });

  it('splits a batch larger than one record into parts, each item in exactly one part', () => {
    const many = Array.from({ length: backfillFrameLimit * 2 + 1 }, (_, i) =>
      (i % 256).toString(16).padStart(2, '0'),
    );
    const parts = buildBackfillParts({
      batchId: 'b2',
      protocol: 'szy206-2016',
      window: { from, to },
      intervalMinutes: 10,
      status: 'complete',
      frames: many,
      slots: compareBackfillSlots({ from, to }, 10, records),
      findingKeys: [],
    });
    expect(parts.map((p) => [p.part, p.parts, p.frames.length])).toEqual([
      [1, 3, backfillFrameLimit],
      [2, 3, backfillFrameLimit],
      [3, 3, 1],
    ]);
    expect(parts.flatMap((p) => p.frames)).toEqual(many);
    expect(parts.flatMap((p) => p.values)).toHaveLength(270);
  });

  it('refuses a window that ends before it starts and an interval that is no whole minute', () => {
    expect(() => compareBackfillSlots({ from: to, to: from }, 10, records)).toThrow('end after it starts');
    expect(() => compareBackfillSlots({ from, to }, 0, records)).toThrow('1–1440');
  });
});
