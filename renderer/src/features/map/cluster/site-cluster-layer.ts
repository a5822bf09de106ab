import L from 'leaflet';
import Supercluster from 'supercluster';
import { siteStatuses, type MapSiteKind, type SiteStatus } from '../site-style';
import { GlyphCache, hitRadius, maxGlyphReach } from './glyphs';
import { LruCache } from './lru-cache';
import { project, tileKey, tilesCovering, tileSize, type PixelRect } from './tile-grid';
import { tileItems, type TileItem } from './tile-items';
import { runSlice } from './time-slices';

/**
 * Every site on one canvas, clustered by supercluster: a 100,000-site province is a KD-tree query and
 * a few hundred sprite stamps per view, never 100,000 DOM nodes (perf-reliability §1.3).
 *
 * Frames stay cheap because nothing is drawn while the map moves: the canvas sits in the overlay
 * pane, so a pan moves it with the map, and a zoom animation scales it by CSS, as Leaflet's own
 * renderers are. When the map comes to rest the new view is drawn into a second canvas a slice at a
 * time (each slice ends once its time budget is spent, the rest waits for the next animation frame)
 * and the two canvases are swapped when it is complete, so the crew never sees half a redraw.
 * The clusters of each 256-pixel tile are cached per zoom, so a pan asks supercluster only for the
 * tiles that came into view, and marks are stamped from pre-drawn sprites.
 */
export type ClusterSite = {
  readonly id: string;
  /** Display coordinates (already converted to the tile source's datum). */
  readonly lat: number;
  readonly lng: number;
  readonly kind: MapSiteKind;
  readonly status: SiteStatus;
  /** The patrol schedule's badge: a visit overdue or due (null or absent: none). */
  readonly schedule?: 'due' | 'overdue' | null;
};

type PointProps = { readonly i: number };
/** Sites of each status under a cluster, in `siteStatuses` order (worst first). */
type ClusterProps = { mix: number[] };

export type ClusterLayerOptions = {
  readonly onSiteClick?: (id: string) => void;
  /** Share of the view's size drawn ahead on each side, so short pans show no empty edge. */
  readonly padding?: number;
  readonly radius?: number;
  /** Above this zoom every site is drawn on its own. */
  readonly maxClusterZoom?: number;
  /** Milliseconds of drawing per animation frame while a new view is drawn. */
  readonly sliceBudgetMs?: number;
};

/** What a canvas shows: the view it was drawn for. */
type Frame = {
  readonly zoom: number;
  /** World pixel (at `zoom`) of the canvas's top-left corner. */
  readonly minX: number;
  readonly minY: number;
  readonly width: number;
  readonly height: number;
  readonly ratio: number;
  /** Sites and selection it was drawn from. */
  readonly version: number;
};

type Job = { readonly frame: Frame; readonly steps: (() => void)[]; next: number; items: number; ms: number };

const statusIndex = new Map(siteStatuses.map((s, i) => [s, i]));
/** One one-hot status mix per status, shared by every point (supercluster copies, reduce never mutates). */
const oneHot = siteStatuses.map((_, k) => siteStatuses.map((__, i) => (i === k ? 1 : 0)));

export class SiteClusterLayer extends L.Layer {
  private readonly opts: Required<Omit<ClusterLayerOptions, 'onSiteClick'>> &
    Pick<ClusterLayerOptions, 'onSiteClick'>;
  private sites: readonly ClusterSite[] = [];
  private index: Supercluster<PointProps, ClusterProps> | null = null;
  /** The canvas on the map, and the one the next view is drawn into. */
  private canvas: HTMLCanvasElement | null = null;
  private spare: HTMLCanvasElement | null = null;
  private shown: Frame | null = null;
  private version = 0;
  private job: Job | null = null;
  private readonly tiles = new LruCache<string, TileItem[]>(4000);
  private glyphs = new GlyphCache(1);
  private selectedId: string | null = null;
  private selectedIndex = -1;
  private frameHandle = 0;
  /** Marks drawn for the view on the map (clusters count once); for tests and the bench. */
  drawnItems = 0;
  /** JavaScript time the last complete redraw took, summed over its slices. */
  lastDrawMs = 0;

