import type { AppInfo, ShellKind } from '#shared/host/contract/index';
import type { HostHandlers } from '#shared/host/dispatch';
import { canOpenExternal } from '#shared/security/external-url';

export type AppServiceDeps = {
  readonly shell: ShellKind;
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly syncServiceUrl: string | null;
  readonly locale: string;
  /** The OS hand-off (Electron's `shell.openExternal`; the web shell has none and refuses). */
  readonly openExternal: ((url: string) => Promise<void>) | null;
  readonly log: (message: string) => void;
};

export function createAppHandlers(deps: AppServiceDeps): Pick<HostHandlers, 'app.info' | 'app.openExternal'> {
  return {
    'app.info': (): AppInfo => ({
      name: 'wrm-field',
      version: deps.version,
      shell: deps.shell,
      platform: deps.platform,
      arch: deps.arch,
      versions: deps.versions,
      syncServiceUrl: deps.syncServiceUrl,
      locale: deps.locale,
    }),
    'app.openExternal': async ({ url }) => {
      if (!canOpenExternal(url) || deps.openExternal === null) {
        deps.log(`openExternal refused: ${url}`);
        return { opened: false };
      }
      await deps.openExternal(url);
      return { opened: true };
    },
  };
}
