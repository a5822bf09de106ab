import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type WebShell = {
  /** The launch URL with the token in its fragment. */
  readonly url: string;
  readonly origin: string;
  readonly syncUrl: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
};

const root = resolve(import.meta.dirname, '..');

/**
 * Starts the real web shell the way `npm start` does (sync service + web host as a child process,
 * on ephemeral ports, with its own data folder) and waits for the URL it prints.
 */
export async function startWebShell(
  options: {
    dataDir?: string;
    env?: NodeJS.ProcessEnv;
    /** Extra arguments of scripts/start.ts (e.g. `--sync-url` to join another shell's service). */
    args?: readonly string[];
    /** Seed the sync service with the demo province and demo accounts (slow; off by default). */
    demo?: boolean;
  } = {},
): Promise<WebShell> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wrm-e2e-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/start.ts',
      '--web',
      '--data',
      dataDir,
      ...(options.demo ? [] : ['--no-demo']),
      ...(options.args ?? []),
    ],
    {
      cwd: root,
      env: { ...process.env, CI: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // Seeding the demo province on a loaded machine can take minutes.
  const deadline = Date.now() + (options.demo ? 300_000 : 120_000);
  while (Date.now() < deadline) {
    const web = /web shell: (http:\/\/\S+)/.exec(out);
    const sync = /sync service: (http:\/\/\S+)/.exec(out);
    if (web?.[1] && sync?.[1]) {
      const url = web[1];
      return {
        url,
        origin: new URL(url).origin,
        syncUrl: sync[1],
        dataDir,
        process: child,
        output: () => out,
        stop: () =>
          new Promise((resolveStop) => {
            if (child.exitCode !== null) {
              resolveStop();
              return;
            }
            child.once('exit', () => resolveStop());
            child.kill('SIGTERM');
          }),
      };
    }
    if (child.exitCode !== null) {
      throw new Error(`web shell exited early (${child.exitCode}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`web shell did not print its URL in time:\n${out}`);
}