  // Listeners as bound arrow functions: Leaflet calls them detached from the layer.
  private readonly redrawListener = () => this.redraw();
  private readonly stopListener = () => this.cancelJob();
  private readonly animateZoomListener = (e: L.ZoomAnimEvent) => this.animateZoom(e);
  private readonly followZoomListener = () => this.followZoom();
  private readonly onClickListener = (e: L.LeafletMouseEvent) => this.onClick(e);
  private readonly onMouseMoveListener = (e: L.LeafletMouseEvent) => this.onMouseMove(e);

  constructor(options: ClusterLayerOptions = {}) {
    super();
    this.opts = { padding: 0.15, radius: 60, maxClusterZoom: 11, sliceBudgetMs: 4, ...options };
  }

  setSites(sites: readonly ClusterSite[]): this {
    this.sites = sites;
    const status = new Uint8Array(sites.length);
    sites.forEach((s, i) => {
      status[i] = statusIndex.get(s.status) ?? siteStatuses.length - 1;
    });
    this.selectedIndex = this.selectedId === null ? -1 : sites.findIndex((s) => s.id === this.selectedId);
    // Levels 3…maxClusterZoom only: each level costs a pass over (nearly) every site, and a crew's
    // province view is zoom 6–8; above maxClusterZoom the few hundred sites in view are drawn singly.
    const index = new Supercluster<PointProps, ClusterProps>({
      minZoom: 3,
      // Leaflet tiles are 256 px: with this extent the radius is in screen pixels.
      extent: 256,
      radius: this.opts.radius,
      maxZoom: this.opts.maxClusterZoom,
      map: (p) => ({ mix: oneHot[status[p.i] ?? siteStatuses.length - 1] ?? [] }),
      reduce: (a, b) => {
        a.mix = a.mix.map((n, i) => n + (b.mix[i] ?? 0));
      },
    });
    index.load(
      sites.map((s, i) => ({
        type: 'Feature',
        properties: { i },
        geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
      })),
    );
    this.index = index;
    this.tiles.clear();
    this.version += 1;
    this.redraw();
    return this;
  }

  setSelected(id: string | null): void {
    if (id === this.selectedId) {
      return;
    }
    this.selectedId = id;
    this.selectedIndex = id === null ? -1 : this.sites.findIndex((s) => s.id === id);
    this.version += 1;
    this.redraw();
  }

  override onAdd(map: L.Map): this {
    const make = () => {
      const canvas = L.DomUtil.create('canvas', 'site-cluster-layer leaflet-zoom-animated');
      canvas.setAttribute('data-testid', 'site-cluster-canvas');
      return canvas;
    };
    this.canvas = make();
    this.spare = make();
    map.getPanes().overlayPane.appendChild(this.canvas);
    map.on('moveend', this.redrawListener);
    map.on('resize', this.redrawListener);
    map.on('zoomstart', this.stopListener);
    map.on('zoomanim', this.animateZoomListener);
    map.on('zoom', this.followZoomListener);
    map.on('click', this.onClickListener);
    map.on('mousemove', this.onMouseMoveListener);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend', this.redrawListener);
    map.off('resize', this.redrawListener);
    map.off('zoomstart', this.stopListener);
    map.off('zoomanim', this.animateZoomListener);
    map.off('zoom', this.followZoomListener);
    map.off('click', this.onClickListener);
    map.off('mousemove', this.onMouseMoveListener);
    this.cancelJob();
    this.canvas?.remove();
    this.canvas = null;
    this.spare = null;
    this.shown = null;
    return this;
  }

  /**
   * Starts drawing the current view (the map calls it when it comes to rest); the canvas on the map
   * changes once the drawing is complete, a few frames later. Nothing is drawn if the canvas already
   * shows this view.
   */
  redraw(): void {
    const map = this._map as L.Map | undefined;
    // During a zoom animation the canvas is scaled by CSS; the view is drawn when the zoom ends.
    if (
      map === undefined ||
      this.canvas === null ||
      map.getContainer().classList.contains('leaflet-zoom-anim')
    ) {
      return;
    }
    const frame = this.frameFor(map);
    const same = (f: Frame | null) =>
      f !== null &&
      f.zoom === frame.zoom &&
      f.minX === frame.minX &&
      f.minY === frame.minY &&
      f.width === frame.width &&
      f.height === frame.height &&
      f.ratio === frame.ratio &&
      f.version === frame.version;
    if (same(this.job?.frame ?? null) || (this.job === null && same(this.shown))) {
      return;
    }
    this.cancelJob();
    this.job = this.plan(frame);
    this.frameHandle = requestAnimationFrame(() => this.work());
  }

