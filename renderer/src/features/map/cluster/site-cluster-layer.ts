import L from 'leaflet';
import Supercluster, { type ClusterProperties } from 'supercluster';
import { kindShapes, siteStatuses, statusColours, type MapSiteKind, type SiteStatus } from '../site-style';

/**
 * Every site on one canvas, clustered by supercluster: a 50,000-site province is a KD-tree query and
 * a few hundred canvas draws per view, never 50,000 DOM nodes (perf-reliability §1.3). The canvas
 * sits in the overlay pane, so a pan moves it with the map for free; it is redrawn when the map comes
 * to rest, and scaled by CSS during a zoom animation, as Leaflet's own renderers are.
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
  /** Pixels around the view drawn ahead, so short pans show no empty edge. */
  readonly padding?: number;
  readonly radius?: number;
  /** Above this zoom every site is drawn on its own. */
  readonly maxClusterZoom?: number;
};

type Hit = { x: number; y: number; r: number; site: number | null; cluster: number | null };

const statusIndex = new Map(siteStatuses.map((s, i) => [s, i]));

export class SiteClusterLayer extends L.Layer {
  private readonly opts: Required<Omit<ClusterLayerOptions, 'onSiteClick'>> &
    Pick<ClusterLayerOptions, 'onSiteClick'>;
  private sites: readonly ClusterSite[] = [];
  private index: Supercluster<PointProps, ClusterProps> | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private topLeft: L.LatLng | null = null;
  private drawnZoom: number | null = null;
  private hits: Hit[] = [];
  private selectedId: string | null = null;
  private frame = 0;
  /** Sites drawn in the last frame (clusters count once); for tests and the bench. */
  drawnItems = 0;
  lastDrawMs = 0;

  // Listeners as bound arrow functions: Leaflet calls them detached from the layer.
  private readonly redrawListener = () => this.redraw();
  private readonly animateZoomListener = (e: L.ZoomAnimEvent) => this.animateZoom(e);
  private readonly followZoomListener = () => this.followZoom();
  private readonly onClickListener = (e: L.LeafletMouseEvent) => this.onClick(e);
  private readonly onMouseMoveListener = (e: L.LeafletMouseEvent) => this.onMouseMove(e);

  constructor(options: ClusterLayerOptions = {}) {
    super();
    this.opts = { padding: 0.25, radius: 60, maxClusterZoom: 11, ...options };
  }

