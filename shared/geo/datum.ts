import { gcj02, wgs84, type Bounds, type Datum, type Gcj02, type LatLng, type Wgs84 } from './coords';

// GCJ-02 ("Mars coordinates") is WGS84 plus an obfuscating offset of a few hundred metres, defined
// only inside mainland China. The forward formula is the widely published one (Krasovsky ellipsoid
// constants); the reverse has no closed form and is solved by fixed-point iteration.
const a = 6378245.0;
const ee = 0.006693421622965943;

/** Rough mainland-China box used by every public implementation: outside it GCJ-02 equals WGS84. */
export function outOfChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

function delta(lat: number, lng: number): { dLat: number; dLng: number } {
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { dLat, dLng };
}

export function wgs84ToGcj02(p: Wgs84): Gcj02 {
  if (outOfChina(p.lat, p.lng)) {
    return gcj02(p.lat, p.lng);
  }
  const d = delta(p.lat, p.lng);
  return gcj02(p.lat + d.dLat, p.lng + d.dLng);
}

/** Inverse by iteration; converges to well under a centimetre in a handful of steps. */
export function gcj02ToWgs84(p: Gcj02): Wgs84 {
  if (outOfChina(p.lat, p.lng)) {
    return wgs84(p.lat, p.lng);
  }
  let lat = p.lat;
  let lng = p.lng;
  for (let i = 0; i < 30; i += 1) {
    const d = delta(lat, lng);
    const errLat = lat + d.dLat - p.lat;
    const errLng = lng + d.dLng - p.lng;
    lat -= errLat;
    lng -= errLng;
    if (Math.abs(errLat) < 1e-10 && Math.abs(errLng) < 1e-10) {
      break;
    }
  }
  return wgs84(lat, lng);
}

/** A stored (WGS84) position as drawn over a tile source in `display` datum. */
export function toDisplay<D extends Datum>(p: Wgs84, display: D): LatLng<D> {
  return (display === 'gcj02' ? wgs84ToGcj02(p) : p) as LatLng<D>;
}

/** A point picked on screen (in the display datum) back to what we store. */
export function fromDisplay<D extends Datum>(p: LatLng<D>, display: D): Wgs84 {
  return display === 'gcj02' ? gcj02ToWgs84(p as unknown as Gcj02) : (p as unknown as Wgs84);
}

/** Bounds picked on screen back to WGS84 (corners converted; the offset varies slowly enough). */
export function boundsFromDisplay<D extends Datum>(b: Bounds<D>): Bounds<'wgs84'> {
  if (b.datum === 'wgs84') {
    return b as unknown as Bounds<'wgs84'>;
  }
  const sw = gcj02ToWgs84(gcj02(b.south, b.west));
  const ne = gcj02ToWgs84(gcj02(b.north, b.east));
  return { south: sw.lat, west: sw.lng, north: ne.lat, east: ne.lng, datum: 'wgs84' };
}

/** Bounds in WGS84 as drawn in `display`. */
export function boundsToDisplay<D extends Datum>(b: Bounds<'wgs84'>, display: D): Bounds<D> {
  if (display === 'wgs84') {
    return b as unknown as Bounds<D>;
  }
  const sw = wgs84ToGcj02(wgs84(b.south, b.west));
  const ne = wgs84ToGcj02(wgs84(b.north, b.east));
  return { south: sw.lat, west: sw.lng, north: ne.lat, east: ne.lng, datum: display };
}