  /** True while a view is being drawn (the bench's first render waits for it to end). */
  get drawing(): boolean {
    return this.job !== null;
  }

  private frameFor(map: L.Map): Frame {
    const size = map.getSize();
    const pad = size.multiplyBy(this.opts.padding).round();
    const zoom = map.getZoom();
    const origin = map.getPixelBounds().min ?? L.point(0, 0);
    return {
      zoom,
      minX: Math.round(origin.x - pad.x),
      minY: Math.round(origin.y - pad.y),
      width: size.x + 2 * pad.x,
      height: size.y + 2 * pad.y,
      ratio: window.devicePixelRatio || 1,
      version: this.version,
    };
  }

  private cancelJob(): void {
    cancelAnimationFrame(this.frameHandle);
    this.job = null;
  }

  private work(): void {
    const job = this.job;
    if (job === null) {
      return;
    }
    const started = performance.now();
    job.next = runSlice(job.steps, job.next, this.opts.sliceBudgetMs, () => performance.now());
    job.ms += performance.now() - started;
    if (this.job === job && job.next < job.steps.length) {
      this.frameHandle = requestAnimationFrame(() => this.work());
    }
  }

  /** The steps that draw `frame` into the spare canvas and put it on the map. */
  private plan(frame: Frame): Job {
    const steps: (() => void)[] = [];
    const job: Job = { frame, steps, next: 0, items: 0, ms: 0 };
    const target = this.spare;
    if (target === null) {
      return job;
    }
    let ctx: CanvasRenderingContext2D | null = null;
    steps.push(() => {
      const w = Math.round(frame.width * frame.ratio);
      const h = Math.round(frame.height * frame.ratio);
      if (target.width !== w || target.height !== h) {
        // Resizing clears the canvas too.
        target.width = w;
        target.height = h;
        target.style.width = `${frame.width}px`;
        target.style.height = `${frame.height}px`;
      }
      ctx = target.getContext('2d');
      ctx?.setTransform(1, 0, 0, 1, 0, 0);
      ctx?.clearRect(0, 0, w, h);
      if (this.glyphs.ratio !== frame.ratio) {
        this.glyphs = new GlyphCache(frame.ratio);
      }
    });
    const rect: PixelRect = {
      minX: frame.minX,
      minY: frame.minY,
      maxX: frame.minX + frame.width,
      maxY: frame.minY + frame.height,
    };
    if (this.index !== null) {
      // Marks centred just outside the canvas still reach into it.
      for (const tile of tilesCovering(rect, maxGlyphReach, frame.zoom)) {
        steps.push(() => {
          if (ctx !== null) {
            job.items += this.drawTile(ctx, frame, this.itemsOf(frame.zoom, tile.x, tile.y));
          }
        });
      }
    }
    steps.push(() => {
      this.swap(frame);
      this.drawnItems = job.items;
      this.lastDrawMs = job.ms;
      this.job = null;
    });
    return job;
  }

  private itemsOf(zoom: number, x: number, y: number): TileItem[] {
    const key = tileKey(zoom, { x, y });
    let items = this.tiles.get(key);
    if (items === undefined && this.index !== null) {
      items = tileItems(this.index, zoom, { x, y });
      this.tiles.set(key, items);
    }
    return items ?? [];
  }

  private drawTile(ctx: CanvasRenderingContext2D, frame: Frame, items: readonly TileItem[]): number {
    const r = frame.ratio;
    let drawn = 0;
    for (const item of items) {
      const x = Math.round(item.x - frame.minX);
      const y = Math.round(item.y - frame.minY);
      if (
        x < -maxGlyphReach ||
        y < -maxGlyphReach ||
        x > frame.width + maxGlyphReach ||
        y > frame.height + maxGlyphReach
      ) {
        continue;
      }
      if (item.site < 0) {
        ctx.setTransform(r, 0, 0, r, 0, 0);
        this.glyphs.drawCluster(ctx, x, y, item.count, item.mix);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
      } else {
        const site = this.sites[item.site];
        if (site === undefined) {
          continue;
        }
        const glyph = this.glyphs.site({
          kind: site.kind,
          status: site.status,
          schedule: site.schedule ?? null,
          selected: item.site === this.selectedIndex,
        });
        ctx.drawImage(glyph.image, (x - glyph.half) * r, (y - glyph.half) * r);
      }
      drawn += 1;
    }
    return drawn;
  }

