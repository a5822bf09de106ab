import { diagnosticsShellDeps } from '../host/diagnostics-shell';
import { join } from 'node:path';
import { chromiumPathFromEnv, createChromiumPdfRenderer } from '../host/chromium-pdf';
import { createHostServices, type HostServices } from '../host/host-handlers';
import { createSecretStore, userOnlyFileCipher } from '../host/secret-store';
import { extraPortPathsFromEnv, listOsSerialPorts, openNodeSerialLink } from '../host/node-serial';
import { startWebHost, type WebHost } from './web-host';

export type WebShellOptions = {
  readonly staticDir: string;
  readonly dataDir: string;
  readonly version: string;
  readonly syncServiceUrl: string | null;
  readonly port?: number;
  readonly log: (message: string) => void;
  /** The app's resources folder; defaults to `resources/` beside the renderer build. */
  readonly resourcesDir?: string;
};

/** The web shell: the same host services as Electron main, wired to the loopback web host. */
export async function launchWebShell(options: WebShellOptions): Promise<WebHost> {
  // Reports print through the system's Chromium, started on the first export only.
  const pdf = createChromiumPdfRenderer(chromiumPathFromEnv(process.env));
  let services: HostServices | null = null;
  const host = await startWebHost({
    staticDir: options.staticDir,
    port: options.port ?? 0,
    connectOrigins: options.syncServiceUrl === null ? [] : [new URL(options.syncServiceUrl).origin],
    log: options.log,
    createHandlers: (emit) => {
      services = createHostServices({
        app: {
          shell: 'web',
          version: options.version,
          platform: process.platform,
          arch: process.arch,
          versions: { node: process.versions.node },
          syncServiceUrl: options.syncServiceUrl,
          locale: Intl.DateTimeFormat().resolvedOptions().locale,
          // The web shell has no OS hand-off: external links stay refused.
          openExternal: null,
          log: options.log,
        },
        serial: { listRawPorts: listOsSerialPorts, extraPortPaths: () => extraPortPathsFromEnv(process.env) },
        gnss: { openLink: openNodeSerialLink },
        diagnostics: diagnosticsShellDeps(),
        secrets: createSecretStore(join(options.dataDir, 'host', 'secrets.json'), userOnlyFileCipher),
        emit,
        dataDir: join(options.dataDir, 'host'),
        resourcesDir: options.resourcesDir ?? join(options.staticDir, '..', 'resources'),
        renderPdf: (html) => pdf.render(html),
      });
      return services.handlers;
    },
  });
  return {
    ...host,
    // Ports released and timers stopped first, then the socket server: nothing keeps the process up.
    close: async () => {
      await services?.close();
      await pdf.close();
      await host.close();
    },
  };
}
