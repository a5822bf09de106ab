import { describe, expect, it } from 'vitest';
import { toHex } from '../common/hex';
import { labelledString, type LabelledText } from '../common/label';
import {
  buildClockReply,
  buildRealtimeReply,
  buildReportIntervalsReply,
  buildStatusAlarmReply,
} from './commands';
import {
  clockAt,
  decodeSzy206Answer,
  encodeSzy206Query,
  encodeSzy206SetClock,
  parsePassword,
} from './diagnostics';

const address = { division: '530381', station: 13 };
const t = { address: { mode: 'division', ...address } } as const;
const now = Date.UTC(2026, 10, 25, 4, 48, 4); // 12:48:04 in Beijing

const codesOf = (parts: LabelledText | undefined) =>
  (parts ?? []).flatMap((p) => (typeof p === 'string' ? [] : [p.code]));

describe('SZY206 for the RTU page', () => {
  it('encodes each page query', () => {
    expect(toHex(encodeSzy206Query('realtime', address, 'szy206-2016'), '')).toBe('680768335303810D00B0AA16');
    expect(toHex(encodeSzy206Query('clock', address, 'szy206-2016'), '')).toBe('680768305303810D0051A616');
    expect(toHex(encodeSzy206SetClock(address, 'szy206-2016', now, '0123'), '')).toBe(
      '681468305303810D0011044812251126012304481225009016',
    );
    expect(() => parsePassword('12a')).toThrow(/not 1–4 digits/);
  });

  it('turns a clock answer into the drift the snapshot keeps', () => {
    const reply = buildClockReply(t, clockAt(now + 95_000));
    const r = decodeSzy206Answer('clock', reply, 'szy206-2016', address, now);
    expect(r.status === 'ok' && r.value.snapshot).toEqual({
      rtuClock: '2026-11-25 12:49:39',
      clockOffsetSeconds: 95,
    });
  });

  /** Flow 5.9 m³/s and volume 106182 m³, with two alarms and a status word. */
  const flowAndVolumeReply = () =>
    buildRealtimeReply(t, { kindCode: 3, values: [5.9, 106182], alarmWord: 0x1001, statusWord: 0x62 });

  it('summarises values, alarms and status', () => {
    const reply = flowAndVolumeReply();
    const r = decodeSzy206Answer('realtime', reply, 'szy206-2016', address, now);
    expect(r.status === 'ok' && r.value.snapshot).toMatchObject({
      alarms: ['工作交流电停电告警', '剩余水量下限报警'],
      workMode: 'query-answer',
      values: [
        { name: '瞬时流量', value: 5.9, unit: 'm³/s' },
        { name: '累计水量', value: 106182, unit: 'm³' },
      ],
    });
    const s = decodeSzy206Answer('status', buildStatusAlarmReply(t, 0, 0), 'szy206-2016', address, now);
    expect(s.status === 'ok' && s.value.summary).toBe('无报警');
  });

  it('carries the code of every name, and its labelled summary reads as the Chinese summary', () => {
    const reply = flowAndVolumeReply();
    const r = decodeSzy206Answer('realtime', reply, 'szy206-2016', address, now);
    if (r.status !== 'ok') {
      throw new Error(r.status);
    }
    expect(r.value.values.map((v) => [v.code, v.name])).toEqual([
      ['szy206-value:flow', '瞬时流量'],
      ['szy206-value:volume', '累计水量'],
      ['szy206-text:alarm-word', '报警字'],
      ['szy206-text:status-word', '状态字'],
    ]);
    expect(r.value.summary).toBe(
      '瞬时流量 5.9 m³/s, 累计水量 106182 m³, 工作交流电停电告警、剩余水量下限报警',
    );
    expect(labelledString(r.value.summaryParts ?? [])).toBe(r.value.summary);
    expect(codesOf(r.value.summaryParts)).toEqual([
      'szy206-value:flow',
      'szy206-value:volume',
      'szy206-alarm:ac-power-off',
      'szy206-text:list-separator',
      'szy206-alarm:remaining-water-low',
    ]);
    // Snapshots keep the Chinese text earlier versions saved, so drift against them still matches.
    expect(r.value.snapshot.status).toEqual(['工作模式 query-answer', '蓄电池供电', '箱门状态位置位']);
  });

  it('names report-interval kinds and the clock by code', () => {
    const intervals = decodeSzy206Answer(
      'intervals',
      buildReportIntervalsReply(t, [
        { kindCode: 1, minutes: 60 },
        { kindCode: 3, minutes: 5 },
      ]),
      'szy206-2016',
      address,
      now,
    );
    expect(intervals.status === 'ok' && intervals.value.values).toEqual([
      { code: 'szy206-kind:rainfall', name: '雨量参数', value: 60, unit: 'min' },
      { code: 'szy206-kind:flow', name: '流量(水量)参数', value: 5, unit: 'min' },
    ]);
    expect(intervals.status === 'ok' && intervals.value.summary).toBe(
      '雨量参数 60 min, 流量(水量)参数 5 min',
    );
    const clock = decodeSzy206Answer('clock', buildClockReply(t, clockAt(now)), 'szy206-2016', address, now);
    expect(clock.status === 'ok' && codesOf(clock.value.summaryParts)).toEqual(['szy206-text:rtu-clock']);
    expect(clock.status === 'ok' && clock.value.values.map((v) => v.code)).toEqual([
      'szy206-text:rtu-clock',
      'szy206-text:clock-offset',
    ]);
  });

  it('rejects an answer from another station by name', () => {
    const other = buildStatusAlarmReply(
      { address: { mode: 'division', division: '530381', station: 9 } },
      0,
      0,
    );
    expect(decodeSzy206Answer('status', other, 'szy206-2016', address, now)).toMatchObject({
      status: 'invalid',
      reason: 'answer from another terminal (530381/9)',
    });
  });
});
