// The page the polling-chart benchmark runs in Chromium: a polling run of 10,000 points fed to either
// the Diagnostics page's live chart (PollingChart: uPlot over the series' arrays, one redraw per
// animation frame) or a naive peer (the points in React state, an SVG polyline re-rendered per
// update), while every animation frame's timestamp and every long task are recorded.
import { createElement, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { PollPoint } from '#shared/protocols/polling-run';
import { PollingChart } from '../../renderer/src/features/diagnostics/PollingChart';
import {
  createPollingSeries,
  type PollingSeries,
} from '../../renderer/src/features/diagnostics/polling-series';

export type ChartBenchResult = {
  readonly chart: string;
  readonly points: number;
  readonly frameIntervalsMs: readonly number[];
  readonly longTasksMs: readonly number[];
  /** From the first point fed to the last point drawn. */
  readonly feedMs: number;
  readonly domNodes: number;
};

type BenchWindow = Window & { benchResult?: ChartBenchResult; benchError?: string };

const width = 1200;
const height = 300;

/** A drifting meter value with noise and an occasional failed read, the same for both charts. */
function pointAt(i: number, start: number): PollPoint {
  const failed = i % 251 === 250;
  const value = 42 + 3 * Math.sin(i / 300) + 0.002 * i + 0.4 * Math.sin(i * 12.9898);
  return {
    at: start + i * 1000,
    value: failed ? null : Number(value.toFixed(3)),
    error: failed ? 'timeout' : null,
  };
}

/** The peer: what a chart without a canvas library looks like — state per point, SVG per render. */
function NaiveChart(props: { readonly feed: (push: (p: PollPoint) => void) => void }) {
  const [points, setPoints] = useState<readonly PollPoint[]>([]);
  useEffect(() => props.feed((p) => setPoints((list) => [...list, p])), [props]);
  const valid = points.filter((p) => p.value !== null);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of valid) {
    min = Math.min(min, p.value ?? 0);
    max = Math.max(max, p.value ?? 0);
  }
  const t0 = points[0]?.at ?? 0;
  const t1 = points[points.length - 1]?.at ?? 1;
  const x = (at: number) => ((at - t0) / Math.max(1, t1 - t0)) * width;
  const y = (v: number) => height - ((v - min) / Math.max(1e-9, max - min)) * height;
  return createElement(
    'svg',
    { width, height, 'data-points': points.length },
    createElement('polyline', {
      fill: 'none',
      stroke: '#1677ff',
      points: valid.map((p) => `${x(p.at).toFixed(1)},${y(p.value ?? 0).toFixed(1)}`).join(' '),
    }),
  );
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const kind = params.get('chart') ?? 'uplot';
  const n = Number(params.get('n') ?? '10000');
  const perTick = Number(params.get('perTick') ?? '20');
  const start = Date.UTC(2026, 11, 7);
  const root = createRoot(document.getElementById('chart')!);

  let lastDrawn = -1;
  let feedDone: () => void = () => undefined;
  const fed = new Promise<void>((resolve) => (feedDone = resolve));
  // The producer: `perTick` points every 16 ms from a timer, as the polling run's reads land —
  // it does not wait for the chart, so a slow chart shows as late frames and long tasks.
  const feed = (push: (p: PollPoint) => void) => {
    let i = 0;
    const timer = window.setInterval(() => {
      for (let k = 0; k < perTick && i < n; k += 1, i += 1) {
        push(pointAt(i, start));
      }
      if (i >= n) {
        window.clearInterval(timer);
        feedDone();
      }
    }, 16);
    return () => window.clearInterval(timer);
  };

  let series: PollingSeries | null = null;
  if (kind === 'uplot') {
    series = createPollingSeries();
    root.render(createElement(PollingChart, { series, label: 'flow', unit: 'm³/h', height }));
  }
  await frame();
  await frame();

  const longTasksMs: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasksMs.push(entry.duration);
    }
  });
  observer.observe({ type: 'longtask', buffered: false });

  const stamps: number[] = [];
  let recording = true;
  const tick = (t: number) => {
    stamps.push(t);
    if (kind !== 'uplot') {
      lastDrawn = Number(document.querySelector('svg')?.getAttribute('data-points') ?? -1);
    }
    if (recording) {
      requestAnimationFrame(tick);
    }
  };
  requestAnimationFrame(tick);
  const t0 = performance.now();
  if (series !== null) {
    const s = series;
    feed((p) => s.push(p));
  } else {
    root.render(createElement(NaiveChart, { feed }));
  }
  await fed;
  // Until the last point is on screen (the uPlot chart draws on the next frame).
  for (let k = 0; k < 600 && kind !== 'uplot' && lastDrawn < n; k += 1) {
    await frame();
  }
  await frame();
  await frame();
  const feedMs = performance.now() - t0;
  recording = false;
  observer.disconnect();
  const intervals = stamps.slice(1).map((t, i) => t - (stamps[i] ?? t));
  const drawn = kind === 'uplot' ? (series?.length() ?? 0) : lastDrawn;
  if (drawn !== n) {
    throw new Error(`${kind}: ${drawn} of ${n} points drawn`);
  }
  (window as BenchWindow).benchResult = {
    chart: kind,
    points: n,
    frameIntervalsMs: intervals,
    longTasksMs,
    feedMs,
    domNodes: document.getElementsByTagName('*').length,
  };
}

run().catch((error: unknown) => {
  (window as BenchWindow).benchError =
    error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
