import { describe, expect, it } from 'vitest';
import { gcj02, wgs84 } from './coords';
import { distanceM } from './distance';
import { fromDisplay, gcj02ToWgs84, outOfChina, toDisplay, wgs84ToGcj02 } from './datum';
import { layersOf, type TileSourceDefinition } from './tile-sources';

// Published WGS84 → GCJ-02 pairs (the test vectors shipped with the eviltransform implementations).
const knownPairs = [
  { city: 'Shanghai', wgs: [31.1774276, 121.5272106], gcj: [31.17530398364597, 121.531541859215] },
  { city: 'Shenzhen', wgs: [22.543847, 113.912316], gcj: [22.540796131694766, 113.9171764808363] },
  { city: 'Beijing', wgs: [39.911954, 116.377817], gcj: [39.91334545536069, 116.38404722455657] },
  { city: 'Beijing (Tiananmen)', wgs: [39.90734, 116.39089], gcj: [39.90874107, 116.39713094] },
] as const;

describe('WGS84 ↔ GCJ-02', () => {
  it.each(knownPairs)('$city: forward matches the published pair to 1e-7°', ({ wgs, gcj }) => {
    const out = wgs84ToGcj02(wgs84(wgs[0], wgs[1]));
    expect(out.lat).toBeCloseTo(gcj[0], 7);
    expect(out.lng).toBeCloseTo(gcj[1], 7);
  });

  it.each(knownPairs)('$city: reverse lands within 1 cm of the WGS84 point', ({ wgs, gcj }) => {
    const back = gcj02ToWgs84(gcj02(gcj[0], gcj[1]));
    expect(distanceM(back, wgs84(wgs[0], wgs[1]))).toBeLessThan(0.01);
  });

  it('shifts by a few hundred metres inside China and not at all outside', () => {
    const p = wgs84(25.04, 102.71); // Kunming
    const shift = distanceM(p, gcj02ToWgs84(gcj02(p.lat, p.lng)));
    expect(shift).toBeGreaterThan(100);
    expect(shift).toBeLessThan(1000);
    expect(outOfChina(51.5, -0.12)).toBe(true);
    const london = wgs84ToGcj02(wgs84(51.5, -0.12));
    expect([london.lat, london.lng]).toEqual([51.5, -0.12]);
  });
});

describe('display conversion by tile source datum', () => {
  const tianditu: TileSourceDefinition = {
    id: 'tdt',
    name: '天地图',
    kind: 'tianditu-vector',
    urlTemplate: null,
    subdomains: [],
    datum: 'wgs84',
    minZoom: 1,
    maxZoom: 18,
  };
  const gaode: TileSourceDefinition = { ...tianditu, id: 'gd', kind: 'xyz', datum: 'gcj02' };

  it.each(knownPairs)(
    '$city: no shift over Tianditu, the published shift over a GCJ-02 source',
    ({ wgs, gcj }) => {
      const stored = wgs84(wgs[0], wgs[1]);
      const onTianditu = toDisplay(stored, tianditu.datum);
      expect([onTianditu.lat, onTianditu.lng]).toEqual([wgs[0], wgs[1]]);
      const onGaode = toDisplay(stored, gaode.datum);
      expect(onGaode.lat).toBeCloseTo(gcj[0], 7);
      expect(onGaode.lng).toBeCloseTo(gcj[1], 7);
      // A point picked on the GCJ-02 map goes back to the stored position.
      expect(distanceM(fromDisplay(onGaode, gaode.datum), stored)).toBeLessThan(0.01);
      expect(fromDisplay(onTianditu, tianditu.datum)).toBe(stored);
    },
  );

  it('Tianditu has a base and an annotation layer, both keyed', () => {
    expect(layersOf(tianditu).map((l) => l.layer)).toEqual(['base', 'annotation']);
    expect(layersOf(tianditu).every((l) => l.template.includes('tk={key}'))).toBe(true);
  });
});
