import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../common/hex';
import { readHistoryFrames, runHistory } from '../history-run';
import { createLineSession } from '../line-session';
import { createMemoryLinkPair } from '../line-session-testing';
import { decodeSl651Message } from './message';
import {
  buildPeriodAnswer,
  buildPeriodQuery,
  decodePeriodPacket,
  parsePeriodBody,
  sl651HistoryPlan,
  sl651QueryElement,
  sl651ReportOrigin,
  sl651StepOf,
  type Sl651PeriodQuery,
} from './history';

// The two constructed 38H requests of protocols-history.md §1b (CRC-16/MODBUS computed there).
const station = { centerAddress: 0x01, stationAddress: '0012345678', password: '1234' };
const beijing = (text: string) => Date.parse(`${text}+08:00`);
const query: Sl651PeriodQuery = {
  serial: 0,
  sentAt: beijing('2026-07-01T10:00:00'),
  from: beijing('2026-07-01T00:00:00'),
  to: beijing('2026-07-01T10:00:00'),
  step: { days: 0, hours: 1, minutes: 0 },
  element: { id: 0x39, bytes: 4, decimals: 3 },
};
const level = { id: 0x39, bytes: 4, decimals: 3 };
const answer = {
  serial: 7,
  sentAt: beijing('2026-07-01T10:00:05'),
  category: 'H',
  firstAt: beijing('2026-07-01T00:00:00'),
  step: { days: 0, hours: 1, minutes: 0 },
  element: level,
  values: [12.345, 12.35, null, null, 12.401, -0.5],
};

describe('SL651 38H period-data query, golden bytes', () => {
  it('builds the query with the two-byte identifier (default) and the one-byte fallback', () => {
    expect(toHex(buildPeriodQuery(station, query), '')).toBe(
      '7E7E0012345678011234388017020000260701100000260701002607010904180001003923051D26',
    );
    expect(toHex(buildPeriodQuery(station, { ...query, idForm: 'one-byte' }), '')).toBe(
      '7E7E0012345678011234388016020000260701100000260701002607010904180001003905C5FD',
    );
  });

  it('refuses a step with more than one unit and an empty window', () => {
    expect(() => buildPeriodQuery(station, { ...query, step: { days: 0, hours: 1, minutes: 5 } })).toThrow(
      /exactly one/,
    );
    expect(() => buildPeriodQuery(station, { ...query, to: query.from })).toThrow(/end after/);
  });

  it('answers in one frame that the general decoder reads as a uniform series, and decodes back', () => {
    const [frame] = buildPeriodAnswer(station, answer);
    const bytes = frame ?? new Uint8Array(0);
    // Head bytes of 表45: serial, time, F1F1 address H, F0F0 first time, 04 18 step, 39 23 then values.
    expect(toHex(bytes.subarray(14, 14 + 30 + 8), '')).toBe(
      '0007260701100005F1F1001234567848F0F02607010000041800010039230001234500012350',
    );
    const general = decodeSl651Message(bytes);
    expect(general.status === 'ok' && general.value.items[0]).toMatchObject({
      kind: 'uniform-series',
      values: [12.345, 12.35, null, null, 12.401, -0.5],
    });
    const packet = decodePeriodPacket(bytes, station);
    expect(packet).toMatchObject({ status: 'ok', value: { total: 1, sequence: 1, last: true } });
    expect(packet.status === 'ok' && parsePeriodBody(packet.value.part)).toEqual(answer);
  });

  it('splits a long answer into M3 packets (SYN, 12-bit total / sequence, ETB … ETX) and gathers them', () => {
    const frames = buildPeriodAnswer(station, answer, 30);
    expect(frames.length).toBe(Math.ceil((30 + 6 * 4) / 27));
    expect(frames.map((f) => f[13])).toEqual(frames.map(() => 0x16));
    expect(toHex(frames[1]?.subarray(14, 17) ?? new Uint8Array(0), '')).toBe('002002');
    expect(frames.map((f) => f[f.length - 3])).toEqual([0x17, 0x03]);
    const plan = sl651HistoryPlan(station, query);
    const joined = fromHex(frames.map((f) => toHex(f, '')).join(''));
    const read = readHistoryFrames(plan, plan.initial, joined);
    expect(
      read.status === 'ok' && plan.records(read.value.state).map((r) => [r.key, r.element, r.value]),
    ).toEqual(answer.values.map((v) => ['Z', 'level', v]));
    expect(read.status === 'ok' && plan.records(read.value.state)[4]?.time).toBe(
      beijing('2026-07-01T04:00:00'),
    );
  });

  it('names the origin of values by function code: 38H recovered, 33H 加报 is not a re-report', () => {
    expect(sl651ReportOrigin(0x38)).toBe('period-query');
    expect(sl651ReportOrigin(0x33)).toBe('extra-report');
    expect(sl651ReportOrigin(0x32)).toBe('scheduled');
  });

  it('runs over a line: gap slots listed; a lost middle packet ends in timeout with packet 1 kept', async () => {
    const frames = buildPeriodAnswer(station, answer, 30);
    for (const lose of [false, true]) {
      const [centre, field] = createMemoryLinkPair();
      field.onData(() => {
        for (const f of frames.slice(0, lose ? 1 : undefined)) {
          void field.write(f);
        }
      });
      const session = createLineSession({ link: centre });
      const outcome = await runHistory(session, sl651HistoryPlan(station, query), 100);
      await session.close();
      if (lose) {
        expect(outcome.status).toBe('timeout');
      } else {
        expect(outcome).toMatchObject({
          status: 'gap',
          gaps: [beijing('2026-07-01T02:00:00'), beijing('2026-07-01T03:00:00')],
        });
      }
    }
  });
});

describe('38H from a site’s settings', () => {
  it('the step of a report interval: days, else hours, else minutes; none fits 150 min', () => {
    expect(sl651StepOf(10)).toEqual({ days: 0, hours: 0, minutes: 10 });
    expect(sl651StepOf(60)).toEqual({ days: 0, hours: 1, minutes: 0 });
    expect(sl651StepOf(360)).toEqual({ days: 0, hours: 6, minutes: 0 });
    expect(sl651StepOf(1440)).toEqual({ days: 1, hours: 0, minutes: 0 });
    expect(() => sl651StepOf(150)).toThrow(/exactly one of days, hours, minutes/);
  });

  it('the identifier and definition of a monitored element; none for one SL651 does not carry', () => {
    expect(sl651QueryElement('level')).toEqual({ id: 0x39, bytes: 4, decimals: 3 });
    expect(sl651QueryElement('flow')).toEqual({ id: 0x27, bytes: 5, decimals: 3 });
    expect(sl651QueryElement('volume')).toBeNull();
  });
});
