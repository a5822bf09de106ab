import { describe, expect, it } from 'vitest';
import { hex2 } from './common/hex';
import { labelCode, labelledString, splitLabelCode, type LabelScheme } from './common/label';
import { hj212Commands, hj212Factor, hj212Factors, hj212Flags, hj212Systems } from './hj212/codes';
import { protocolLabel, protocolLabels } from './labels';
import { sl651Element, sl651Elements, sl651Functions, sl651StatusBits } from './sl651/elements';
import { sl651StationCategoryRows } from './sl651/message';
import { szy206AfnNames } from './szy206/afn';
import { szy206AnswerTexts, szy206StatusTexts } from './szy206/answer-labels';
import { szy206AlarmBits, szy206DataKind, szy206DataKinds } from './szy206/fields';
import { szy206ValueGroups, szy206ValueNames } from './szy206/values';

// CJK ideographs, CJK punctuation (、。) and full-width forms: none belongs in an English name.
const cjk = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

type Row = readonly [scheme: LabelScheme, id: string, zh: string, en: string];

/** Every row of every table, read from the tables themselves (not the catalogue, which would hide duplicates). */
const tableRows: readonly Row[] = [
  ...sl651Elements.map((e): Row => ['sl651-element', e.code, e.name, e.nameEn]),
  ...sl651StatusBits.map(([key, zh, en]): Row => ['sl651-status', key, zh, en]),
  ...sl651Functions.map(([code, zh, en]): Row => ['sl651-function', hex2(code), zh, en]),
  ...sl651StationCategoryRows.map(([letter, zh, en]): Row => ['sl651-category', letter, zh, en]),
  ...hj212Factors.map((f): Row => ['hj212-factor', f.code, f.name, f.nameEn]),
  ...hj212Commands.map(([code, zh, en]): Row => ['hj212-command', code, zh, en]),
  ...hj212Systems.map(([code, zh, en]): Row => ['hj212-system', code, zh, en]),
  ...hj212Flags.map(([code, zh, en]): Row => ['hj212-flag', code, zh, en]),
  ...szy206AfnNames.map(([afn, zh, en]): Row => ['szy206-afn', hex2(afn), zh, en]),
  ...szy206DataKinds.map((k): Row => ['szy206-kind', k.key, k.name, k.nameEn]),
  ...Object.values(szy206ValueGroups)
    .flat()
    .map((v): Row => ['szy206-value', v.key, v.name, v.nameEn]),
  ...szy206ValueNames.map((v): Row => ['szy206-value', v.key, v.name, v.nameEn]),
  ...szy206AlarmBits.map(([key, zh, en]): Row => ['szy206-alarm', key, zh, en]),
  ...Object.entries(szy206StatusTexts).map(([key, [zh, en]]): Row => ['szy206-status', key, zh, en]),
  ...Object.entries(szy206AnswerTexts).map(([key, [zh, en]]): Row => ['szy206-text', key, zh, en]),
];

describe('protocol label tables', () => {
  it('give every row a Chinese and an English name, and no English name holds Chinese', () => {
    expect(tableRows.length).toBeGreaterThan(300);
    // The list separator is punctuation, not a name: its English form is ", " on purpose.
    const separator = (scheme: string, id: string) => scheme === 'szy206-text' && id === 'list-separator';
    const problems = tableRows.filter(
      ([scheme, id, zh, en]) =>
        zh === '' ||
        en.trim() === '' ||
        cjk.test(en) ||
        (!separator(scheme, id) && (en !== en.trim() || zh !== zh.trim())),
    );
    expect(problems).toEqual([]);
    expect(szy206AnswerTexts['list-separator']).toEqual(['、', ', ']);
  });

  it('keep the Chinese names, units and codes of the standard', () => {
    expect(sl651Element(0x02)).toEqual({
      id: 0x02,
      code: 'AI',
      name: '瞬时气温',
      nameEn: 'Air temperature (instantaneous)',
      unit: '°C',
    });
    expect(sl651Element(0x0e)).toMatchObject({ code: 'H', name: '地下水瞬时埋深', unit: 'm' });
    expect(sl651Element(0x0e).nameEn).toBe('Groundwater depth (instantaneous)');
    expect(sl651Element(0x1a)).toMatchObject({
      code: 'P1',
      name: '1小时时段降水量',
      nameEn: 'Rainfall, 1 h period',
    });
    expect(sl651Element(0x2b)).toMatchObject({ code: 'Q4', name: '取(排)水口流量4', unit: 'm³/s' });
    expect(sl651Element(0xfc)).toMatchObject({ code: 'DRZ8', name: '1小时内5分钟间隔相对水位8', unit: 'm' });
    expect(hj212Factor('w01001')).toEqual({
      code: 'w01001',
      name: 'pH值',
      nameEn: 'pH',
      unit: '无量纲',
      format: 'N2.2',
    });
    expect(szy206DataKind(3, 'szy206-2016')).toEqual({
      code: 3,
      key: 'flow',
      name: '流量(水量)参数',
      nameEn: 'Flow (volume) parameters',
    });
    expect(szy206DataKind(7, 'sl427-2021').key).toBe('weather');
    expect(szy206DataKind(7, 'szy206-2016').key).toBe('air-pressure');
  });

  it('tell every element and factor apart by its code', () => {
    const codes = sl651Elements.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    const ids = sl651Elements.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const factors = hj212Factors.map((f) => f.code);
    expect(new Set(factors).size).toBe(factors.length);
  });

  it('fit the names a saved session keeps (80 characters)', () => {
    const long = tableRows.filter(([, , zh, en]) => zh.length > 80 || en.length > 80);
    expect(long).toEqual([]);
  });
});

describe('protocolLabel', () => {
  it('finds every table row by its code with the same names (a key never means two things)', () => {
    const mismatched = tableRows.filter(([scheme, id, zh, en]) => {
      const found = protocolLabel(labelCode(scheme, id));
      return found?.zh !== zh || found.en !== en;
    });
    expect(mismatched).toEqual([]);
    expect(protocolLabels.size).toBeGreaterThan(300);
  });

  it('names the unnamed water-quality mask bits and nothing beyond D39', () => {
    expect(protocolLabel('szy206-value:d17')).toEqual({
      zh: '水质参数 D17',
      en: 'Water-quality parameter D17',
    });
    expect(protocolLabel('szy206-value:d40')).toBeNull();
    expect(protocolLabel('szy206-kind:d17')).toBeNull();
  });

  it('knows nothing of unknown codes, unknown schemes or bare ids', () => {
    expect(protocolLabel('sl651-element:0xFF09')).toBeNull();
    expect(protocolLabel('hj212-factor:w99999')).toBeNull();
    expect(protocolLabel('modbus-register:flow')).toBeNull();
    expect(protocolLabel('AI')).toBeNull();
    expect(splitLabelCode('sl651-element:AI')).toEqual({ scheme: 'sl651-element', id: 'AI' });
    expect(splitLabelCode('nonsense:AI')).toBeNull();
  });

  it('renders labelled text with the decoded names', () => {
    expect(labelledString(['AFN C0 ', { code: 'szy206-afn:C0', name: '遥测终端自报实时数据' }, ': x'])).toBe(
      'AFN C0 遥测终端自报实时数据: x',
    );
  });
});
