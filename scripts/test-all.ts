// `npm test`: every check the project has, in order, and one closing line `N passed, N failed`.
// Each gate (typecheck, lint, format, knip, build, electronegativity) counts as one; Vitest and Playwright
// count their own tests. Skipped tests are reported as skipped, never as passed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = '.ci-out';
mkdirSync(out, { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const lines: string[] = [];

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  const started = Date.now();
  console.log(`\n━━ ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  lines.push(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function gate(name: string, command: string, args: string[]): void {
  if (run(name, command, args)) {
    passed += 1;
  } else {
    failed += 1;
  }
}

type VitestJson = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
  success: boolean;
};
type PlaywrightJson = { stats: { expected: number; unexpected: number; skipped: number; flaky: number } };

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

gate('typecheck', 'npx', ['tsc', '-b']);
gate('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
gate('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
gate('knip (no unused files, exports or dependencies)', 'npx', ['knip', '--no-progress']);
const built = run('build', 'npm', ['run', 'build']);
if (built) {
  passed += 1;
} else {
  failed += 1;
}
gate('electronegativity (no high/critical findings)', 'npx', ['tsx', 'scripts/electronegativity-gate.ts']);

const vitestOut = join(out, 'vitest.json');
rmSync(vitestOut, { force: true });
const vitestRan = run('unit and integration tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${vitestOut}`,
]);
const vitest = readJson<VitestJson>(vitestOut);
if (vitest === null) {
  failed += 1;
  lines.push('✗ vitest wrote no report');
} else {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (!vitestRan && vitest.numFailedTests === 0) {
    failed += 1; // a suite failed to load, or vitest itself failed
    lines.push('✗ vitest exited non-zero with no failed test (a file failed to load?)');
  }
}

const pwOut = join(out, 'playwright.json');
rmSync(pwOut, { force: true });
if (built) {
  run('end-to-end (playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwOut,
  });
  const pw = readJson<PlaywrightJson>(pwOut);
  if (pw === null || !existsSync(pwOut)) {
    failed += 1;
    lines.push('✗ playwright wrote no report');
  } else {
    passed += pw.stats.expected + pw.stats.flaky;
    failed += pw.stats.unexpected;
    skipped += pw.stats.skipped;
  }
} else {
  failed += 1;
  lines.push('✗ end-to-end not run: the build failed');
}

console.log('\n━━ summary');
for (const line of lines) {
  console.log(line);
}
if (skipped > 0) {
  console.log(`${skipped} skipped (not counted as passed)`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
