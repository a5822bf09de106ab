import type { BrowserWindow as BrowserWindowType } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Electron's PDF printer for reports: a hidden, sandboxed window with JavaScript off loads the
 * report's self-contained HTML and `webContents.printToPDF` prints it with the system's CJK fonts.
 * The HTML goes through a private temp file (a province's report can pass the data-URL size limit).
 * Injected into the host services, so they never import Electron.
 */
export function createElectronPdfRenderer(BrowserWindow: typeof BrowserWindowType) {
  return async (html: string): Promise<Uint8Array> => {
    const dir = await mkdtemp(join(tmpdir(), 'wrm-report-'));
    const file = join(dir, 'report.html');
    const win = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    try {
      await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
      await win.loadFile(file);
      const pdf = await win.webContents.printToPDF({
        landscape: true,
        pageSize: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
      });
      return new Uint8Array(pdf);
    } finally {
      win.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  };
}
