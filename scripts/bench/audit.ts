// `npm run bench:audit [-- --sites 20000 --days 31]`: the data audit of a province's month — by default
// 20,000 sites (the demo mix: intakes with flow and volume hourly, water-quality stations with five
// elements every four hours, boundary sections with level and flow hourly) over 31 days — through the
// verdict core, once as a whole month per site and once incrementally day by day (the cursor carried),
// beside a naive peer of the same rules in the same run. Values are generated clean per site with a
// few planted anomalies, audited and dropped, so memory stays flat. Reading the values from PostgreSQL
// is not part of it. Writes its section of docs/benchmarks.md. A script, never a test.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRandom } from '../../shared/demo/random';
import { simulateCleanSeries } from '../../shared/monitoring/simulate-series';
import type { ElementCode, MonitoredValue } from '../../shared/monitoring/values';
import {
  auditChunk,
  auditRules,
  auditSeries,
  demoPolicy,
  mergeFindings,
  startAudit,
  type AuditFinding,
  type AuditRule,
  type AuditSite,
} from '../../shared/verdicts/index';
import { naiveAudit } from './audit-naive-peer';
import { machineLine, nowLine, writeBenchmarkSection } from './report';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const siteCount = option('sites', 20_000);
const days = option('days', 31);
const hourMs = 3_600_000;
const from = Date.UTC(2026, 9, 31, 16); // 2026-11-01 00:00 Beijing
const to = from + days * 24 * hourMs;
const now = to + 24 * hourMs;
const policy = demoPolicy;

const kinds: readonly (readonly [AuditSite['kind'], readonly ElementCode[], number, number])[] = [
  ['intake', ['flow', 'volume'], 60, 0.94],
  ['source_quality', ['ph', 'do', 'codmn', 'nh3n', 'tp'], 240, 0.04],
  ['boundary_section', ['level', 'flow'], 60, 0.02],
];

/** Plants a few anomalies (about one site in ten gets one) so the findings are not all zero. */
function plant(values: MonitoredValue[], site: AuditSite, seed: number): MonitoredValue[] {
  const r = createRandom(seed);
  if (!r.chance(0.1)) {
    return values;
  }
  const element = r.pick(site.elements);
  const at = from + r.int(24, days * 24 - 48) * hourMs;
  switch (r.int(0, 3)) {
    case 0:
      return values.filter((v) => !(v.element === element && v.time >= at && v.time < at + 3 * hourMs));
    case 1:
      return values.map((v) =>
        v.element === element && v.time === at ? { ...v, value: v.value * 4 + 50 } : v,
      );
    case 2:
      return values.map((v) =>
        v.element === element && v.time >= at ? { ...v, value: v.value - 1_000 } : v,
      );
    default:
      return [
        ...values,
        ...values
          .filter((v) => v.element === element && v.time === at)
          .map((v) => ({ ...v, source: 'file' as const })),
      ];
  }
}

function siteOf(i: number): AuditSite {
  const r = createRandom(i * 7919 + 1);
  const [kind, elements, interval] = r.weighted(kinds.map((k) => [k, k[3]] as const));
  return {
    code: `S${String(i).padStart(6, '0')}`,
    kind,
    reportIntervalMinutes: interval,
    allowedDelayMinutes: null,
    elements,
  };
}

const rulesCount = () => Object.fromEntries(auditRules.map((r) => [r, 0])) as Record<AuditRule, number>;
const timings = { generate: 0, full: 0, incremental: 0, naive: 0 };
const counts = { full: rulesCount(), incremental: rulesCount(), naive: rulesCount() };
let valuesTotal = 0;
let incrementalAgrees = 0;
let peakHeap = 0;
const load0 = loadavg()[0] ?? 0;

