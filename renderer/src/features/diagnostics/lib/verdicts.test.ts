import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '#shared/diagnostics/rtu-snapshot';
import { createI18n } from '../../../i18n/index';
import { sessionVerdicts, valueName, verdictText, type Verdict } from './verdicts';
import { initialWorkbench } from './workbench';

const english: Record<string, string> = {
  'verdicts.detectFound': 'Meter answered the auto-detect scan',
  'rtu.drift.clock-off': 'Clock off',
  'rtu.noDrift': 'Configuration matches',
  'reconcile.reasons.within-tolerance': 'Within tolerance',
  'reconcile.reasons.platform-stale': 'Platform value is old',
};
const t = (key: string) => english[key] ?? `missing:${key}`;
const knows = (key: string) => key in english;

describe("a saved verdict in the reader's language", () => {
  it('renders a plain code from the catalogue', () => {
    expect(verdictText(t, knows, { message: '仪表响应了自动识别', code: 'verdicts.detectFound' })).toBe(
      'Meter answered the auto-detect scan',
    );
    expect(verdictText(t, knows, { message: '配置一致', code: 'rtu.noDrift' })).toBe('Configuration matches');
  });

  it('renders a drift with its current and expected setting', () => {
    expect(
      verdictText(t, knows, {
        message: '时钟偏差: 180 s / ±60 s',
        code: 'rtu.drift.clock-off',
        params: { current: '180 s', expected: '±60 s' },
      }),
    ).toBe('Clock off: 180 s / ±60 s');
    expect(
      verdictText(t, knows, {
        message: 'x',
        code: 'rtu.drift.clock-off',
        params: { current: '180 s', expected: '' },
      }),
    ).toBe('Clock off: 180 s');
  });

  it('renders each reconciliation reason', () => {
    expect(
      verdictText(t, knows, {
        message: '在允许误差内; 平台数值过旧',
        code: 'reconcile.reasons',
        params: { reasons: 'within-tolerance,platform-stale' },
      }),
    ).toBe('Within tolerance; Platform value is old');
  });

  it('falls back to the saved text for a session without codes or with a code this version does not know', () => {
    expect(verdictText(t, knows, { message: '仪表响应了自动识别' })).toBe('仪表响应了自动识别');
    expect(verdictText(t, knows, { message: '新规则', code: 'verdicts.fromTheFuture' })).toBe('新规则');
    expect(
      verdictText(t, knows, {
        message: '保存时的文字',
        code: 'reconcile.reasons',
        params: { reasons: 'within-tolerance,new-reason' },
      }),
    ).toBe('保存时的文字');
  });
});

describe("a saved value's name", () => {
  it("follows the reader's language when both names were kept, else the saved one", () => {
    const flow = { name: '瞬时流量', names: { zh: '瞬时流量', en: 'Flow' } };
    expect(valueName(flow, 'en-US')).toBe('Flow');
    expect(valueName(flow, 'zh-CN')).toBe('瞬时流量');
    expect(valueName({ name: '瞬时流量' }, 'en-US')).toBe('瞬时流量');
  });
});

describe('a saved RTU drift verdict, saved in Chinese and read in English (real catalogs)', () => {
  it('stores codes and values, and renders units and work modes in the reader language', async () => {
    const zh = await createI18n('zh-CN');
    const en = await createI18n('en-US');
    const snapshot = { ...emptySnapshot(1000), clockOffsetSeconds: 180, workMode: 'debug' as const };
    const saved = sessionVerdicts(
      zh.getFixedT('zh-CN', 'diagnostics'),
      initialWorkbench(1000),
      null,
      snapshot,
      null,
    );
    const clock = saved.find((v) => v.rule === 'rtu.clock');
    const mode = saved.find((v) => v.rule === 'rtu.workMode');
    // What is stored: the catalog code and the values, no words of either language.
    expect(clock).toMatchObject({
      code: 'rtu.drift.clock-off',
      params: { current: '180', expected: '±60', field: 'clock', unit: 's' },
      message: '时钟偏差: 180 秒 / ±60 秒',
    });
    expect(mode?.params).toEqual({ current: 'debug', expected: 'self-report', field: 'workMode', unit: '' });
    const read = (i: typeof en, v: Verdict | undefined) =>
      verdictText(i.getFixedT(null, 'diagnostics'), (k) => i.exists(`diagnostics:${k}`), v!);
    expect(read(en, clock)).toBe('Clock off: 180 s / ±60 s');
    expect(read(zh, clock)).toBe('时钟偏差: 180 秒 / ±60 秒');
    expect(read(en, mode)).not.toMatch(/[\u4e00-\u9fff]/);
    expect(read(en, mode)).toBe('Left in debug mode: Debug / Self-report');
    expect(read(zh, mode)).toBe('仍处于调试模式: 调试/维修 / 自报');
  });
});
