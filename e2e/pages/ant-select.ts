import { expect, type Page } from '@playwright/test';

/**
 * Picks an option of an Ant Design select and waits until the select shows it. On a busy machine a
 * click can land while the dropdown is still opening and pick nothing, so the pick is retried until
 * the select really holds the label.
 */
export async function chooseOption(page: Page, testId: string, label: string): Promise<void> {
  const select = page.getByTestId(testId);
  await expect(async () => {
    const dropdown = page.locator('.ant-select-dropdown:visible');
    if ((await dropdown.count()) === 0) {
      await select.click();
    }
    await dropdown.getByTitle(label, { exact: true }).click({ timeout: 2_000 });
    await expect(select).toContainText(label, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}
