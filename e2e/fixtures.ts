import { test as base } from '@playwright/test';
import { AppShellPage } from './pages/app-shell-page';
import { startWebShell, type WebShell } from './web-shell';

type Fixtures = { shell: WebShell; app: AppShellPage };

/** Every spec gets a fresh web shell (own data folder and ports) and a page model opened on it. */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  shell: async ({}, use) => {
    const shell = await startWebShell();
    await use(shell);
    await shell.stop();
  },
  app: async ({ page, shell }, use) => {
    const app = new AppShellPage(page, shell);
    await use(app);
  },
});

export { expect } from '@playwright/test';
