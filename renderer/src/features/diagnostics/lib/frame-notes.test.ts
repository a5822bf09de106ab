import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../../i18n/locales/en-US/diagnostics.json';
import zh from '../../../i18n/locales/zh-CN/diagnostics.json';
import { frameNote } from './frame-notes';

async function tFor(lng: 'zh-CN' | 'en-US') {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { 'zh-CN': { d: zh }, 'en-US': { d: en } }, defaultNS: 'd' });
  return i.t.bind(i);
}

describe('frame notes in the crew language', () => {
  it('turns Modbus and SZY206 notes into zh-CN, leaves others as written', async () => {
    const t = await tFor('zh-CN');
    expect(frameNote(t, 'unit 16 FC 03: read 2 from 4112')).toBe('从站 16 读 03 寄存器 4112 起 2 个');
    expect(frameNote(t, 'unit 16 exception 02 illegal data address')).toBe(
      '从站 16 异常应答 02（illegal data address）',
    );
    expect(frameNote(t, 'SZY206 query clock')).toBe('SZY206 查询：读取时钟');
    expect(frameNote(t, '链路正常 (keep-alive)')).toBe('链路正常 (keep-alive)');
    expect(frameNote(t, null)).toBe('');
  });
});
