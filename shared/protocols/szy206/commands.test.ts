import { describe, expect, it } from 'vitest';
import { toHex } from '../common/hex';
import * as szy from './index';

// Golden frames: the four from protocols.md §6.1 plus our own (CS re-checked by an independent script).
const target = { address: { mode: 'division', division: '530381', station: 13 } } as const;
const clock = { year: 2026, month: 11, day: 25, hour: 12, minute: 48, second: 4 };
const label = { second: 4, minute: 48, hour: 12, day: 25, month: null, year: null, allowedDelayMinutes: 5 };
const flow = { kindCode: 3, values: [5.9, 106182], alarmWord: 0x1001, statusWord: 0x60 };

const rows: readonly { name: string; bytes: Uint8Array; hex: string; body: unknown }[] = [
  {
    name: 'link test (down echo, reference)',
    bytes: szy.buildLinkTest(target),
    hex: '680868005303810D0002F21A16',
    body: { kind: 'link-test', code: 0xf2, meaning: 'keep-alive' },
  },
  {
    name: 'read clock 51H',
    bytes: szy.buildReadClock(target),
    hex: '680768305303810D0051A616',
    body: { kind: 'empty' },
  },
  {
    name: 'set clock 11H with PW and Tp',
    bytes: szy.buildSetClock(target, clock, { password: { algorithm: 0, key: 123 }, timeLabel: label }),
    hex: '681468305303810D0011044812251126012304481225052B16',
    body: { kind: 'clock', clock },
  },
  {
    name: 'read work mode 52H',
    bytes: szy.buildReadWorkMode(target),
    hex: '680768305303810D00526C16',
    body: { kind: 'empty' },
  },
  {
    name: 'read report intervals 53H',
    bytes: szy.buildReadReportIntervals(target),
    hex: '680768305303810D00538916',
    body: { kind: 'empty' },
  },
  {
    name: 'query flow B0H (reference)',
    bytes: szy.buildQueryRealtime(target, 3),
    hex: '680768335303810D00B0AA16',
    body: { kind: 'empty' },
  },
  {
    name: 'query status 5EH',
    bytes: szy.buildQueryStatusAlarm(target),
    hex: '680768305303810D005E8E16',
    body: { kind: 'empty' },
  },
  {
    name: 'keep-alive up (reference)',
    bytes: szy.buildLinkTestUp(target, 'keep-alive'),
    hex: '680868805303810D0002F25C16',
    body: { kind: 'link-test', code: 0xf2, meaning: 'keep-alive' },
  },
  {
    name: 'login up (reference)',
    bytes: szy.buildLinkTestUp(target, 'login'),
    hex: '680868805303810D0002F07316',
    body: { kind: 'link-test', code: 0xf0, meaning: 'login' },
  },
  {
    name: 'clock answer',
    bytes: szy.buildClockReply(target, clock),
    hex: '680D68B05303810D0051044812251126A316',
    body: { kind: 'clock', clock },
  },
  {
    name: 'work mode answer',
    bytes: szy.buildWorkModeReply(target, 'self-report'),
    hex: '680868B05303810D005201C516',
    body: { kind: 'work-mode', mode: 'self-report' },
  },
];

