import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Why the libmodbus helpers cannot be built here (missing compiler, pkg-config or libmodbus-dev), or null. */
export function libmodbusMissing(): string | null {
  for (const tool of ['cc', 'pkg-config']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      return `${tool} is not installed (apt-get install build-essential pkg-config)`;
    }
  }
  if (spawnSync('pkg-config', ['--exists', 'libmodbus']).status !== 0) {
    return 'libmodbus is not installed (apt-get install libmodbus-dev)';
  }
  return null;
}

/**
 * Compiles electron/host/testing/<name>.c against libmodbus into a temp dir and returns the binary's
 * path; throws with the compiler's output if it fails.
 */
export function buildLibmodbusTool(name: 'libmodbus-slave' | 'libmodbus-master'): string {
  const out = join(mkdtempSync(join(tmpdir(), 'wrm-libmodbus-')), name);
  const flags = spawnSync('pkg-config', ['--cflags', '--libs', 'libmodbus'], { encoding: 'utf8' })
    .stdout.trim()
    .split(/\s+/);
  const built = spawnSync('cc', ['-O2', '-Wall', '-o', out, join(here, `${name}.c`), ...flags], {
    encoding: 'utf8',
  });
  if (built.status !== 0) {
    throw new Error(`cc failed building ${name}: ${built.stderr}`);
  }
  return out;
}

/** Starts the libmodbus slave on `device` and resolves once it says "ready". */
export function startLibmodbusSlave(
  binary: string,
  device: string,
  baud: number,
  parity: 'N' | 'E' | 'O',
  unitId: number,
): Promise<ChildProcess> {
  const child = spawn(binary, [device, String(baud), parity, String(unitId)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`libmodbus slave exited (${String(code)}): ${stderr}`)));
  });
}
