import { describe, expect, it } from 'vitest';
import { canOpenExternal } from './external-url';

describe('canOpenExternal', () => {
  it.each([
    ['https://www.tianditu.gov.cn/', true],
    ['https://console.tianditu.gov.cn/api/key', true],
    ['https://WWW.TIANDITU.GOV.CN/', true],
    ['http://www.tianditu.gov.cn/', false],
    ['https://www.tianditu.gov.cn.evil.example/', false],
    ['https://evil.example/?u=https://www.tianditu.gov.cn/', false],
    ['https://user:pw@www.tianditu.gov.cn/', false],
    ['https://www.tianditu.gov.cn:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['app://wrm/', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(canOpenExternal(url)).toBe(expected);
  });
});
