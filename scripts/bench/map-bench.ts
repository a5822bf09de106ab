// `npm run bench:map`: 100,000 sites in Chromium with the CPU throttled 4× (CDP
// `Emulation.setCPUThrottlingRate`), our canvas cluster layer beside leaflet.markercluster in the same
// run: first render time and frame times over one scripted pan/zoom sequence. Writes its
// section of docs/benchmarks.md. A script, not a test: numbers depend on the machine and its load.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { machineLine, nowLine, percentile, writeBenchmarkSection } from './report';

/** What the page leaves in `window.benchResult` (renderer/src/features/map/bench/map-bench-page.ts). */
type BenchResult = {
  readonly layer: string;
  readonly sites: number;
  readonly firstRenderMs: number;
  readonly frameIntervalsMs: readonly number[];
  readonly sequenceMs: number;
  readonly domNodes: number;
};
type BenchWindow = { benchResult?: BenchResult; benchError?: string };

const sites = Number(process.env['BENCH_SITES'] ?? 100_000);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);
/** Chromium's CPU throttling: 4 = a laptop four times slower than this machine's cores. */
const throttle = Number(process.env['BENCH_CPU_THROTTLE'] ?? 4);
/**
 * Layers to run (comma-separated): ours, the peer, and `none` (the same page and sequence with no
 * site layer: the floor the outlines, Leaflet and the loaded machine set). The docs section is
 * written only when all run.
 */
const allLayers = ['canvas', 'markercluster', 'none'];
const layers = (process.env['BENCH_LAYERS'] ?? allLayers.join(',')).split(',');
/** Outline drawings: `app` as the map page draws them, `canvas` as polylines on one canvas. */
const outlineModes = (process.env['BENCH_OUTLINES'] ?? 'app,canvas').split(',');
const loadStart = loadavg();

const bundle = await build({
  entryPoints: ['renderer/src/features/map/bench/map-bench-page.ts'],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  write: false,
  minify: true,
  logLevel: 'warning',
});
const script = bundle.outputFiles[0]?.text ?? '';
// The profiled round runs an unminified copy, so the profile names functions.
const named = await build({
  entryPoints: ['renderer/src/features/map/bench/map-bench-page.ts'],
  bundle: true,
  format: 'iife',
  target: 'es2022',
  write: false,
  minify: false,
  logLevel: 'warning',
});
const namedScript = named.outputFiles[0]?.text ?? '';
const css =
  readFileSync('node_modules/leaflet/dist/leaflet.css', 'utf8') +
  readFileSync('node_modules/leaflet.markercluster/dist/MarkerCluster.css', 'utf8') +
  readFileSync('node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css', 'utf8');
const html = (src: string) =>
  `<!doctype html><meta charset="utf-8"><style>${css} html,body,#map{margin:0;height:100%;background:#eef2ee}</style><div id="map"></div><script src="${src}"></script>`;

