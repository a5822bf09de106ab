import { expect, type Locator, type Page } from '@playwright/test';

/** 站点 page: filters, the virtual table, and the site detail page it opens. */
export class SitesPage {
  constructor(readonly page: Page) {}

  table(): Locator {
    return this.page.getByTestId('sites-table');
  }

  rows(): Locator {
    return this.table().locator('.site-row');
  }

  count(): Locator {
    return this.page.getByTestId('site-count');
  }

  /** Waits until the demo province is loaded and listed (`显示 N / N 个站点`). */
  async waitForSites(total: number): Promise<void> {
    await expect(this.count()).toHaveText(new RegExp(`/ ${total} `), { timeout: 120_000 });
    await expect(this.page.getByTestId('demo-loading')).toHaveCount(0, { timeout: 120_000 });
  }

  async choose(testId: string, text: string): Promise<void> {
    await this.page.getByTestId(testId).click();
    await this.page.keyboard.type(text);
    await this.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
      .first()
      .click();
    await this.page.keyboard.press('Escape');
  }

  async pick(testId: string, option: string): Promise<void> {
    await this.page.getByTestId(testId).click();
    await this.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
  }
}
