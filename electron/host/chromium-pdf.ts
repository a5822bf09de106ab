import { chromium, type Browser } from 'playwright-core';

/**
 * The web shell's PDF printer: the system's Chromium (Debian's `chromium`, or `CHROMIUM_PATH`)
 * driven headless by playwright-core. Started on first use and kept for the host's lifetime; the page
 * gets the report's self-contained HTML with JavaScript off and no network.
 */
export function createChromiumPdfRenderer(executablePath: string) {
  let browser: Promise<Browser> | null = null;
  const launch = () =>
    (browser ??= chromium
      .launch({ executablePath, headless: true, args: ['--no-sandbox'] })
      .catch((error: unknown) => {
        browser = null;
        throw error;
      }));
  return {
    async render(html: string): Promise<Uint8Array> {
      const context = await (await launch()).newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          format: 'A4',
          landscape: true,
          printBackground: true,
          preferCSSPageSize: true,
        });
      } finally {
        await context.close();
      }
    },
    async close(): Promise<void> {
      const b = browser;
      browser = null;
      if (b !== null) {
        await (await b).close();
      }
    },
  };
}

export function chromiumPathFromEnv(env: NodeJS.ProcessEnv): string {
  return env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}
