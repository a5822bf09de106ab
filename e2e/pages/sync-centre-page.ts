import { expect, type Page } from '@playwright/test';
import type { WebShell } from '../web-shell';
import { AppShellPage } from './app-shell-page';

export type DemoAccount = { username: string; password: string; role: string; scope: string };

/** Demo accounts the embedded service printed when it seeded the demo province. */
export function demoAccounts(shell: WebShell): DemoAccount[] {
  return [...shell.output().matchAll(/demo account: (\S+) \/ (\S+) \((\w+), region (\d+)\)/g)].map((m) => ({
    username: m[1]!,
    password: m[2]!,
    role: m[3]!,
    scope: m[4]!,
  }));
}

/** The 同步 Sync centre and its enrolment form. */
export class SyncCentrePage {
  readonly app: AppShellPage;
  constructor(
    readonly page: Page,
    readonly shell: WebShell,
  ) {
    this.app = new AppShellPage(page, shell);
  }

  /** Opens the app with the test hooks on (field events through the app's own write path). */
  async open(): Promise<void> {
    await this.page.addInitScript(() => window.sessionStorage.setItem('wrm.testHooks', '1'));
    await this.app.open();
    await this.app.goTo('同步');
    await expect(this.page.getByTestId('sync-centre')).toBeVisible();
  }

  phase() {
    return this.page.getByTestId('sync-phase');
  }

  row(key: string) {
    return this.page.locator(`.sync-row-${key}`);
  }

  async enrollWithPassword(username: string, password: string, deviceName: string): Promise<void> {
    await this.page.getByTestId('enroll-mode').getByText('账号密码').click();
    await this.page.getByTestId('enroll-device-name').fill(deviceName);
    await this.page.getByTestId('enroll-username').fill(username);
    await this.page.getByTestId('enroll-password').fill(password);
    await this.page.getByTestId('enroll-submit').click();
  }

  async enrollWithCode(code: string, deviceName: string): Promise<void> {
    await this.page.getByTestId('enroll-device-name').fill(deviceName);
    await this.page.getByTestId('enroll-code').fill(code);
    await this.page.getByTestId('enroll-submit').click();
  }

  /** Until every collection's replication is idle (the app's own awaitInSync). */
  async settle(): Promise<void> {
    await this.page.evaluate(() =>
      (
        window as unknown as { wrmSyncTestHooks: { awaitInSync(): Promise<void> } }
      ).wrmSyncTestHooks.awaitInSync(),
    );
  }

  async retryNow(): Promise<void> {
    await this.page.getByTestId('sync-retry').click();
  }

  /** Blocks (or unblocks) every request to the sync service: the laptop is offline. */
  async blockService(blocked: boolean): Promise<void> {
    const pattern = `${this.shell.syncUrl}/**`;
    if (blocked) {
      await this.page.route(pattern, (route) => route.abort('internetdisconnected'));
    } else {
      await this.page.unroute(pattern);
    }
  }
}
