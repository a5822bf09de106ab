import { kindShapes, siteStatuses, statusColours, type MapSiteKind, type SiteStatus } from '../site-style';
import { LruCache } from './lru-cache';

/**
 * The layer's marks, each drawn once into a small sprite canvas and then stamped with `drawImage`:
 * a redraw is a few hundred image copies instead of a few hundred paths, arcs and text layouts.
 */
type Sprite = HTMLCanvasElement | OffscreenCanvas;

export type SiteGlyph = {
  readonly kind: MapSiteKind;
  readonly status: SiteStatus;
  readonly schedule: 'due' | 'overdue' | null;
  readonly selected: boolean;
};

/** Sprite sizes in CSS pixels; the mark is centred. */
const siteBox = 32;
const clusterBox = 60;
/** A count label's atlas cell: "99.9k" in 11 px type fits inside. */
const labelW = 40;
const labelH = 16;
export const siteRadius = 6;
/** How far a mark reaches from its centre (cluster ring, or a site's selection ring). */
export const maxGlyphReach = clusterBox / 2;

export function clusterRadius(count: number): number {
  return Math.min(24, 10 + Math.log10(Math.max(1, count)) * 5);
}

export function clusterLabel(count: number): string {
  return count >= 1000 ? `${(count / 1000).toFixed(1)}k` : String(count);
}

/** Radius a click or hover hits a mark within. */
export function hitRadius(count: number, isCluster: boolean): number {
  return isCluster ? clusterRadius(count) + 3 : siteRadius + 3;
}

export class GlyphCache {
  private readonly sites = new Map<string, Sprite>();
  /**
   * Count labels ("7", "312", "4.5k"), a small canvas each. (One atlas canvas was tried and was far
   * slower: each label added to it after it was last drawn from makes Chromium copy the whole atlas.)
   */
  private readonly labels = new LruCache<string, Sprite>(2000);

  constructor(readonly ratio: number) {}

  site(g: SiteGlyph): { image: Sprite; half: number } {
    const key = `${g.kind}|${g.status}|${g.schedule ?? ''}|${g.selected ? 1 : 0}`;
    let image = this.sites.get(key);
    if (image === undefined) {
      image = this.sprite(siteBox, siteBox, (ctx) => drawSite(ctx, siteBox / 2, siteBox / 2, g));
      this.sites.set(key, image);
    }
    return { image, half: siteBox / 2 };
  }

  /**
   * Draws a cluster straight onto `ctx` (CSS-pixel transform set): its ring and disc are a few
   * fills, and its count comes from a sprite, since text layout is the dear part and labels repeat
   * (every cluster has its own status mix, so a sprite per cluster would be drawn once and never reused).
   */
  drawCluster(
    ctx: CanvasRenderingContext2D,
    x: number,
    y: number,
    count: number,
    mix: readonly number[],
  ): void {
    drawRing(ctx, x, y, count, mix);
    const text = clusterLabel(count);
    let label = this.labels.get(text);
    if (label === undefined) {
      label = this.sprite(labelW, labelH, (c) => {
        c.fillStyle = '#262626';
        c.fillText(text, labelW / 2, labelH / 2);
      });
      this.labels.set(text, label);
    }
    ctx.drawImage(label, x - labelW / 2, y - labelH / 2, labelW, labelH);
  }

  private sprite(
    width: number,
    height: number,
    draw: (ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D) => void,
  ): Sprite {
    const w = Math.ceil(width * this.ratio);
    const h = Math.ceil(height * this.ratio);
    // An OffscreenCanvas is no DOM node: cheaper to make, and a thousand count labels get made.
    let canvas: OffscreenCanvas | HTMLCanvasElement;
    let ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (typeof OffscreenCanvas === 'function') {
      const offscreen = new OffscreenCanvas(w, h);
      canvas = offscreen;
      ctx = offscreen.getContext('2d');
    } else {
      const element = document.createElement('canvas');
      element.width = w;
      element.height = h;
      canvas = element;
      ctx = element.getContext('2d');
    }
    if (ctx !== null) {
      ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = '600 11px system-ui, sans-serif';
      draw(ctx);
    }
    return canvas;
  }
}

/**
 * A cluster is a ring split by the statuses of its sites, worst first from twelve o'clock, so a
 * county that is mostly green with a few faults looks like that — never one colour no site has.
 */
function drawRing(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  count: number,
  mix: readonly number[],
): void {
  const r = clusterRadius(count);
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
}

function drawSite(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  x: number,
  y: number,
  g: SiteGlyph,
): void {
  const r = siteRadius;
  ctx.beginPath();
  switch (kindShapes[g.kind]) {
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
  ctx.fillStyle = statusColours[g.status];
  ctx.fill();
  ctx.stroke();
  if (g.schedule === 'due' || g.schedule === 'overdue') {
    // Patrol badge at the upper right: red overdue, amber due.
    ctx.beginPath();
    ctx.arc(x + r, y - r, 3.5, 0, Math.PI * 2);
    ctx.fillStyle = g.schedule === 'overdue' ? '#cf1322' : '#faad14';
    ctx.fill();
    ctx.stroke();
  }
  if (g.selected) {
    ctx.beginPath();
    ctx.arc(x, y, r + 5, 0, Math.PI * 2);
    ctx.strokeStyle = '#1668dc';
    ctx.lineWidth = 3;
    ctx.stroke();
  }
}
