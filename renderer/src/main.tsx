import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import type { HostClient } from '#shared/host/client';
import type { ShellKind } from '#shared/host/contract/index';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App';
import { statusStore } from './app/status-store';
import { createElectronHostClient } from './host/electron-host-client';
import { DatabaseErrorScreen } from './db/DatabaseErrorScreen';
import { demoSeedEnabled, demoSiteCount, seedDemoProvinceIfEmpty } from './db/demo-seed';
import { installTestHooks, openDeviceDatabase } from './db/startup';
import { createWebHostClient, takeLaunchToken, webHostSocketUrl } from './host/web-host-client';
import { createI18n, storedLanguage } from './i18n/index';
import { startPolicyRuntime } from './policy/index';
import { startSyncRuntime } from './sync/runtime';
import { storedChoice } from './app/launch-choice';
import './styles.css';

function connectHost(): { host: HostClient; shell: ShellKind } | null {
  if (window.wrmHost !== undefined) {
    return { host: createElectronHostClient(window.wrmHost), shell: 'electron' };
  }
  const token = takeLaunchToken(window.location, window.sessionStorage, window.history);
  if (token === null) {
    return null;
  }
  const host = createWebHostClient({
    socketUrl: webHostSocketUrl(window.location, token),
    onConnectionChange: (connected) => statusStore.update({ hostConnected: connected }),
  });
  return { host, shell: 'web' };
}

// zod compiles fast parsers with `new Function` when it may; the CSP forbids eval, so tell it not to
// try (the attempt alone would log a CSP violation).
z.config({ jitless: true });

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (root === null) {
    return;
  }
  const language = storedLanguage(window.localStorage);
  document.documentElement.lang = language;
  const i18n = await createI18n(language);
  const connection = connectHost();
  if (connection === null) {
    // Opened without the launch URL: no host, so say how to get one instead of a blank page.
    root.textContent = i18n.t('common:status.hostDisconnected');
    return;
  }
  window.addEventListener('online', () => statusStore.update({ online: true }));
  window.addEventListener('offline', () => statusStore.update({ online: false }));
  connection.host.subscribe('serial.connection', (serial) => statusStore.update({ serial }));
  root.textContent = i18n.t('database:opening');
  // Marks for start-up measurements (`npm run bench:cold-start` reads them through the browser).
  performance.mark('wrm:database-opening');
  const database = await openDeviceDatabase(connection.host);
  performance.mark('wrm:database-open');
  if (!database.ok) {
    // Reported, never reset: the crew's unsynced records may be in there.
    createRoot(root).render(
      <I18nextProvider i18n={i18n}>
        <ConfigProvider locale={language === 'zh-CN' ? zhCN : enUS}>
          <DatabaseErrorScreen error={database.error} />
        </ConfigProvider>
      </I18nextProvider>,
    );
    return;
  }
  installTestHooks(database.value, window.sessionStorage);
  // Replication with the sync service (once this laptop is enrolled; the Sync centre enrols it).
  const syncController = startSyncRuntime(database.value, connection.host);
  startPolicyRuntime(syncController, connection.host);
  // Until the sync service serves the province, an empty database gets the demo province — never on an
  // enrolled laptop, whose reference records come from its province's service alone.
  // Nor on a laptop whose crew chose to enrol it: its first sync fills the database, and a demo load
  // beside it would compete for the disk and the cores (a load already running stops when they choose).
  const token = await connection.host.call('secrets.get', { name: 'device-token' });
  const enrolled = token.ok && token.value.value !== null;
  if (!enrolled && storedChoice() !== 'enrol' && demoSeedEnabled(window.sessionStorage)) {
    // After the first paint, when the window is idle: the load runs in the background.
    const db = database.value;
    const sites = demoSiteCount(window.sessionStorage);
    const shouldStop = () => storedChoice() === 'enrol' || syncController.store.get().settings !== null;
    window.requestIdleCallback(() => void seedDemoProvinceIfEmpty(db, { sites, shouldStop }), {
      timeout: 2000,
    });
  }
  root.textContent = '';
  createRoot(root).render(
    <App
      host={connection.host}
      db={database.value}
      shell={connection.shell}
      i18n={i18n}
      initialLanguage={language}
    />,
  );
}

void start();
