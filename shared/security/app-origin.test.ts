import { describe, expect, it } from 'vitest';
import { appPathToRelativeFile, isAppUrl } from './app-origin';

describe('isAppUrl', () => {
  it.each([
    ['app://wrm/index.html', true],
    ['app://wrm/', true],
    ['app://wrm/#/sites/123', true],
    ['app://WRM/index.html', false],
    ['app://wrm.evil/index.html', false],
    ['app://evil.wrm/index.html', false],
    ['app://user@wrm/index.html', false],
    ['app://wrm:8080/index.html', false],
    ['file:///app/wrm/index.html', false],
    ['https://wrm/index.html', false],
    ['http://127.0.0.1/?next=app://wrm/', false],
    ['javascript:alert(1)//app://wrm/', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('appPathToRelativeFile', () => {
  it.each([
    ['app://wrm/', 'index.html'],
    ['app://wrm/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://wrm/assets/%E4%B8%AD.png', 'assets/中.png'],
    ['app://wrm/../../etc/passwd', 'etc/passwd'],
    ['app://wrm/assets/%2e%2e/%2e%2e/secret', 'secret'],
    ['app://wrm/a%5C..%5Cb', null],
    ['app://wrm/a%00b', null],
    ['app://wrm/%E0%A4%A', null],
    ['app://other/index.html', null],
  ])('%s → %s', (url, expected) => {
    expect(appPathToRelativeFile(url)).toBe(expected);
  });
});
