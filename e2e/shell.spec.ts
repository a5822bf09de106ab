import { expect, test } from './fixtures';
import { navLabels } from './pages/app-shell-page';

test('the web shell opens, talks to the host over the token-guarded socket, and switches language', async ({
  app,
  page,
  shell,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') {
      consoleErrors.push(m.text());
    }
  });
  await app.open();

  // zh-CN is the default: every nav entry in Chinese.
  for (const label of navLabels['zh-CN']) {
    await expect(app.nav().getByText(label, { exact: true })).toBeVisible();
  }
  await expect(app.statusBar()).toContainText('待上传 0');
  await expect(app.statusBar()).toContainText('未连接串口');
  // The token left the address bar once taken.
  expect(page.url()).not.toContain('token=');

  // app.info through the real WebSocket bridge, shown on the Settings page.
  await app.goTo('设置');
  await expect(page.getByTestId('app-version')).toHaveText('0.1.0');
  await expect(page.getByTestId('app-shell')).toHaveText('网页壳');

  // And called directly over the same socket from the page, with a malformed call beside it.
  const direct = await page.evaluate(async () => {
    const token = sessionStorage.getItem('wrm.webHostToken');
    const ws = new WebSocket(`ws://${location.host}/host?token=${token ?? ''}`);
    await new Promise((r) => (ws.onopen = r));
    const ask = (frame: unknown) =>
      new Promise<unknown>((resolve) => {
        ws.onmessage = (m: MessageEvent<string>) => resolve(JSON.parse(m.data));
        ws.send(JSON.stringify(frame));
      });
    const info = await ask({ t: 'call', id: 1, method: 'app.info', args: {} });
    const bad = await ask({ t: 'call', id: 2, method: 'app.openExternal', args: { url: 7 } });
    ws.close();
    return { info, bad };
  });
  expect(direct.info).toMatchObject({
    id: 1,
    result: { ok: true, value: { name: 'wrm-field', shell: 'web', syncServiceUrl: shell.syncUrl } },
  });
  expect(direct.bad).toMatchObject({ id: 2, result: { ok: false, error: { code: 'invalid-argument' } } });

  await page.screenshot({ path: 'docs/screenshots/shell-zh-CN.png' });

  await app.switchLanguage('English');
  for (const label of navLabels['en-US']) {
    await expect(app.nav().getByText(label, { exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('app-shell')).toHaveText('Web shell');
  await expect(app.statusBar()).toContainText('0 pending upload(s)');
  await page.screenshot({ path: 'docs/screenshots/shell-en-US.png' });

  // The choice survives a reload.
  await page.reload();
  await expect(app.nav().getByText('Settings', { exact: true })).toBeVisible();
  await app.switchLanguage('简体中文');
  await expect(app.nav().getByText('设置', { exact: true })).toBeVisible();

  expect(consoleErrors).toEqual([]);
});

test('a page without the launch token gets no host', async ({ page, shell }) => {
  await page.goto(shell.origin);
  await expect(page.locator('#root')).toHaveText('本机服务未连接');
  const refused = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/host?token=guess`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
  );
  expect(refused).toBe('refused');
});
