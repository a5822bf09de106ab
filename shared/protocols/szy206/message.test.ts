import { describe, expect, it } from 'vitest';
import { fromHex } from '../common/hex';
import { decodeSzy206Message } from './message';

const ok = (hex: string, edition?: 'szy206-2016' | 'sl427-2021') => {
  const r = decodeSzy206Message(fromHex(hex), edition);
  if (r.status !== 'ok') {
    throw new Error(r.status === 'invalid' ? r.reason : 'incomplete');
  }
  return r.value;
};

describe('decodeSzy206Message on the reference frames (protocols.md §6.1)', () => {
  it('decodes the verified C0 self-report exactly', () => {
    const m = ok('681A68B35303810D00C00059000000826110000001106000004508090A3516');
    expect(m.direction).toBe('up');
    expect(m.control).toEqual({ direction: 'up', split: false, frameCount: 3, functionCode: 3 });
    expect(m.dataKind.key).toBe('flow');
    expect(m.address).toEqual({ mode: 'division', division: '530381', station: 13 });
    expect(m.afn).toBe(0xc0);
    expect(m.afnName).toBe('遥测终端自报实时数据');
    expect(m.checksum).toBe(0x35);
    expect(m.body.kind).toBe('values');
    if (m.body.kind !== 'values') {
      return;
    }
    expect(m.body.values.map((v) => [v.key, v.value, v.unit])).toEqual([
      ['flow', 5.9, 'm³/s'],
      ['volume', 106182, 'm³'],
    ]);
    expect(m.body.alarms.word).toBe(0x1001);
    expect(m.body.alarms.active.map((a) => a.name)).toEqual(['工作交流电停电告警', '剩余水量下限报警']);
    expect(m.body.status).toEqual({
      word: 0x0060,
      workMode: 'compatible',
      icCardEnabled: false,
      fixedValueControlOn: false,
      pumpRunning: false,
      cabinetDoorBit: true,
      powerSource: 'battery',
    });
    expect(m.timeLabel).toEqual({
      second: 0,
      minute: 45,
      hour: 8,
      day: 9,
      month: null,
      year: null,
      allowedDelayMinutes: 10,
    });
    expect(m.password).toBeNull();
  });

  it('decodes the constructed link-test frames', () => {
    expect(ok('680868805303810D0002F07316').body).toEqual({
      kind: 'link-test',
      code: 0xf0,
      meaning: 'login',
    });
    expect(ok('680868805303810D0002F25C16').body).toEqual({
      kind: 'link-test',
      code: 0xf2,
      meaning: 'keep-alive',
    });
    const down = ok('680868005303810D0002F21A16');
    expect(down.direction).toBe('down');
    expect(down.body).toEqual({ kind: 'link-test', code: 0xf2, meaning: 'keep-alive' });
  });

  it('decodes the constructed B0 flow query', () => {
    const q = ok('680768335303810D00B0AA16');
    expect(q).toMatchObject({ direction: 'down', afn: 0xb0, body: { kind: 'empty' }, dataKind: { code: 3 } });
  });

  it('reads the SL/T 427 7-byte time label by edition', () => {
    // The C0 frame re-labelled for SL/T 427: same values, Tp 秒分时日月年 + delay.
    const r = decodeSzy206Message(
      fromHex('681A68B35303810D00C00059000000826110000001106000004508090A3516'),
      'sl427-2021',
    );
    expect(r.status).toBe('invalid');
    expect(r.status === 'invalid' && r.reason).toMatch(/not whole values/);
  });

  it('names data that does not fit the AFN', () => {
    const bad = (hex: string) => {
      const r = decodeSzy206Message(fromHex(hex));
      return r.status === 'invalid' ? r.reason : r.status;
    };
    // link test with no data byte (CS recomputed)
    expect(bad('680768805303810D00025716')).toMatch(
      /AFN 02 up: 链路检测 \(AFN 02\) needs 1 data bytes, found 0|CS expected/,
    );
  });
});
