import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** Two connected pseudo-terminals from `socat`: what one end writes, the other reads. */
export type PtyPair = {
  readonly a: string;
  readonly b: string;
  /** Kills socat: both paths vanish, as when a USB adapter is unplugged. */
  close(): Promise<void>;
};

/** Whether a command-line tool is installed; the reason to print when a test must skip without it. */
export function missingTool(command: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? null : `${command} is not installed (apt-get install ${command})`;
}

/**
 * Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and reads the two /dev/pts paths it announces
 * on stderr ("N PTY is /dev/pts/3"). Rejects with socat's own words if it fails to start in time.
 */
export function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const socat: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  void exit.then(() => {
    exited = true;
  });
  const close = async () => {
    if (!exited) {
      socat.kill('SIGTERM');
      await exit;
    }
  };
  return new Promise<PtyPair>((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat did not announce two ptys within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    socat.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start socat: ${error.message}`));
    });
    socat.stderr?.setEncoding('utf8');
    socat.stderr?.on('data', (text: string) => {
      stderr += text;
      const paths = [...stderr.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1] ?? '');
      // "starting data transfer loop" means both ends are open and the relay runs.
      if (paths.length >= 2 && stderr.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve({ a: paths[0] ?? '', b: paths[1] ?? '', close });
      }
    });
    socat.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${String(code)}) before the ptys were ready: ${stderr.trim()}`));
    });
  });
}
