import { expect, type Page } from '@playwright/test';
import { chooseOption } from './ant-select';

/** The patrol pages: check-in, the visit (checklist, readings, photos, fault, check-out). */
export class PatrolPage {
  constructor(readonly page: Page) {}

  async startAt(siteId: string): Promise<void> {
    await this.page.evaluate(
      (id) => (window.location.hash = `/patrols/new?siteId=${encodeURIComponent(id)}`),
      siteId,
    );
    // The demo province may still be loading into a fresh database.
    await expect(this.page.getByTestId('check-in-page')).toBeVisible({ timeout: 300_000 });
    await expect(this.page.getByTestId('demo-loading')).toBeHidden({ timeout: 300_000 });
  }

  async locate(): Promise<void> {
    await this.page.getByTestId('locate').click();
    await expect(this.page.getByTestId('check-in-distance')).toContainText('米');
  }

  async fillOperator(operator: string): Promise<void> {
    await this.page.getByTestId('operator-input').fill(operator);
  }

  async addCoworker(name: string): Promise<void> {
    const select = this.page.getByTestId('coworkers');
    await select.click();
    await select.locator('input').fill(name);
    await select.locator('input').press('Enter');
    await expect(select).toContainText(name);
  }

  async checkIn(): Promise<void> {
    await this.page.getByTestId('check-in').click();
    await expect(this.page.getByTestId('patrol-detail')).toBeVisible();
    await expect(this.page.getByTestId('patrol-status')).toHaveText('进行中');
  }

  item(id: string) {
    return this.page.getByTestId(`item-${id}`);
  }

  async pass(id: string): Promise<void> {
    await this.item(id).getByText('合格', { exact: true }).click();
    await expect(this.item(id).locator('.anticon-check-circle')).toBeVisible();
  }

  async fail(id: string, note: string): Promise<void> {
    await this.item(id).getByText('不合格', { exact: true }).click();
    await this.page.getByTestId(`note-${id}`).fill(note);
    await this.page.getByTestId(`save-${id}`).click();
    await expect(this.item(id).locator('.anticon-close-circle')).toBeVisible();
  }

  async selectElement(label: string): Promise<void> {
    await chooseOption(this.page, 'reading-element', label);
  }

  async addReading(value: number): Promise<void> {
    await this.page.getByTestId('reading-value').fill(String(value));
    await this.page.getByTestId('reading-save').click();
  }

  async importPhotos(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.getByTestId('photo-input').setInputFiles(files);
  }

  async checkOut(): Promise<void> {
    await this.page.getByTestId('check-out').click();
    await expect(this.page.getByTestId('patrol-status')).toHaveText('已签退');
  }
}
