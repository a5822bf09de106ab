import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { causeLine, labelledText, takeLang, unitName, valueName, withUnit } from './lang';
import { main, usage } from './main';

describe('wrm --lang', () => {
  it('takes --lang from anywhere, else WRM_LANG, else zh; refuses other languages', () => {
    expect(takeLang(['modbus', '--lang', 'en', 'read'], {})).toEqual({
      ok: true,
      lang: 'en',
      rest: ['modbus', 'read'],
    });
    expect(takeLang(['decode', '--lang=zh'], { WRM_LANG: 'en' })).toMatchObject({ lang: 'zh' });
    expect(takeLang(['decode'], { WRM_LANG: 'en-US' })).toMatchObject({ lang: 'en' });
    expect(takeLang(['decode'], {})).toMatchObject({ lang: 'zh', rest: ['decode'] });
    expect(takeLang(['decode', '--lang', 'fr'], {})).toEqual({ ok: false, given: 'fr' });
  });

  it('is documented in wrm help, and a wrong language exits 2', async () => {
    expect(usage()).toContain('--lang zh|en');
    let err = '';
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (t) => {
        err += t;
      },
      env: {},
      interrupted: new Promise(() => undefined),
    };
    expect(await main(['help', '--lang', 'de'], io)).toBe(2);
    expect(err).toMatch(/--lang "de" must be zh or en/);
  });

  it('prints units, value names and causes in the chosen language', () => {
    expect(withUnit(12.5, 'm³/h', 'zh')).toBe('12.5 立方米/小时');
    expect(withUnit(12.5, 'm³/h', 'en')).toBe('12.5 m³/h');
    expect(unitName('℃', 'en')).toBe('°C');
    expect(unitName('pH', 'zh')).toBe('pH');
    expect(valueName({ name: '瞬时流量', code: 'szy206-value:flow' }, 'en')).not.toBe('瞬时流量');
    expect(valueName({ name: '厂家自定义', code: 'szy206-value:no-such' }, 'en')).toBe('厂家自定义');
    expect(causeLine({ kind: 'incomplete-reply', timeoutMs: 300, bytes: 4 }, 'zh')).toBe(
      '应答不完整：300 毫秒内只收到 4 字节',
    );
    expect(causeLine({ kind: 'port-not-found', path: 'COM7', errno: 'ENOENT' }, 'en')).toBe(
      'serial port COM7 not found (ENOENT)',
    );
    expect(causeLine({ kind: 'device-exception', exceptionCode: 2, unitId: 3 }, 'zh')).toBe(
      '从站 3 返回异常码 02：非法数据地址',
    );
    const afn = ['AFN 50 ', { code: 'szy206-afn:50', name: '查询地址' }] as const;
    expect(labelledText(afn, 'zh')).toBe('AFN 50 查询遥测终端、中继站地址');
    expect(labelledText(afn, 'en')).toMatch(/^AFN 50 [\x20-\x7e]+$/);
  });
});