for (let i = 0; i < siteCount; i += 1) {
  const site = siteOf(i);
  let t = performance.now();
  const interval = site.reportIntervalMinutes ?? 60;
  const clean = simulateCleanSeries({
    siteCode: site.code,
    elements: site.elements,
    from,
    slots: (days * 24 * 60) / interval,
    intervalMinutes: interval,
    seed: i,
  });
  // Sorted by device time, as a store returns them (planted duplicates join their time).
  const values = plant(clean, site, i + 1_000_003).sort((a, b) => a.time - b.time);
  valuesTotal += values.length;
  timings.generate += performance.now() - t;

  t = performance.now();
  const full = auditSeries({ site, values, from, to, policy, now });
  timings.full += performance.now() - t;
  if (!full.ok) {
    throw new Error(full.error.message);
  }
  full.value.forEach((f) => (counts.full[f.rule] += 1));

  // Incremental: one chunk per day, as a daily run would see it (values arrive sorted by day).
  t = performance.now();
  let cursor = startAudit(site, from);
  let merged: AuditFinding[] = [];
  let k = 0;
  for (let d = 1; d <= days; d += 1) {
    const end = from + d * 24 * hourMs;
    const start = k;
    while (k < values.length && (values[k] as MonitoredValue).time < end) {
      k += 1;
    }
    const r = auditChunk({
      site,
      values: values.slice(start, k).filter((v) => v.time >= cursor.horizon),
      policy,
      now,
      cursor,
      to: end,
    });
    if (!r.ok) {
      throw new Error(r.error.message);
    }
    cursor = r.value.cursor;
    merged = r.value.findings.length > 0 ? mergeFindings(merged, r.value.findings) : merged;
  }
  timings.incremental += performance.now() - t;
  merged.forEach((f) => (counts.incremental[f.rule] += 1));
  if (JSON.stringify(merged) === JSON.stringify(mergeFindings([], full.value))) {
    incrementalAgrees += 1;
  }

  t = performance.now();
  naiveAudit(site, values, from, to, policy, now).forEach((f) => (counts.naive[f.rule] += 1));
  timings.naive += performance.now() - t;
  if (i % 1000 === 999 || i === siteCount - 1) {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    console.log(
      `${i + 1} sites: full ${(timings.full / 1000).toFixed(1)} s, incremental ${(timings.incremental / 1000).toFixed(1)} s, naive ${(timings.naive / 1000).toFixed(1)} s`,
    );
  }
}

const s = (ms: number) => (ms / 1000).toFixed(1);
const rate = (ms: number) => Math.round(valuesTotal / (ms / 1000)).toLocaleString('en-US');
const table = auditRules
  .map((r) => `| ${r} | ${counts.full[r]} | ${counts.incremental[r]} | ${counts.naive[r]} |`)
  .join('\n');
const markdown = `## Data audit: a province's month through the verdict core (\`npm run bench:audit\`)

Run ${nowLine()} on ${machineLine()}. Load average (1 min) ${load0.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end (the machine is shared).

**${siteCount.toLocaleString('en-US')} sites × ${days} days**, the demo mix (94 % intakes: flow and volume hourly; 4 % water-quality stations: five elements every 4 h; 2 % boundary sections: level and flow hourly) — **${valuesTotal.toLocaleString('en-US')} values**, generated clean per site (\`simulateCleanSeries\`) with an anomaly planted in about one site in ten (a gap, a spike, a counter set back, a duplicate), audited in memory and dropped. Reading the values from PostgreSQL is **not** included.

| audit | time | values/s | notes |
|---|---|---|---|
| ours, whole month per site (\`auditSeries\`) | **${s(timings.full)} s** | ${rate(timings.full)} | all nine rules |
| ours, incrementally day by day (\`auditChunk\`, cursor carried) | ${s(timings.incremental)} s | ${rate(timings.incremental)} | ${days} chunks per site; same findings as the whole month for ${incrementalAgrees.toLocaleString('en-US')} of ${siteCount.toLocaleString('en-US')} sites |
| naive peer, same rules written the obvious way | ${s(timings.naive)} s | ${rate(timings.naive)} | sorts each spike window afresh, filters all flow values per counter interval |
| (generating the values) | ${s(timings.generate)} s | | not part of any audit |

Findings per rule (whole month, incremental after storing by key, naive peer):

| rule | ours | ours, incremental | naive |
|---|---|---|---|
${table}

Peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB. Goal (issue 16): a province's month in ≤ 60 s on this machine — **${timings.full <= 60_000 ? 'met' : 'not met'}** for the core's whole-month audit (${s(timings.full)} s), ${timings.incremental <= 60_000 ? 'met' : 'not met'} incrementally; the goal names PostgreSQL, whose read of ${valuesTotal.toLocaleString('en-US')} values this run does not measure. Where the naive peer's counts differ from ours it merges adjacent windows of the counter rules differently (two decreases one reading apart are one window for it, two for us).`;

console.log(markdown);
writeBenchmarkSection('audit', markdown);
