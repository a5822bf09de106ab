import { describe, expect, it } from 'vitest';
import { fromHex } from '#shared/protocols/common/hex';
import { labelledString, type LabelledText } from '#shared/protocols/common/label';
import { buildHj212Realtime } from '#shared/protocols/hj212/index';
import { beijingFrames } from '#shared/protocols/sl651/reference-frames.test-data';
import { createListenDecoders, describeRawFrame } from './diagnostics-listen';

const codesOf = (parts: LabelledText | undefined) =>
  (parts ?? []).flatMap((p) => (typeof p === 'string' ? [] : [p.code]));

/** The verified SZY206 C0 self-report of protocols.md §6.1. */
const szyC0 = '681A68B35303810D00C00059000000826110000001106000004508090A3516';

describe('listen mode decoders', () => {
  it('decodes an SL651 frame split across two bursts, after line noise', () => {
    const listen = createListenDecoders(() => 0);
    const frame = fromHex(beijingFrames[0]!);
    const first = listen.decode('sl651-2014', Uint8Array.from([0x00, 0x13, ...frame.slice(0, 20)]), 1);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ ok: false, hex: '00 13' });
    const second = listen.decode('sl651-2014', frame.slice(20), 2);
    expect(second).toHaveLength(1);
    expect(second[0]?.ok).toBe(true);
    expect(second[0]?.summary).toContain('0030746200');
    expect(second[0]?.values.length).toBeGreaterThan(0);
  });

  it('decodes an HJ 212 real-time packet into factor values', () => {
    const listen = createListenDecoders(() => 0);
    const text = buildHj212Realtime(
      { st: '21', pw: '123456', mn: '53038100000001' },
      Date.UTC(2026, 0, 5, 2),
      [{ code: 'w01018', rtd: 12.34 }],
    );
    const [frame] = listen.decode('hj212-2017', new TextEncoder().encode(`${text}`), 3);
    expect(frame?.ok).toBe(true);
    expect(frame?.summary).toContain('53038100000001');
    expect(frame?.values[0]).toMatchObject({ value: 12.34 });
  });

  it('sends each SL651 element with its code beside the Chinese name (Beijing golden frame)', () => {
    const [frame] = createListenDecoders(() => 0).decode('sl651-2014', fromHex(beijingFrames[0]!), 1);
    expect(frame?.values).toEqual([
      { name: '降水量累计值', code: 'sl651-element:PT', value: 311.3, unit: 'mm' },
      { name: '电源电压', code: 'sl651-element:VT', value: 12.87, unit: 'V' },
      // Extended (FFxx) identifiers are outside the table: the code still tells them apart.
      { name: '未知要素', code: 'sl651-element:0xFF09', value: 20, unit: null },
      { name: '未知要素', code: 'sl651-element:0xFF33', value: 20.5, unit: null },
    ]);
    expect(codesOf(frame?.summaryParts)).toEqual(['sl651-function:32']);
    expect(frame?.summary).toBe('遥测站定时报 · 0030746200 · 2026-07-01 06:00');
    expect(labelledString(frame?.summaryParts ?? [])).toBe(frame?.summary);
  });

  it('sends HJ 212 factor codes and the command as a label', () => {
    const text = buildHj212Realtime(
      { st: '21', pw: '123456', mn: '53038100000001' },
      Date.UTC(2026, 0, 5, 2),
      [
        { code: 'w01018', rtd: 12.34 },
        { code: 'w99999', rtd: 1 },
      ],
    );
    const [frame] = createListenDecoders(() => 0).decode('hj212-2017', new TextEncoder().encode(text), 3);
    expect(frame?.values).toEqual([
      { name: '化学需氧量', code: 'hj212-factor:w01018', value: 12.34, unit: 'mg/L' },
      { name: '未知因子', code: 'hj212-factor:w99999', value: 1, unit: null },
    ]);
    expect(codesOf(frame?.summaryParts)).toEqual(['hj212-command:2011']);
    expect(labelledString(frame?.summaryParts ?? [])).toBe(frame?.summary);
  });

  it('sends SZY206 value, alarm and AFN codes for the verified C0 self-report', () => {
    const [frame] = createListenDecoders(() => 0).decode('szy206-2016', fromHex(szyC0), 1);
    expect(frame?.values.map((v) => [v.code, v.name, v.value])).toEqual([
      ['szy206-value:flow', '瞬时流量', 5.9],
      ['szy206-value:volume', '累计水量', 106182],
      ['szy206-text:alarm-word', '报警字', '0x1001'],
      ['szy206-text:status-word', '状态字', '0x0060'],
    ]);
    expect(codesOf(frame?.summaryParts)).toEqual([
      'szy206-afn:C0',
      'szy206-value:flow',
      'szy206-value:volume',
      'szy206-alarm:ac-power-off',
      'szy206-text:list-separator',
      'szy206-alarm:remaining-water-low',
    ]);
    expect(frame?.summary).toBe(
      'AFN C0 遥测终端自报实时数据: 瞬时流量 5.9 m³/s, 累计水量 106182 m³, 工作交流电停电告警、剩余水量下限报警',
    );
    expect(labelledString(frame?.summaryParts ?? [])).toBe(frame?.summary);
  });

  it('describes a raw-terminal frame with its protocol name as a label', () => {
    const szy = describeRawFrame(fromHex(szyC0), 'rx');
    expect(labelledString(szy ?? [])).toBe('SZY206 up AFN C0 遥测终端自报实时数据');
    expect(codesOf(szy ?? [])).toEqual(['szy206-afn:C0']);
    const sl = describeRawFrame(fromHex(beijingFrames[0]!), 'rx');
    expect(labelledString(sl ?? [])).toBe('SL651 遥测站定时报 · 0030746200 · 2026-07-01 06:00');
    expect(codesOf(sl ?? [])).toEqual(['sl651-function:32']);
    expect(describeRawFrame(Uint8Array.of(0x00, 0x13), 'rx')).toBeNull();
  });
});
