import { describe, expect, it } from 'vitest';
import { lineCauseKinds } from '#shared/protocols/common/line-cause';
import { errorCodes } from '#shared/result';
import { catalogs, createI18n, languages } from '../../../i18n/index';
import { causeText, failureText } from './failure-text';

describe('failure text from the catalogs (real i18n, both languages)', () => {
  it('has a sentence for every cause kind and every error code in zh-CN and en-US', () => {
    for (const language of languages) {
      const d = catalogs()[language]['diagnostics'] as {
        cause: Record<string, string>;
        errors: Record<string, string>;
      };
      for (const kind of lineCauseKinds) {
        expect(d.cause[kind], `${language} cause.${kind}`).toBeTruthy();
      }
      for (const code of errorCodes) {
        expect(d.errors[code], `${language} errors.${code}`).toBeTruthy();
      }
    }
  });

  it('renders an exception reply with its code and name in each language', async () => {
    const cause = { kind: 'device-exception', exceptionCode: 2, unitId: 17 } as const;
    const zh = await createI18n('zh-CN');
    const en = await createI18n('en-US');
    expect(causeText(zh.t, cause)).toBe('从站 17 返回异常码 02：非法数据地址');
    expect(causeText(en.t, cause)).toBe('Unit 17 answered exception 02: illegal data address');
    expect(causeText(en.t, { ...cause, exceptionCode: 0x42 })).toBe(
      'Unit 17 answered exception 42: unknown exception',
    );
  });

  it('renders a port cause with its OS error name, and a failure without cause by its code', async () => {
    const en = await createI18n('en-US');
    const zh = await createI18n('zh-CN');
    const missing = { kind: 'port-not-found', path: 'COM7', errno: 'ENOENT' } as const;
    expect(failureText(en.t, { code: 'not-found', cause: missing })).toBe(
      'Serial port COM7 not found: check the USB adapter and the port name (system error ENOENT)',
    );
    expect(failureText(zh.t, { code: 'not-found', cause: missing })).toBe(
      '找不到串口 COM7：请检查 USB 转换器是否插好、串口名是否正确（系统错误 ENOENT）',
    );
    expect(failureText(en.t, { code: 'timeout' })).toBe('Timed out');
    expect(failureText(zh.t, { code: 'no-such-code' })).toBe('内部错误');
    expect(
      failureText(en.t, { code: 'io', cause: { kind: 'lister-failed', errno: 'ENOENT', tool: 'udevadm' } }),
    ).toBe('Could not list the serial ports (system error ENOENT) (system tool udevadm is missing)');
  });
});