describe('SZY206 builders and decoder agree on golden bytes', () => {
  for (const row of rows) {
    it(row.name, () => {
      expect(toHex(row.bytes, '')).toBe(row.hex);
      const r = szy.decodeSzy206Message(row.bytes);
      expect(r.status === 'ok' && r.value.body).toEqual(row.body);
    });
  }

  it('set clock carries PW and Tp', () => {
    const r = szy.decodeSzy206Message(
      szy.buildSetClock(target, clock, { password: { algorithm: 0, key: 123 }, timeLabel: label }),
    );
    expect(r.status === 'ok' && [r.value.password, r.value.timeLabel]).toEqual([
      { algorithm: 0, key: 123 },
      label,
    ]);
  });

  it('report intervals answer', () => {
    const bytes = szy.buildReportIntervalsReply(target, [
      { kindCode: 3, minutes: 60 },
      { kindCode: 2, minutes: 15 },
    ]);
    expect(toHex(bytes, '')).toBe('680D68B05303810D00530600150060009116');
    const r = szy.decodeSzy206Message(bytes);
    expect(
      r.status === 'ok' &&
        r.value.body.kind === 'report-intervals' &&
        r.value.body.intervals.map((i) => [i.kind.key, i.minutes]),
    ).toEqual([
      ['water-level', 15],
      ['flow', 60],
    ]);
  });

  it('real-time and status answers, and the self-report of the reference', () => {
    expect(toHex(szy.buildRealtimeReply(target, flow), '')).toBe(
      '681568B35303810D00B00059000000826110000001106000C816',
    );
    expect(toHex(szy.buildStatusAlarmReply(target, 0x1001, 0x60), '')).toBe(
      '680B68B05303810D005E01106000FD16',
    );
    const report = szy.buildSelfReport(target, flow, {
      second: 0,
      minute: 45,
      hour: 8,
      day: 9,
      month: null,
      year: null,
      allowedDelayMinutes: 10,
    });
    expect(toHex(report, '')).toBe('681A68B35303810D00C00059000000826110000001106000004508090A3516');
    const r = szy.decodeSzy206Message(szy.buildStatusAlarmReply(target, 0x1001, 0x0003));
    expect(r.status === 'ok' && r.value.body.kind === 'status-alarm' && r.value.body.status.workMode).toBe(
      'debug',
    );
  });

  it('SL/T 427 self-report with a 7-byte Tp, negative level, missing value and water quality', () => {
    const t427 = { ...target, edition: 'sl427-2021' } as const;
    const tp = { second: 1, minute: 2, hour: 3, day: 4, month: 5, year: 2026, allowedDelayMinutes: 0 };
    const level = szy.buildSelfReport(
      t427,
      { kindCode: 2, values: [-1.234, null], alarmWord: 0, statusWord: 0 },
      tp,
    );
    const r = szy.decodeSzy206Message(level, 'sl427-2021');
    expect(r.status === 'ok' && r.value.timeLabel).toEqual(tp);
    expect(
      r.status === 'ok' &&
        r.value.body.kind === 'values' &&
        r.value.body.values.map((v) => [v.value, v.note]),
    ).toEqual([
      [-1.234, undefined],
      [null, 'missing'],
    ]);
    const quality = szy.buildRealtimeReply(target, {
      kindCode: 10,
      quality: [
        { bit: 1, value: 7.25 },
        { bit: 0, value: 18.5 },
      ],
      alarmWord: 0,
      statusWord: 0,
    });
    const q = szy.decodeSzy206Message(quality);
    expect(
      q.status === 'ok' &&
        q.value.body.kind === 'values' &&
        q.value.body.values.map((v) => [v.name, v.value]),
    ).toEqual([
      ['水温', 18.5],
      ['pH', 7.25],
    ]);
  });

  it('matches answers to queries and names the mismatch', () => {
    const decode = szy.szy206ReplyDecoder({ address: target.address, afn: 0x51 }, 'szy206-2016');
    expect(decode(szy.buildClockReply(target, clock)).status).toBe('ok');
    const other = szy.buildClockReply(
      { address: { mode: 'division', division: '530381', station: 14 } },
      clock,
    );
    expect(decode(other)).toMatchObject({
      status: 'invalid',
      reason: 'answer from another terminal (530381/14)',
    });
    expect(decode(szy.buildWorkModeReply(target, 'debug'))).toMatchObject({
      reason: 'answer has AFN 52, expected 51',
    });
  });

  it('refuses a bad address when building', () => {
    expect(() => szy.buildReadClock({ address: { mode: 'division', division: '5303', station: 1 } })).toThrow(
      /not 6 digits/,
    );
  });
});
