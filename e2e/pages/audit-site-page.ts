import { expect, type Locator, type Page } from '@playwright/test';

/** 数据审核 on the site page: the findings table, the chosen finding's chart and its actions. */
export class AuditSitePage {
  constructor(readonly page: Page) {}

  async open(siteId: string): Promise<void> {
    await this.page.evaluate((id) => (window.location.hash = `/sites/${id}`), siteId);
    await expect(this.section()).toBeVisible({ timeout: 60_000 });
  }

  section(): Locator {
    return this.page.getByTestId('site-audit');
  }

  /** The finding's row of one rule and element. */
  row(rule: string, element: string): Locator {
    return this.section().locator(
      `[data-testid="audit-finding-row"][data-rule="${rule}"][data-element="${element}"]`,
    );
  }

  detail(): Locator {
    return this.section().getByTestId('audit-detail');
  }

  async chooseAction(label: string): Promise<void> {
    await this.section().getByTestId('audit-action').getByText(label, { exact: true }).click();
  }

  async save(): Promise<void> {
    await this.section().getByTestId('audit-save').click();
  }

  async write(text: string): Promise<void> {
    await this.section().getByTestId('audit-text').fill(text);
  }

  refusal(): Locator {
    return this.section().getByTestId('audit-refusal');
  }

  status(): Locator {
    return this.detail().getByTestId('audit-detail-status');
  }
}
