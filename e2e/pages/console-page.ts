import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The operator console (served by the sync service at /console/), as an operator uses it. */
export class ConsolePage {
  constructor(
    readonly page: Page,
    readonly serviceUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.serviceUrl}/console/`);
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码').fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
    await expect(this.page.getByTestId('signed-in-as')).toBeVisible();
  }

  async go(screen: '设备' | '用户' | '站册导入' | '待审核' | '审计日志' | '月报下载'): Promise<void> {
    await this.page.getByRole('menuitem', { name: screen }).click();
  }

  table(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  row(testId: string, text: string): Locator {
    return this.table(testId).locator('tbody tr').filter({ hasText: text });
  }

  /** Issues an enrolment code for a user and a laptop; answers the dialog showing the QR code. */
  async enrol(userLabel: string, laptop: string): Promise<Locator> {
    await this.page.getByRole('button', { name: '登记笔记本' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('用户').click();
    await this.page.locator('.ant-select-dropdown:visible').getByText(userLabel).click();
    await dialog.getByLabel('笔记本名称').fill(laptop);
    await dialog.getByRole('button', { name: '生成登记码' }).click();
    await expect(dialog.getByTestId('enrolment-qr')).toBeVisible();
    return dialog;
  }

  async createUser(user: {
    username: string;
    displayName: string;
    scope: string;
    password: string;
  }): Promise<void> {
    await this.page.getByRole('button', { name: '新建用户' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(user.username);
    await dialog.getByLabel('姓名').fill(user.displayName);
    await dialog.getByLabel('辖区').fill(user.scope);
    await dialog.getByLabel('初始密码').fill(user.password);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(this.page.getByText(`已创建用户 ${user.username}`)).toBeVisible();
  }

  async importRegistry(name: string, csv: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: '选择文件并导入' }).click();
    await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  }

  async downloadReport(region: string, month: string): Promise<Download> {
    await this.page.getByLabel('行政区划代码').fill(region);
    await this.page.getByLabel('月份').fill(month);
    const download = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: '下载 XLSX' }).click();
    return download;
  }

  /** A request to the service with this page's session, as a curious operator could send it. */
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; code: string | null }> {
    return this.page.evaluate(
      async ({ method, path, body }) => {
        const token = sessionStorage.getItem('wrm.console.token');
        const response = await fetch(path, {
          method,
          headers: {
            authorization: `Bearer ${token ?? ''}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const json = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
        return { status: response.status, code: json.error?.code ?? null };
      },
      { method, path, body },
    );
  }
}
