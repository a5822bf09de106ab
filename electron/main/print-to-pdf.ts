import type { BrowserWindow as BrowserWindowType } from 'electron';

/**
 * Electron's PDF printer for reports: a hidden, sandboxed window with JavaScript off loads the
 * report's self-contained HTML and `webContents.printToPDF` prints it with the system's CJK fonts.
 * Injected into the host services, so they never import Electron.
 */
export function createElectronPdfRenderer(BrowserWindow: typeof BrowserWindowType) {
  return async (html: string): Promise<Uint8Array> => {
    const win = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    try {
      await win.loadURL(
        `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`,
      );
      const pdf = await win.webContents.printToPDF({
        landscape: true,
        pageSize: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
      });
      return new Uint8Array(pdf);
    } finally {
      win.destroy();
    }
  };
}