const server = createServer((req, res) => {
  if (req.url?.startsWith('/bench.js')) {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else if (req.url?.startsWith('/bench-named.js')) {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(namedScript);
  } else {
    const src = req.url?.includes('named=1') === true ? '/bench-named.js' : '/bench.js';
    res.writeHead(200, { 'content-type': 'text/html' }).end(html(src));
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const version = browser.version();

type Row = { layer: string; outlines: string; first: number[]; intervals: number[]; dom: number };
const rows = new Map<string, Row>();
let profileSection: string | undefined;

/** What the functions that usually lead the profile are (names are the unminified bundle's). */
const profileNames: Record<string, string> = {
  _setPosition:
    "Leaflet placing a tooltip — here the county name labels; it reads the label's size, a forced layout per label at every zoom step",
  '(program)': 'native work outside JavaScript: style, layout, paint, rasterising in software',
  '(idle)': 'the main thread waiting (for the next frame)',
  '(garbage collector)': 'V8 garbage collection',
  setTransform: 'Leaflet moving panes, labels and the site canvas',
  _updateStyle: 'Leaflet SVG path styling (outline polygons rebuilt at zoom end)',
  _updateContent: 'Leaflet tooltip content (labels rebuilt at zoom end)',
  pointsToPath: 'Leaflet SVG path strings (outline polygons)',
  _simplifyDPStep: 'Leaflet simplifying the outline polygons for SVG',
  sprite: 'site layer: drawing a new sprite (count label or site mark)',
  drawRing: 'site layer: a cluster ring',
  drawTile: 'site layer: stamping a tile of marks',
  withinInto: 'supercluster/KDBush range query (clusters of a tile)',
  _cluster: 'supercluster building the index (first render)',
};

type ProfileNode = { id: number; callFrame: { functionName: string; url: string } };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/**
 * One more round of the canvas layer with the outlines as the app draws them, under CDP's sampling
 * profiler (main thread only): where its time goes, in self time per function.
 */
async function profileRound(): Promise<string> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.goto(`${origin}/?layer=canvas&n=${sites}&outlines=app&named=1`);
  await page.waitForFunction(() => (window as unknown as BenchWindow).benchResult !== undefined, null, {
    timeout: 300_000,
  });
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const result = (await page.evaluate(() => (window as unknown as BenchWindow).benchResult)) as BenchResult;
  await page.close();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, k) => {
    const ms = (profile.timeDeltas[k] ?? 0) / 1000;
    const name = nodes.get(id)?.callFrame.functionName || '(anonymous)';
    self.set(name, (self.get(name) ?? 0) + ms);
    total += ms;
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14);
  // The layer's own functions (site-cluster-layer.ts, glyphs.ts, tile-items.ts) and supercluster's.
  const ours = new Set(['drawTile', 'drawCluster', 'drawRing', 'drawSite', 'sprite', 'tileItems', 'itemsOf']);
  const oursMs = [...self.entries()].filter(([n]) => ours.has(n)).reduce((a, [, ms]) => a + ms, 0);
  const share = (ms: number) => `${((100 * ms) / total).toFixed(0)} %`;
  return [
    `Where the time goes: one more round of the canvas layer with the outlines as the app draws them, under CDP's`,
    `sampling profiler (the page's main thread, ${(total / 1000).toFixed(1)} s sampled from page load to the end of the sequence;`,
    `first render ${result.firstRenderMs.toFixed(0)} ms, p95 ${percentile(result.frameIntervalsMs, 95).toFixed(1)} ms in this round). Self time by function:`,
    '',
    '| function | what it is | self time (ms) | share |',
    '| --- | --- | ---: | ---: |',
    ...top.map(
      ([name, ms]) => `| \`${name}\` | ${profileNames[name] ?? ''} | ${ms.toFixed(0)} | ${share(ms)} |`,
    ),
    '',
    `The site layer's own drawing (${[...ours].map((n) => `\`${n}\``).join(', ')}) took ${oursMs.toFixed(0)} ms (${share(oursMs)}) of it.`,
  ].join('\n');
}

try {
  for (let round = 0; round < rounds; round += 1) {
    // Alternate the order so neither layer always runs on a warmer machine.
    const order = (round % 2 === 0 ? allLayers : [...allLayers].reverse()).filter((l) => layers.includes(l));
    for (const outlines of outlineModes) {
      for (const layer of order) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
        await page.goto(`${origin}/?layer=${layer}&n=${sites}&outlines=${outlines}`);
        await page.waitForFunction(
          () => {
            const w = window as unknown as BenchWindow;
            return w.benchResult !== undefined || w.benchError !== undefined;
          },
          null,
          {
            timeout: 300_000,
          },
        );
        const error = await page.evaluate(() => (window as unknown as BenchWindow).benchError);
        if (error !== undefined) {
          throw new Error(`${layer}: ${error}`);
        }
        const result = (await page.evaluate(
          () => (window as unknown as BenchWindow).benchResult,
        )) as BenchResult;
        await page.close();
        const key = `${outlines}|${layer}`;
        const row = rows.get(key) ?? { layer, outlines, first: [], intervals: [], dom: 0 };
        row.first.push(result.firstRenderMs);
        row.intervals.push(...result.frameIntervalsMs);
        row.dom = Math.max(row.dom, result.domNodes);
        rows.set(key, row);
        console.log(
          `${outlines} outlines, ${layer}: first render ${result.firstRenderMs.toFixed(0)} ms, ${result.frameIntervalsMs.length} frames, ` +
            `p50 ${percentile(result.frameIntervalsMs, 50).toFixed(1)} ms, p95 ${percentile(result.frameIntervalsMs, 95).toFixed(1)} ms`,
        );
      }
    }
  }
  profileSection = await profileRound();
} finally {
  await browser.close();
  server.close();
}

const names: Record<string, string> = {
  canvas: 'wrm-field canvas layer + supercluster',
  markercluster: 'leaflet.markercluster 1.5.3 (chunked loading)',
  none: 'no site layer (floor: outlines, Leaflet, the machine)',
};
const outlineNames: Record<string, string> = {
  app: 'as the map page draws them',
  canvas: 'polylines on one canvas',
};
const missed = (r: Row) => r.intervals.filter((i) => i > 25).length;
const line = (r: Row) => {
  const first = r.layer === 'none' ? '—' : percentile(r.first, 50).toFixed(0);
  const p50 = percentile(r.intervals, 50);
  const p95 = percentile(r.intervals, 95);
  const max = Math.max(...r.intervals);
  const long = r.intervals.filter((i) => i > 50).length;
  return `| ${outlineNames[r.outlines] ?? r.outlines} | ${names[r.layer] ?? r.layer} | ${first} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${max.toFixed(0)} | ${missed(r)} / ${r.intervals.length} | ${long} | ${r.dom} |`;
};
const goalFor = (mode: string) => {
  const canvas = rows.get(`${mode}|canvas`);
  if (canvas === undefined) {
    return '';
  }
  const p95 = percentile(canvas.intervals, 95);
  return `- Outlines ${outlineNames[mode] ?? mode}: ${p95 <= 16.7 ? '**met**' : '**not met**'} by the canvas layer (p95 ${p95.toFixed(1)} ms; ${missed(canvas)} of ${canvas.intervals.length} frames missed).`;
};
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ');
const markdown = `
## Map: ${sites.toLocaleString('en-US')} sites, canvas clusters vs leaflet.markercluster (\`npm run bench:map\`)

${nowLine()} · ${machineLine()} · Chromium ${version} headless, software rendering (\`--disable-gpu\`), 1280 × 800,
**CPU throttled ${throttle}×** (CDP \`Emulation.setCPUThrottlingRate\`) · ${rounds} round(s) per layer and outline drawing, alternating order.
Load average (1/5/15 min) ${loadStart.map((l) => l.toFixed(1)).join(' / ')} at the start and ${load} at the end, on 2 cores — the
machine is shared with other work, so absolute numbers move with it; the layers ran side by side under the same load.

County outlines: the demo province's (\`demoCountyOutlines\`, shared/demo/outlines.ts), under the sites in every round, drawn two ways:
*as the map page draws them* — with the page's own drawing code (renderer/src/features/map/spatial-drawing.ts, called
by renderer/src/features/map/bench/app-outlines.ts without the page's React and database plumbing): SVG polygons in
their own pane with the division style and its dashes, simplified for the zoom band, each county's name a marker from
zoom 7, redrawn when the zoom band or the labels change;
and as *polylines on one canvas* (no labels), which is what an outline layer costs at least.

Each round opens a fresh page with ${sites.toLocaleString('en-US')} synthetic sites (129 county clusters over a
Yunnan-sized box; no tiles), times the first render (index/markers built, the first view on the map), then
runs one scripted sequence — 4 animated pans, 4 zoom-ins each followed by a pan, 4 zoom-outs, two
\`flyTo\`s — recording every \`requestAnimationFrame\` timestamp. Frame time = interval between
consecutive frames (16.7 ms at 60 Hz; a missed frame shows as ≥ 33 ms, counted here as > 25 ms).

| outlines | layer | first render (ms, median) | frame p50 (ms) | frame p95 (ms) | worst frame (ms) | frames missed (> 25 ms) | frames > 50 ms | DOM nodes after |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${[...rows.values()].map(line).join('\n')}

Goal (issue 19): ${sites.toLocaleString('en-US')} sites, p95 ≤ 16.7 ms with the CPU throttled ${throttle}×, in this run:
${outlineModes.map(goalFor).join('\n')}

rAF timestamps jitter by a few tenths of a millisecond around 16.7 ms, so a p95 of 16.8 ms means no missed frames at
the 95th percentile. The *no site layer* rows are the floor: the same page and sequence with nothing but the outlines,
so a site layer can be no better than them on this machine at this load.

${profileSection ?? ''}
`;
if (rows.size === allLayers.length * outlineModes.length && outlineModes.length === 2) {
  writeBenchmarkSection('map', markdown);
}
console.log(markdown);
