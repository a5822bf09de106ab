// Electron main: wiring only. Every decision lives in a module beside this one, tested under Node.
import { diagnosticsShellDeps } from '../host/diagnostics-shell';
import {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  type WebContents,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { ipcEventChannel } from '#shared/host/client';
import type { HostEventSink } from '#shared/host/dispatch';
import { appHost, appOrigin, appScheme, isAppUrl } from '#shared/security/app-origin';
import { rendererCsp } from '#shared/security/csp';
import { createHostServices, type HostServices } from '../host/host-handlers';
import { createSecretStore, safeStorageCipher } from '../host/secret-store';
import { extraPortPathsFromEnv, listOsSerialPorts, openNodeSerialLink } from '../host/node-serial';
import { answerAppRequest } from './app-protocol';
import { registerHostIpc } from './ipc-register';
import { createElectronPdfRenderer } from './print-to-pdf';
import { decideNavigation, isInAppNavigation, isPermissionAllowed } from './security';
import { createAppWindow } from './window-options';

const rendererDir = join(__dirname, '..', 'dist-renderer');
const syncServiceUrl = process.env['WRM_SYNC_URL'] ?? null;
const csp = rendererCsp(syncServiceUrl === null ? [] : [new URL(syncServiceUrl).origin]);

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

function log(message: string): void {
  process.stderr.write(`[wrm-field main] ${message}\n`);
}

async function readRendererFile(relativePath: string): Promise<Uint8Array | null> {
  const full = normalize(join(rendererDir, relativePath));
  if (!full.startsWith(rendererDir + sep)) {
    return null;
  }
  try {
    return await readFile(full);
  } catch {
    return null;
  }
}

const windows = new Set<WebContents>();
const emit: HostEventSink = (event, payload) => {
  for (const contents of windows) {
    if (!contents.isDestroyed() && isAppUrl(contents.getURL())) {
      contents.send(ipcEventChannel(event), payload);
    }
  }
};

function createWindow(): void {
  const win = createAppWindow(BrowserWindow, join(__dirname, 'preload.cjs'));
  const contents = win.webContents;
  windows.add(contents);
  contents.on('destroyed', () => windows.delete(contents));
  contents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url).openExternally) {
      void shell.openExternal(url);
    }
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isInAppNavigation(url)) {
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isInAppNavigation(url)) {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${appOrigin}/index.html`);
}

app.enableSandbox();

/** The host services, until quitting has closed them. */
let services: HostServices | null = null;

void app.whenReady().then(() => {
  protocol.handle(appScheme, async (request) => {
    const answer = await answerAppRequest(request.method, request.url, readRendererFile, csp);
    return new Response(answer.body as ConstructorParameters<typeof Response>[0], {
      status: answer.status,
      headers: answer.headers,
    });
  });
  const appSession = session.defaultSession;
  appSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isPermissionAllowed(permission, contents.getURL()));
  });
  appSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  appSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });

  services = createHostServices({
    app: {
      shell: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      arch: process.arch,
      versions: {
        electron: process.versions.electron ?? '',
        chrome: process.versions.chrome ?? '',
        node: process.versions.node,
      },
      syncServiceUrl,
      locale: app.getLocale(),
      openExternal: (url) => shell.openExternal(url),
      log,
    },
    serial: { listRawPorts: listOsSerialPorts, extraPortPaths: () => extraPortPathsFromEnv(process.env) },
    gnss: { openLink: openNodeSerialLink },
    diagnostics: diagnosticsShellDeps(),
    secrets: createSecretStore(join(app.getPath('userData'), 'secrets.json'), safeStorageCipher(safeStorage)),
    emit,
    dataDir: app.getPath('userData'),
    resourcesDir: join(app.getAppPath(), 'resources'),
    renderPdf: createElectronPdfRenderer(BrowserWindow),
  });
  registerHostIpc(ipcMain, services.handlers, isAppUrl, log);
  log(`serving ${appOrigin} (${appHost}) from ${rendererDir}`);
  createWindow();
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isInAppNavigation(url)) {
      event.preventDefault();
    }
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.on('window-all-closed', () => {
  app.quit();
});

// Quitting waits once for the host services to let go: serial ports released, timers stopped.
app.on('will-quit', (event) => {
  const open = services;
  if (open === null) {
    return;
  }
  services = null;
  event.preventDefault();
  void open.close().finally(() => app.quit());
});
