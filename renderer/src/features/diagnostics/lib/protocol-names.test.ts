import { describe, expect, it } from 'vitest';
import { protocolName, protocolText, savedValue } from './protocol-names';

describe('protocolName', () => {
  it('shows a known code in the reader language', () => {
    const airTemp = { name: '瞬时气温', code: 'sl651-element:AI' };
    expect(protocolName(airTemp, 'en-US')).toBe('Air temperature (instantaneous)');
    expect(protocolName(airTemp, 'zh-CN')).toBe('瞬时气温');
    const cod = { name: '化学需氧量', code: 'hj212-factor:w01018' };
    expect(protocolName(cod, 'en-US')).toBe('Chemical oxygen demand (COD)');
    expect(protocolName(cod, 'zh-CN')).toBe('化学需氧量');
    expect(protocolName({ name: '流量(水量)参数', code: 'szy206-kind:flow' }, 'en-US')).toBe(
      'Flow (volume) parameters',
    );
    expect(protocolName({ name: '蓄电池电压报警', code: 'szy206-alarm:battery-voltage' }, 'en-US')).toBe(
      'Battery voltage alarm',
    );
  });

  it('follows the catalogue, not the decoded text, for a known code', () => {
    // A host of another version may word the Chinese differently; the code decides.
    expect(protocolName({ name: '旧名称', code: 'szy206-value:flow' }, 'zh-CN')).toBe('瞬时流量');
  });

  it("shows an unknown code beside what it is, in the reader's language", () => {
    const vendor = { name: '未知要素', code: 'sl651-element:0xFF09' };
    expect(protocolName(vendor, 'en-US')).toBe('0xFF09 (unknown element)');
    expect(protocolName(vendor, 'zh-CN')).toBe('0xFF09 (未知要素)');
    expect(protocolName({ name: '未知因子', code: 'hj212-factor:w99999' }, 'en-US')).toBe(
      'w99999 (unknown factor)',
    );
    expect(protocolName({ name: '未知', code: 'hj212-flag:Z' }, 'en-US')).toBe('Z (unknown code)');
    // Decoded text that is not Chinese is shown as it is.
    expect(protocolName({ name: 'vendor level', code: 'sl651-element:0xFF10' }, 'en-US')).toBe(
      '0xFF10 (vendor level)',
    );
    // A scheme from a newer version: the whole code is all there is to show.
    expect(protocolName({ name: '新表', code: 'sl652-element:X1' }, 'en-US')).toBe('sl652-element:X1 (新表)');
    expect(protocolName({ name: '', code: 'hj212-factor:w99999' }, 'en-US')).toBe('w99999');
  });

  it('shows an old saved session as it was saved, and a session that kept both names by language', () => {
    expect(protocolName({ name: '瞬时流量' }, 'en-US')).toBe('瞬时流量');
    expect(protocolName({ name: '瞬时流量' }, 'zh-CN')).toBe('瞬时流量');
    const both = { name: '瞬时流量', names: { zh: '瞬时流量', en: 'Flow (instantaneous)' } };
    expect(protocolName(both, 'en-US')).toBe('Flow (instantaneous)');
    expect(protocolName(both, 'zh-CN')).toBe('瞬时流量');
  });
});

describe('protocolText', () => {
  const parts = [
    'AFN C0 ',
    { code: 'szy206-afn:C0', name: '遥测终端自报实时数据' },
    ': ',
    { code: 'szy206-value:flow', name: '瞬时流量' },
    ' 5.9 m³/s, ',
    { code: 'szy206-alarm:ac-power-off', name: '工作交流电停电告警' },
    { code: 'szy206-text:list-separator', name: '、' },
    { code: 'szy206-alarm:remaining-water-low', name: '剩余水量下限报警' },
  ];
  const chinese = 'AFN C0 遥测终端自报实时数据: 瞬时流量 5.9 m³/s, 工作交流电停电告警、剩余水量下限报警';

  it('renders labelled text in the reader language', () => {
    expect(protocolText(parts, chinese, 'en-US')).toBe(
      'AFN C0 Terminal real-time self-report: Flow (instantaneous) 5.9 m³/s, AC power failure alarm, Remaining water below lower limit alarm',
    );
    expect(protocolText(parts, chinese, 'zh-CN')).toBe(chinese);
  });

  it('keeps the plain text when there are no parts (codec errors, older hosts)', () => {
    expect(protocolText(undefined, 'CS expected 0x35, found 0x36', 'en-US')).toBe(
      'CS expected 0x35, found 0x36',
    );
  });
});

describe('savedValue', () => {
  it('keeps both names for a known code, named in the saving crew language', () => {
    const flow = { name: '瞬时流量', code: 'szy206-value:flow', value: 5.9, unit: 'm³/s' };
    expect(savedValue(flow, 'en-US')).toEqual({
      name: 'Flow (instantaneous)',
      names: { zh: '瞬时流量', en: 'Flow (instantaneous)' },
      value: 5.9,
      unit: 'm³/s',
    });
    expect(savedValue(flow, 'zh-CN').name).toBe('瞬时流量');
  });

  it('saves an unknown or missing code as text only, keeping the code in it', () => {
    expect(
      savedValue({ name: '未知要素', code: 'sl651-element:0xFF09', value: 20, unit: null }, 'en-US'),
    ).toEqual({ name: '0xFF09 (unknown element)', value: 20, unit: null });
    expect(savedValue({ name: '终端时钟', value: '2026-11-25 12:48:04', unit: null }, 'en-US')).toEqual({
      name: '终端时钟',
      value: '2026-11-25 12:48:04',
      unit: null,
    });
  });
});
