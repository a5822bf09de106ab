import { createRoot } from 'react-dom/client';
import type { HostClient } from '../../shared/host/client';
import type { ShellKind } from '../../shared/host/contract/index';
import { App } from './app/App';
import { statusStore } from './app/status-store';
import { createElectronHostClient } from './host/electron-host-client';
import { createWebHostClient, takeLaunchToken, webHostSocketUrl } from './host/web-host-client';
import { createI18n, storedLanguage } from './i18n/index';
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
  createRoot(root).render(
    <App host={connection.host} shell={connection.shell} i18n={i18n} initialLanguage={language} />,
  );
}

void start();
