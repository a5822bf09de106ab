import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../../i18n/locales/en-US/diagnostics.json';
import zh from '../../../i18n/locales/zh-CN/diagnostics.json';
import { frameNote, frameText } from './frame-notes';

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

  it('shows a labelled live note in the reader language and a plain one through the catalogue', async () => {
    const szy = {
      summary: 'SZY206 up AFN C0 遥测终端自报实时数据',
      summaryParts: ['SZY206 up AFN C0 ', { code: 'szy206-afn:C0', name: '遥测终端自报实时数据' }],
    };
    expect(frameText(await tFor('en-US'), szy, 'en-US')).toBe(
      'SZY206 up AFN C0 Terminal real-time self-report',
    );
    const zh = await tFor('zh-CN');
    expect(frameText(zh, szy, 'zh-CN')).toBe('SZY206 up AFN C0 遥测终端自报实时数据');
    // Parts without a label add nothing: the catalogue still translates what it knows.
    expect(
      frameText(zh, { summary: 'SZY206 query clock', summaryParts: ['SZY206 query clock'] }, 'zh-CN'),
    ).toBe('SZY206 查询：读取时钟');
    expect(frameText(zh, { summary: 'SZY206 query clock' }, 'zh-CN')).toBe('SZY206 查询：读取时钟');
  });
});
