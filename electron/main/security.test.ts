import { describe, expect, it } from 'vitest';
import { decideNavigation, isInAppNavigation, isPermissionAllowed } from './security';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createAppWindow, type BrowserWindowClass } from './window-options';

describe('window options', () => {
  it('are hardened', () => {
    // A recorder stands in for Electron's BrowserWindow (no Electron binary can run here).
    let seen: BrowserWindowConstructorOptions = {};
    const Recorder = function (this: object, options: BrowserWindowConstructorOptions) {
      seen = options;
    } as unknown as BrowserWindowClass;
    createAppWindow(Recorder, '/x/preload.cjs');
    const prefs = seen.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(prefs.preload).toBe('/x/preload.cjs');
  });
});

describe('permissions', () => {
  it.each([
    ['geolocation', 'app://wrm/index.html', true],
    ['media', 'app://wrm/', true],
    ['geolocation', 'https://evil.example/', false],
    ['notifications', 'app://wrm/', false],
    ['openExternal', 'app://wrm/', false],
    ['geolocation', 'app://wrm.evil/', false],
  ])('%s from %s → %s', (permission, url, expected) => {
    expect(isPermissionAllowed(permission, url)).toBe(expected);
  });
});

describe('navigation', () => {
  it('never lets the window leave, and opens only allow-listed pages outside', () => {
    expect(decideNavigation('https://www.tianditu.gov.cn/')).toEqual({ allow: false, openExternally: true });
    expect(decideNavigation('https://evil.example/')).toEqual({ allow: false, openExternally: false });
    expect(decideNavigation('file:///etc/passwd')).toEqual({ allow: false, openExternally: false });
    expect(isInAppNavigation('app://wrm/#/sites')).toBe(true);
    expect(isInAppNavigation('https://wrm/')).toBe(false);
  });
});
