// Runs electronegativity over the Electron sources and fails on any HIGH or CRITICAL finding (the
// tool itself always exits 0). The Electron version is given so it runs offline.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export type Finding = {
  readonly check: string;
  readonly severity: string;
  readonly file: string;
  readonly location: string;
};

/** Parses electronegativity's CSV report (quoted fields, header first). */
export function parseFindings(csv: string): Finding[] {
  const rows = csv
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim().length > 0);
  return rows.map((line) => {
    const cells =
      line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
    return {
      check: cells[0] ?? '',
      severity: (cells[1] ?? '').toUpperCase(),
      file: cells[3] ?? '',
      location: cells[4] ?? '',
    };
  });
}

export function blocking(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = join('.ci-out', 'electronegativity.csv');
  mkdirSync('.ci-out', { recursive: true });
  rmSync(out, { force: true });
  const electronVersion = (
    JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }
  ).version;
  execFileSync('npx', ['electronegativity', '-i', 'electron', '-r', electronVersion, '-o', out], {
    stdio: 'ignore',
  });
  const findings = parseFindings(readFileSync(out, 'utf8'));
  const bad = blocking(findings);
  console.log(`electronegativity: ${findings.length} finding(s), ${bad.length} high or critical`);
  for (const f of bad) {
    console.log(`  ${f.severity} ${f.check} ${f.file}:${f.location}`);
  }
  process.exit(bad.length === 0 ? 0 : 1);
}