  setSites(sites: readonly ClusterSite[]): this {
    this.sites = sites;
    // Levels 3…maxClusterZoom only: each level costs a pass over (nearly) every site, and a crew's
    // province view is zoom 6–8; above maxClusterZoom the few hundred sites in view are drawn singly.
    const index = new Supercluster<PointProps, ClusterProps>({
      minZoom: 3,
      // Leaflet tiles are 256 px: with this extent the radius is in screen pixels.
      extent: 256,
      radius: this.opts.radius,
      maxZoom: this.opts.maxClusterZoom,
      map: (p) => {
        const mix = siteStatuses.map(() => 0);
        const s = this.sites[p.i];
        mix[s ? (statusIndex.get(s.status) ?? siteStatuses.length - 1) : siteStatuses.length - 1] = 1;
        return { mix };
      },
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
    this.scheduleRedraw();
    return this;
  }

  setSelected(id: string | null): void {
    this.selectedId = id;
    this.scheduleRedraw();
  }

  override onAdd(map: L.Map): this {
    const canvas = L.DomUtil.create('canvas', 'site-cluster-layer leaflet-zoom-animated');
    canvas.setAttribute('data-testid', 'site-cluster-canvas');
    this.canvas = canvas;
    map.getPanes().overlayPane.appendChild(canvas);
    map.on('moveend', this.redrawListener);
    map.on('resize', this.redrawListener);
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
    map.off('zoomanim', this.animateZoomListener);
    map.off('zoom', this.followZoomListener);
    map.off('click', this.onClickListener);
    map.off('mousemove', this.onMouseMoveListener);
    cancelAnimationFrame(this.frame);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  private scheduleRedraw(): void {
    if (this._map === undefined || this.canvas === null) {
      return;
    }
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.redraw());
  }

  /** Draws the view now (the map calls it when it comes to rest). */
  redraw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (map === undefined || canvas === null) {
      return;
    }
    const started = performance.now();
    const size = map.getSize();
    const pad = size.multiplyBy(this.opts.padding).round();
    const min = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
    const full = size.add(pad.multiplyBy(2));
    this.topLeft = map.layerPointToLatLng(min);
    this.drawnZoom = map.getZoom();
    L.DomUtil.setTransform(canvas, min, 1);
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(full.x * ratio) || canvas.height !== Math.round(full.y * ratio)) {
      canvas.width = Math.round(full.x * ratio);
      canvas.height = Math.round(full.y * ratio);
      canvas.style.width = `${full.x}px`;
      canvas.style.height = `${full.y}px`;
    }
    const ctx = canvas.getContext('2d');
    if (ctx === null) {
      return;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, full.x, full.y);
    this.hits = [];
    this.drawnItems = 0;
    if (this.index !== null) {
      const sw = map.containerPointToLatLng(L.point(-pad.x, size.y + pad.y));
      const ne = map.containerPointToLatLng(L.point(size.x + pad.x, -pad.y));
      const zoom = Math.round(map.getZoom());
      const bbox: [number, number, number, number] = [
        Math.max(-180, sw.lng),
        Math.max(-85, sw.lat),
        Math.min(180, ne.lng),
        Math.min(85, ne.lat),
      ];
      const features = this.index.getClusters(bbox, zoom);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = '600 11px system-ui, sans-serif';
      for (const f of features) {
        const [lng, lat] = f.geometry.coordinates as [number, number];
        const p = map.latLngToLayerPoint([lat, lng]).subtract(min);
        const props = f.properties as Partial<PointProps & ClusterProps & ClusterProperties>;
        if (props.cluster === true && props.cluster_id !== undefined) {
          this.drawCluster(ctx, p.x, p.y, props.point_count ?? 0, props.mix ?? [], props.cluster_id);
        } else if (props.i !== undefined) {
          this.drawSite(ctx, p.x, p.y, props.i);
        }
        this.drawnItems += 1;
      }
    }
    this.lastDrawMs = performance.now() - started;
  }

  /**
   * A cluster is a ring split by the statuses of its sites, worst first from twelve o'clock, so a
   * county that is mostly green with a few faults looks like that — never one colour no site has.
   */
  private drawCluster(
    ctx: CanvasRenderingContext2D,
    x: number,
    y: number,
    count: number,
    mix: readonly number[],
    id: number,
  ): void {
    const r = Math.min(24, 10 + Math.log10(count) * 5);
    const total = mix.reduce((a, n) => a + n, 0) || 1;
    let angle = -Math.PI / 2;
    siteStatuses.forEach((status, i) => {
      const n = mix[i] ?? 0;
      if (n === 0) {
        return;
      }
      const sweep = (n / total) * Math.PI * 2;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.arc(x, y, r + 3, angle, angle + sweep);
      ctx.closePath();
      ctx.fillStyle = statusColours[status];
      ctx.fill();
      angle += sweep;
    });
    ctx.beginPath();
    ctx.arc(x, y, r - 3, 0, Math.PI * 2);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.fillStyle = '#262626';
    ctx.fillText(count >= 1000 ? `${(count / 1000).toFixed(1)}k` : String(count), x, y);
    this.hits.push({ x, y, r: r + 3, site: null, cluster: id });
  }

