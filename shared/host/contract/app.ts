import { z } from 'zod';
import { method } from './define';

export const shellKinds = ['electron', 'web'] as const;
export type ShellKind = (typeof shellKinds)[number];

export type AppInfo = {
  readonly name: string;
  readonly version: string;
  readonly shell: ShellKind;
  readonly platform: string;
  readonly arch: string;
  readonly versions: Readonly<Record<string, string>>;
  /** The sync service the app talks to by default (the embedded one under `npm start`). */
  readonly syncServiceUrl: string | null;
  readonly locale: string;
};

export const appMethods = {
  'app.info': method<AppInfo>()(z.object({}).strict()),
  /** Opens a URL in the system browser, but only if it passes the external-URL allow-list. */
  'app.openExternal': method<{ readonly opened: boolean }>()(
    z.object({ url: z.string().min(1).max(2048) }).strict(),
  ),
};

export const appEvents = {};
