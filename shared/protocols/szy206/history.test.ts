import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../common/hex';
import { historyToMonitoredValues, readHistoryFrames, runHistory } from '../history-run';
import { createLineSession } from '../line-session';
import { createMemoryLinkPair } from '../line-session-testing';
import {
  buildEventRecordAnswer,
  buildEventRecordQuery,
  buildMemoryReportsQuery,
  buildStoredDataAnswer,
  buildStoredDataQuery,
  decodeEventRecordAnswer,
  decodeStoredDataFrame,
  szy206HistoryPlan,
} from './history';

// Constructed requests and the one real B1H answer from protocols-history.md §1a (CRCs checked there).
const target = { address: { mode: 'division', division: '110000', station: 0x42 } } as const;
const beijing = (text: string) => Date.parse(`${text}+08:00`);
const window = {
  type: 2,
  number: 1,
  from: beijing('2016-12-22T00:00:00'),
  to: beijing('2016-12-22T03:00:00'),
};
const realAnswer = `686A68B21100004200B121002212160222121${'6'}${'9200000000'.repeat(18)}F416`;

describe('SZY206 B1H stored data, golden bytes', () => {
  it('builds the stored-data query byte for byte (C = 32H: the type repeated as C.fc, as blg does)', () => {
    expect(toHex(buildStoredDataQuery(target, window), '')).toBe(
      '681068321100004200B1210022121602221216E816',
    );
  });

  it('decodes the real 18-record flow answer: 92 m³ each, range 00h–02h', () => {
    const result = decodeStoredDataFrame(fromHex(realAnswer), target);
    expect(result).toMatchObject({
      status: 'ok',
      value: {
        type: 2,
        number: 1,
        start: window.from,
        end: beijing('2016-12-22T02:00:00'),
        splitCounter: null,
      },
    });
    expect(result.status === 'ok' && result.value.values).toEqual(new Array(18).fill(92));
  });

  it('encodes that answer back to the same bytes', () => {
    const frames = buildStoredDataAnswer(
      target,
      { type: 2, number: 1, start: window.from, end: beijing('2016-12-22T02:00:00') },
      new Array(18).fill(92),
    );
    expect(frames.map((f) => toHex(f, ''))).toEqual([realAnswer]);
  });

  it('reads an all-FF record as "no data" and rejects other traffic by name', () => {
    const [frame] = buildStoredDataAnswer(
      target,
      { type: 1, number: 0, start: window.from, end: window.from },
      [1.5, null, -0.25],
    );
    const result = decodeStoredDataFrame(frame ?? new Uint8Array(0), target);
    expect(result.status === 'ok' && result.value.values).toEqual([1.5, null, -0.25]);
    const other = { address: { mode: 'division', division: '110000', station: 0x43 } } as const;
    expect(decodeStoredDataFrame(frame ?? new Uint8Array(0), other)).toMatchObject({ status: 'invalid' });
    expect(
      decodeStoredDataFrame(fromHex('681068321100004200B1210022121602221216E816'), target),
    ).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('not a stored-data answer') as unknown,
    });
  });

  it('builds the B2H and 5DH queries of the reference', () => {
    expect(
      toHex(
        buildMemoryReportsQuery(target, beijing('2016-12-22T00:00:00'), beijing('2016-12-23T00:00:00')),
        '',
      ),
    ).toBe('680F68301100004200B20000221200002312CB16');
    expect(toHex(buildEventRecordQuery(target), '')).toBe('6807683011000042005D4616');
  });

  it('reads 5DH counters low byte first, both ways', () => {
    const counts = [0, 1, 0, 0, 0, 0, 3, 0x0102, 0, 0, 0, 0, 0, 0, 0, 250, 240, 12];
    const answer = buildEventRecordAnswer(target, counts);
    expect(toHex(answer.subarray(10, 26), '')).toBe('00000100000000000000000003000201');
    const decoded = decodeEventRecordAnswer(answer, target);
    expect(decoded.status === 'ok' && decoded.value.map((c) => c.count)).toEqual(counts);
    expect(decoded.status === 'ok' && decoded.value[7]).toEqual({ erc: 8, count: 0x0102 });
  });
});

describe('SZY206 history transaction', () => {
  const plan = szy206HistoryPlan(target, window);

  it('times the real answer at the inferred 10-minute interval and maps it to volume values', () => {
    const read = readHistoryFrames(plan, plan.initial, fromHex(realAnswer));
    expect(read.status).toBe('ok');
    const records = read.status === 'ok' ? plan.records(read.value.state) : [];
    expect(records).toHaveLength(18);
    expect(records[1]?.time).toBe(window.from + 600_000);
    expect(records[17]?.time).toBe(beijing('2016-12-22T02:50:00'));
    expect(historyToMonitoredValues(records, 'S1', 5)[0]).toEqual({
      siteCode: 'S1',
      element: 'volume',
      time: window.from,
      value: 92,
      flag: null,
      source: 'backfill',
      receivedAt: 5,
    });
  });

  it('folds a split answer until DIVS = 1, waits while frames are missing, and names a skipped frame', () => {
    const values = Array.from({ length: 18 }, (_, i) => (i >= 6 && i < 9 ? null : 1000 + i));
    const frames = buildStoredDataAnswer(
      target,
      { ...window, start: window.from, end: beijing('2016-12-22T02:00:00') },
      values,
      5,
    );
    expect(frames).toHaveLength(4);
    const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      all.set(f, at);
      at += f.length;
    }
    expect(readHistoryFrames(plan, plan.initial, all.subarray(0, all.length - 1))).toEqual({
      status: 'incomplete',
      needed: null,
    });
    const read = readHistoryFrames(plan, plan.initial, all);
    expect(read.status === 'ok' && read.value.done).toBe(true);
    const state = read.status === 'ok' ? read.value.state : plan.initial;
    expect(plan.records(state).map((r) => r.value)).toEqual(values);
    expect(plan.missing(state)).toBeNull();
    let skipped = plan.initial;
    for (const f of [frames[0], frames[2], frames[3]]) {
      const frame = decodeStoredDataFrame(f ?? new Uint8Array(0), target);
      skipped = frame.status === 'ok' ? plan.fold(skipped, frame.value).state : skipped;
    }
    expect(plan.missing(skipped)).toBe('1 split frame(s) of the answer never came');
  });

  it('runs over a line: a gap outcome lists the empty slots; silence after frame 1 of 2 keeps frame 1', async () => {
    const values = [10, 11, null, null, 14, 15];
    const frames = buildStoredDataAnswer(
      target,
      { ...window, start: window.from, end: window.from + 3600_000 },
      values,
      3,
    );
    for (const drop of [false, true]) {
      const [centre, field] = createMemoryLinkPair();
      field.onData(() => {
        // The scripted terminal sends its split answer back to back (or only its first frame).
        for (const f of drop ? frames.slice(0, 1) : frames) {
          void field.write(f);
        }
      });
      const session = createLineSession({ link: centre, defaultTimeoutMs: 100 });
      const outcome = await runHistory(
        session,
        szy206HistoryPlan(target, { ...window, to: window.from + 2 * 3600_000 }),
        100,
      );
      await session.close();
      if (drop) {
        expect(outcome).toMatchObject({ status: 'timeout', failure: { code: 'timeout' } });
        expect(outcome.records.map((r) => r.value)).toEqual([10, 11, null]);
      } else {
        expect(outcome.status).toBe('gap');
        expect(outcome.gaps).toEqual([window.from + 2 * 1_200_000, window.from + 3 * 1_200_000]);
      }
    }
  });
});
