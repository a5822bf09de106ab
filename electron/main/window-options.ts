import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron';

/** Electron's BrowserWindow class, injected so the factory is tested under Node with a recorder. */
export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => ElectronBrowserWindow;

/**
 * The only way the app builds a window. Hardening is not optional: context isolation, the sandbox,
 * no Node in the renderer, no <webview>, no middle-click windows, and a bundled preload that exposes
 * the host contract alone. The options are written out literally so static checkers see them.
 */
export function createAppWindow(
  BrowserWindow: BrowserWindowClass,
  preloadPath: string,
): ElectronBrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'wrm-field 水资源监测现场助手',
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
}
