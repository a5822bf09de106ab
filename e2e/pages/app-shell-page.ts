import { expect, type Page } from '@playwright/test';
import type { WebShell } from '../web-shell';

export const navLabels = {
  'zh-CN': ['地图', '任务', '站点', '巡查', '故障', '诊断', '同步', '设置'],
  'en-US': ['Map', 'Tasks', 'Sites', 'Patrols', 'Faults', 'Diagnostics', 'Sync', 'Settings'],
} as const;

/** The app frame: side navigation, header with the language switch, status bar. */
export class AppShellPage {
  constructor(
    readonly page: Page,
    readonly shell: WebShell,
  ) {}

  /**
   * Opens the app. A first launch asks to enrol or to explore the demo; unless `firstLaunch: 'ask'`,
   * the page has made that choice already (the demo), as a crew exploring it would have.
   */
  async open(options: { readonly firstLaunch?: 'ask' | 'demo' } = {}): Promise<void> {
    if ((options.firstLaunch ?? 'demo') === 'demo') {
      await this.page.addInitScript(() => {
        if (window.localStorage.getItem('wrm.launchChoice') === null) {
          window.localStorage.setItem('wrm.launchChoice', 'demo');
        }
      });
    }
    await this.page.goto(this.shell.url);
    await expect(this.page.getByTestId('side-nav')).toBeVisible();
  }

  nav() {
    return this.page.getByTestId('side-nav');
  }

  async goTo(label: string): Promise<void> {
    await this.nav().getByText(label, { exact: true }).click();
  }

  async switchLanguage(label: '简体中文' | 'English'): Promise<void> {
    await this.page.getByTestId('language-switch').getByText(label, { exact: true }).click();
  }

  statusBar() {
    return this.page.getByTestId('status-bar');
  }
}