  /** Puts the finished canvas on the map where its view lies, and keeps the other for the next view. */
  private swap(frame: Frame): void {
    const map = this._map as L.Map | undefined;
    const next = this.spare;
    const old = this.canvas;
    if (map === undefined || next === null || old === null) {
      return;
    }
    const origin = map.getPixelOrigin();
    L.DomUtil.setTransform(next, L.point(frame.minX - origin.x, frame.minY - origin.y), 1);
    old.replaceWith(next);
    this.canvas = next;
    this.spare = old;
    this.shown = frame;
  }

  private animateZoom(e: L.ZoomAnimEvent): void {
    this.transformTo(e.center, e.zoom);
  }

  /** flyTo and pinch zoom change the zoom frame by frame without zoomanim: follow them the same way. */
  private followZoom(): void {
    const map = this._map as L.Map | undefined;
    if (map !== undefined) {
      this.transformTo(map.getCenter(), map.getZoom());
    }
  }

  /** Scales and moves the canvas on the map to where its content lies at `zoom` around `center`. */
  private transformTo(center: L.LatLng, zoom: number): void {
    const map = this._map as L.Map | undefined;
    const shown = this.shown;
    if (map === undefined || this.canvas === null || shown === null) {
      return;
    }
    const scale = map.getZoomScale(zoom, shown.zoom);
    const mapPane = L.DomUtil.getPosition(map.getPane('mapPane') as HTMLElement);
    const origin = map.project(center, zoom).subtract(map.getSize().divideBy(2)).add(mapPane).round();
    const offset = L.point(shown.minX * scale, shown.minY * scale).subtract(origin);
    L.DomUtil.setTransform(this.canvas, offset, scale);
  }

  /** The mark under a point of the current view (from the same tile cache the drawing uses). */
  private hitAt(latlng: L.LatLng): TileItem | null {
    const map = this._map as L.Map | undefined;
    if (map === undefined || this.index === null) {
      return null;
    }
    const zoom = map.getZoom();
    const p = project(latlng.lat, latlng.lng, zoom);
    const reach = maxGlyphReach;
    let best: TileItem | null = null;
    let bestD = Infinity;
    const tiles = tilesCovering({ minX: p.x, minY: p.y, maxX: p.x, maxY: p.y }, reach, zoom);
    for (const tile of tiles) {
      for (const item of this.itemsOf(zoom, tile.x, tile.y)) {
        const d = Math.hypot(item.x - p.x, item.y - p.y);
        if (d <= hitRadius(item.count, item.site < 0) && d < bestD) {
          best = item;
          bestD = d;
        }
      }
    }
    return best;
  }

  private onClick(e: L.LeafletMouseEvent): void {
    const hit = this.hitAt(e.latlng);
    const map = this._map as L.Map | undefined;
    if (hit === null || map === undefined) {
      return;
    }
    if (hit.cluster >= 0 && this.index !== null) {
      const zoom = Math.min(this.index.getClusterExpansionZoom(hit.cluster), map.getMaxZoom());
      map.flyTo(e.latlng, zoom, { duration: 0.4 });
    } else if (hit.site >= 0) {
      const site = this.sites[hit.site];
      if (site) {
        this.opts.onSiteClick?.(site.id);
      }
    }
  }

  private onMouseMove(e: L.LeafletMouseEvent): void {
    const container = (this._map as L.Map | undefined)?.getContainer();
    if (container) {
      container.style.cursor = this.hitAt(e.latlng) === null ? '' : 'pointer';
    }
  }

  /** Screen position (container pixels) of a site drawn on its own in this view, for tests that click it. */
  sitePoint(id: string): { x: number; y: number } | null {
    const map = this._map as L.Map | undefined;
    const i = this.sites.findIndex((s) => s.id === id);
    const site = this.sites[i];
    if (map === undefined || site === undefined) {
      return null;
    }
    const zoom = map.getZoom();
    const p = project(site.lat, site.lng, zoom);
    const items = this.itemsOf(zoom, Math.floor(p.x / tileSize), Math.floor(p.y / tileSize));
    if (!items.some((item) => item.site === i)) {
      return null;
    }
    const c = map.latLngToContainerPoint([site.lat, site.lng]);
    return { x: c.x, y: c.y };
  }
}
