import { expect, type Locator, type Page } from '@playwright/test';

/** 诊断 page: site, port, connection, the protocol tabs and saving the session. */
export class DiagnosticsPage {
  constructor(readonly page: Page) {}

  /** Opens the page for a site; the demo province may still be loading into a fresh database. */
  async openFor(siteId: string): Promise<void> {
    await this.page.evaluate(
      (id) => (window.location.hash = `/diagnostics?siteId=${encodeURIComponent(id)}`),
      siteId,
    );
    await expect(this.page.getByTestId('diagnostics-page')).toBeVisible({ timeout: 60_000 });
    await expect(this.page.getByTestId('demo-loading')).toHaveCount(0, { timeout: 300_000 });
  }

  byId(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  async pick(testId: string, option: string | RegExp): Promise<void> {
    await this.byId(testId).click();
    await this.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
  }

  /** The port field's text input (the field takes a listed port or any typed name). */
  async portInput(): Promise<Locator> {
    const field = this.byId('diag-port');
    return (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
  }

  /** Types or pastes a port name by hand, as a crew does for a port the OS does not list. */
  async typePort(path: string): Promise<void> {
    const input = await this.portInput();
    await input.fill(path);
    await input.press('Escape');
    await expect(input).toHaveValue(path);
  }

  async choosePort(path: string): Promise<void> {
    await this.typePort(path);
  }

  async tab(label: string): Promise<void> {
    await this.page.getByRole('tab', { name: label }).click();
  }

  async detect(): Promise<void> {
    await this.byId('diag-detect').click();
    await expect(this.byId('diag-detect-found')).toBeVisible({ timeout: 60_000 });
    await expect(this.byId('diag-line-state')).toContainText('已连接');
  }

  async readProfile(profileName: string | RegExp): Promise<void> {
    await this.pick('diag-profile', profileName);
    await this.byId('diag-read-profile').click();
    await expect(this.byId('diag-profile-values')).toBeVisible();
  }

  /** Duplicates the chosen profile, sets one register's scale in the form and saves the copy. */
  async saveCopyWithScale(row: number, scale: number): Promise<void> {
    await this.byId('diag-profile-duplicate').click();
    await expect(this.byId('profile-registers')).toBeVisible();
    const field = this.byId(`profile-row-${row}-scale`);
    const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
    await input.fill(String(scale));
    await expect(this.byId('profile-issues')).toHaveCount(0);
  }

  async saveProfileEdit(): Promise<void> {
    await this.page.locator('#profile-save').click();
    await expect(this.byId('profile-registers')).toHaveCount(0);
  }

  async connect(): Promise<void> {
    await this.byId('diag-connect').click();
    await expect(this.byId('diag-line-state')).toContainText('已连接');
  }

  async disconnect(): Promise<void> {
    await this.byId('diag-disconnect').click();
    await expect(this.byId('diag-line-state')).toContainText('未连接');
  }

  async save(summary: string): Promise<void> {
    await this.byId('diag-summary').fill(summary);
    await this.byId('diag-save').click();
    await expect(this.byId('diag-saved')).toBeVisible();
  }
}