  private drawSite(ctx: CanvasRenderingContext2D, x: number, y: number, i: number): void {
    const site = this.sites[i];
    if (site === undefined) {
      return;
    }
    const r = 6;
    ctx.beginPath();
    switch (kindShapes[site.kind]) {
      case 'circle':
        ctx.arc(x, y, r, 0, Math.PI * 2);
        break;
      case 'diamond':
        ctx.moveTo(x, y - r - 1);
        ctx.lineTo(x + r + 1, y);
        ctx.lineTo(x, y + r + 1);
        ctx.lineTo(x - r - 1, y);
        ctx.closePath();
        break;
      case 'triangle':
        ctx.moveTo(x, y - r - 1);
        ctx.lineTo(x + r + 1, y + r);
        ctx.lineTo(x - r - 1, y + r);
        ctx.closePath();
        break;
    }
    ctx.fillStyle = statusColours[site.status];
    ctx.fill();
    ctx.stroke();
    if (site.schedule === 'due' || site.schedule === 'overdue') {
      // 巡检 badge at the upper right: red overdue, amber due.
      ctx.beginPath();
      ctx.arc(x + r, y - r, 3.5, 0, Math.PI * 2);
      ctx.fillStyle = site.schedule === 'overdue' ? '#cf1322' : '#faad14';
      ctx.fill();
      ctx.stroke();
    }
    if (site.id === this.selectedId) {
      ctx.beginPath();
      ctx.arc(x, y, r + 5, 0, Math.PI * 2);
      ctx.strokeStyle = '#1668dc';
      ctx.lineWidth = 3;
      ctx.stroke();
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1.5;
    }
    this.hits.push({ x, y, r: r + 3, site: i, cluster: null });
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

  /** Scales and moves the last drawn canvas to where its content lies at `zoom` around `center`. */
  private transformTo(center: L.LatLng, zoom: number): void {
    const map = this._map as L.Map | undefined;
    if (map === undefined || this.canvas === null || this.topLeft === null || this.drawnZoom === null) {
      return;
    }
    const scale = map.getZoomScale(zoom, this.drawnZoom);
    const mapPane = L.DomUtil.getPosition(map.getPane('mapPane') as HTMLElement);
    const origin = map.project(center, zoom).subtract(map.getSize().divideBy(2)).add(mapPane).round();
    const offset = map.project(this.topLeft, zoom).subtract(origin);
    L.DomUtil.setTransform(this.canvas, offset, scale);
  }

  private hitAt(e: L.LeafletMouseEvent): Hit | null {
    const map = this._map as L.Map | undefined;
    if (map === undefined || this.topLeft === null) {
      return null;
    }
    const p = e.layerPoint.subtract(map.latLngToLayerPoint(this.topLeft));
    let best: Hit | null = null;
    let bestD = Infinity;
    for (const h of this.hits) {
      const d = Math.hypot(h.x - p.x, h.y - p.y);
      if (d <= h.r && d < bestD) {
        best = h;
        bestD = d;
      }
    }
    return best;
  }

  private onClick(e: L.LeafletMouseEvent): void {
    const hit = this.hitAt(e);
    const map = this._map as L.Map | undefined;
    if (hit === null || map === undefined) {
      return;
    }
    if (hit.cluster !== null && this.index !== null) {
      const zoom = Math.min(this.index.getClusterExpansionZoom(hit.cluster), map.getMaxZoom());
      map.flyTo(e.latlng, zoom, { duration: 0.4 });
    } else if (hit.site !== null) {
      const site = this.sites[hit.site];
      if (site) {
        this.opts.onSiteClick?.(site.id);
      }
    }
  }

  private onMouseMove(e: L.LeafletMouseEvent): void {
    const container = (this._map as L.Map | undefined)?.getContainer();
    if (container) {
      container.style.cursor = this.hitAt(e) === null ? '' : 'pointer';
    }
  }

  /** Screen position (container pixels) of a drawn site, for tests that click it. */
  sitePoint(id: string): { x: number; y: number } | null {
    const map = this._map as L.Map | undefined;
    const i = this.sites.findIndex((s) => s.id === id);
    const site = this.sites[i];
    if (map === undefined || site === undefined || !this.hits.some((h) => h.site === i)) {
      return null;
    }
    const p = map.latLngToContainerPoint([site.lat, site.lng]);
    return { x: p.x, y: p.y };
  }
}
