import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the Electron binary would be, without touching `require('electron')` (which starts a download
 * when the binary is missing). Returns the path, or why there is none.
 */
export function findElectronBinary(root: string): { path: string } | { missing: string } {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing:
        'the Electron binary has not been downloaded (run `npm run electron:install` where its host is reachable)',
    };
  }
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary is missing at ${binary}` };
}
