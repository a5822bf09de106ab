import { expect, type Locator, type Page } from '@playwright/test';

type MapTestWindow = {
  wrmMapTest?: { sitePoint(id: string): { x: number; y: number } | null; zoom(): number };
};

/** The 地图 page: side panel (search, filters, legend), base-map picker, the map, the offline-areas drawer. */
export class MapPage {
  constructor(readonly page: Page) {}

  /** Lets the map expose where it drew each site (off unless set before the app starts). */
  static async enableTestHooks(page: Page): Promise<void> {
    await page.addInitScript(() => window.sessionStorage.setItem('wrm.testHooks', '1'));
  }

  count(): Locator {
    return this.page.getByTestId('map-count');
  }

  /** Waits until the map lists at least `total` sites (the demo province loads on first start). */
  async waitForSites(total: number, timeout = 120_000): Promise<{ shown: number; total: number }> {
    await expect
      .poll(async () => (await this.counts()).total, { timeout, intervals: [1000] })
      .toBeGreaterThanOrEqual(total);
    return this.counts();
  }

  async counts(): Promise<{ shown: number; total: number }> {
    const text = (await this.count().textContent()) ?? '';
    const numbers = [...text.matchAll(/\d[\d,]*/g)].map((m) => Number(m[0].replaceAll(',', '')));
    return { shown: numbers[0] ?? 0, total: numbers[1] ?? 0 };
  }

  async toggle(filter: 'below' | 'fault' | 'task'): Promise<void> {
    await this.page.getByTestId(`filter-${filter}`).click();
  }

  async search(text: string, option: RegExp | string): Promise<void> {
    await this.page.locator('.map-search input').first().fill(text);
    await this.page.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  }

  popup(): Locator {
    return this.page.getByTestId('site-popup');
  }

  async zoom(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as MapTestWindow).wrmMapTest?.zoom() ?? -1);
  }

  /** Clicks a site where the canvas layer drew it. */
  async clickSite(id: string): Promise<void> {
    const point = await this.page.evaluate(
      (siteId) => (window as unknown as MapTestWindow).wrmMapTest?.sitePoint(siteId) ?? null,
      id,
    );
    if (point === null) {
      throw new Error(`site ${id} is not drawn in the current view`);
    }
    const box = await this.page.locator('.map-canvas').boundingBox();
    if (box === null) {
      throw new Error('no map on the page');
    }
    await this.page.mouse.click(box.x + point.x, box.y + point.y);
  }

  async chooseBaseMap(label: string): Promise<void> {
    const option = this.page.locator('.ant-select-item-option').filter({ hasText: label }).first();
    // Opening the dropdown again if something took focus (and closed it) while it was animating in.
    await expect(async () => {
      if (!(await option.isVisible())) {
        await this.page.getByTestId('base-map').click();
      }
      await option.click({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    await expect(this.page.getByTestId('base-map')).toContainText(label);
  }

  tiles(from: 'area' | 'network' | 'none'): Locator {
    return this.page.locator(`.host-tile[data-tile="${from}"]`);
  }

  async openAreas(): Promise<Locator> {
    await this.page.getByTestId('open-areas').click();
    const drawer = this.page.getByTestId('areas-drawer');
    await expect(drawer).toBeVisible();
    return drawer;
  }
}
