/**
 * Web Mercator pixels (the same projection and 256-pixel tiles as Leaflet's default EPSG:3857 CRS)
 * and the grid of tiles the cluster layer caches its clusters by. Pure, so it is tested on its own.
 */
export const tileSize = 256;
const maxLatitude = 85.0511287798;

export type Pixel = { readonly x: number; readonly y: number };
export type PixelRect = {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
};
export type Tile = { readonly x: number; readonly y: number };

/** The world's width in pixels at `zoom` (fractional zooms too, as Leaflet's `scale`). */
export function worldSize(zoom: number): number {
  return tileSize * 2 ** zoom;
}

export function project(lat: number, lng: number, zoom: number): Pixel {
  const size = worldSize(zoom);
  const clamped = Math.max(Math.min(maxLatitude, lat), -maxLatitude);
  const sin = Math.sin((clamped * Math.PI) / 180);
  return {
    x: size * (lng / 360 + 0.5),
    y: size * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)),
  };
}

export function unproject(x: number, y: number, zoom: number): { lat: number; lng: number } {
  const size = worldSize(zoom);
  const lng = (x / size - 0.5) * 360;
  const lat = (2 * Math.atan(Math.exp((0.5 - y / size) * 2 * Math.PI)) - Math.PI / 2) * (180 / Math.PI);
  return { lat, lng };
}

/**
 * The tiles whose area meets `rect` grown by `margin` pixels, nearest the rectangle's centre first
 * (so a slow redraw fills the middle of the view before its edges). Tiles outside the world are left out.
 */
export function tilesCovering(rect: PixelRect, margin: number, zoom: number): Tile[] {
  const last = Math.ceil(worldSize(zoom) / tileSize) - 1;
  const x0 = Math.max(0, Math.floor((rect.minX - margin) / tileSize));
  const y0 = Math.max(0, Math.floor((rect.minY - margin) / tileSize));
  const x1 = Math.min(last, Math.floor((rect.maxX + margin) / tileSize));
  const y1 = Math.min(last, Math.floor((rect.maxY + margin) / tileSize));
  const cx = (rect.minX + rect.maxX) / 2 / tileSize - 0.5;
  const cy = (rect.minY + rect.maxY) / 2 / tileSize - 0.5;
  const out: Tile[] = [];
  for (let y = y0; y <= y1; y += 1) {
    for (let x = x0; x <= x1; x += 1) {
      out.push({ x, y });
    }
  }
  return out.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
}

export function tileKey(zoom: number, tile: Tile): string {
  return `${zoom}/${tile.x}/${tile.y}`;
}
