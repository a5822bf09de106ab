// The page the map benchmark runs in Chromium: synthetic sites (100,000 by default) on a Leaflet map without tiles,
// drawn either by our canvas cluster layer or by leaflet.markercluster (or by nothing: `layer=none`,
// the floor the rest of the page sets), then a scripted pan/zoom
// sequence while every animation frame's timestamp is recorded.
import L from 'leaflet';
import 'leaflet.markercluster';
import { SiteClusterLayer } from '../cluster/site-cluster-layer';
import { statusColours } from '../site-style';
import { addAppOutlines, addCanvasOutlines } from './app-outlines';
import { syntheticSites } from './synthetic-sites';

export type BenchResult = {
  readonly layer: string;
  readonly sites: number;
  readonly firstRenderMs: number;
  readonly frameIntervalsMs: readonly number[];
  readonly sequenceMs: number;
  readonly domNodes: number;
};

declare global {
  interface Window {
    benchResult?: BenchResult;
    benchError?: string;
  }
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

async function settle(map: L.Map, action: () => void): Promise<void> {
  const ended = new Promise<void>((resolve) => map.once('moveend', () => resolve()));
  action();
  await ended;
  await frame();
  await frame();
}

async function run(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const layerKind = params.get('layer') ?? 'canvas';
  const n = Number(params.get('n') ?? '100000');
  const sites = syntheticSites(n);
  const map = L.map('map', { center: [25, 102], zoom: 7, maxZoom: 18, zoomSnap: 1 });
  // The demo province's county outlines under the sites in every round: as the map page draws them
  // (`app`), or as plain polylines on one canvas (`canvas`, what an outline layer could cost at least).
  const outlines = params.get('outlines') ?? 'app';
  if (outlines === 'app') {
    addAppOutlines(map);
  } else if (outlines === 'canvas') {
    addCanvasOutlines(map);
  }
  await frame();

  const t0 = performance.now();
  if (layerKind === 'canvas') {
    const budget = Number(params.get('budget') ?? '4');
    const layer = new SiteClusterLayer({ sliceBudgetMs: budget }).setSites(sites).addTo(map);
    // The layer draws a new view over several frames; the first render ends when it is on the map.
    while (layer.drawing) {
      await frame();
    }
    await frame();
  } else if (layerKind === 'markercluster') {
    const icons = new Map<string, L.DivIcon>();
    const iconFor = (status: string) => {
      let icon = icons.get(status);
      if (icon === undefined) {
        icon = L.divIcon({
          className: 'bench-site',
          html: `<span style="display:block;width:12px;height:12px;border-radius:6px;border:1.5px solid #fff;background:${statusColours[status as 'meets']}"></span>`,
          iconSize: [12, 12],
        });
        icons.set(status, icon);
      }
      return icon;
    };
    let finished: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => (finished = resolve));
    const group = L.markerClusterGroup({
      chunkedLoading: true,
      chunkProgress: (processed: number, total: number) => {
        if (processed === total) {
          finished();
        }
      },
    });
    map.addLayer(group);
    group.addLayers(sites.map((s) => L.marker([s.lat, s.lng], { icon: iconFor(s.status) })));
    await loaded;
    await frame();
    await frame();
  }
  const firstRenderMs = performance.now() - t0;

  // Record every frame from here to the end of the sequence.
  const stamps: number[] = [];
  let recording = true;
  const tick = (t: number) => {
    stamps.push(t);
    if (recording) {
      requestAnimationFrame(tick);
    }
  };
  requestAnimationFrame(tick);
  const s0 = performance.now();
  const pans: [number, number][] = [
    [300, 0],
    [0, 200],
    [-300, -200],
    [250, 150],
  ];
  for (const [dx, dy] of pans) {
    await settle(map, () => map.panBy([dx, dy], { animate: true, duration: 0.4 }));
  }
  for (const z of [8, 9, 10, 11]) {
    await settle(map, () => map.setZoom(z, { animate: true }));
    await settle(map, () => map.panBy([200, -120], { animate: true, duration: 0.4 }));
  }
  for (const z of [10, 9, 8, 7]) {
    await settle(map, () => map.setZoom(z, { animate: true }));
  }
  await settle(map, () => map.flyTo([24.5, 101.5], 9, { duration: 1 }));
  await settle(map, () => map.flyTo([26, 103], 7, { duration: 1 }));
  recording = false;
  const sequenceMs = performance.now() - s0;
  const frameIntervalsMs = stamps.slice(1).map((t, i) => t - (stamps[i] ?? t));
  window.benchResult = {
    layer: layerKind,
    sites: n,
    firstRenderMs,
    frameIntervalsMs,
    sequenceMs,
    domNodes: document.getElementsByTagName('*').length,
  };
}

run().catch((error: unknown) => {
  window.benchError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
});
