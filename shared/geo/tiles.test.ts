import { describe, expect, it } from 'vitest';
import { bounds, GeoInputError } from './coords';
import {
  latToTileY,
  lngToTileX,
  normaliseZooms,
  tileAt,
  tileBounds,
  tileCoord,
  tileCount,
  tileRange,
  tilesIn,
  tmsRow,
} from './tiles';

describe('tile math', () => {
  it('puts Tiananmen on the tiles every XYZ server uses', () => {
    expect([lngToTileX(116.3975, 10), latToTileY(39.9087, 10)]).toEqual([843, 388]);
    expect([lngToTileX(116.3975, 15), latToTileY(39.9087, 15)]).toEqual([26978, 12416]);
  });

  it('flips rows for MBTiles (TMS) and back', () => {
    expect(tmsRow(0, 0)).toBe(0);
    expect(tmsRow(10, 388)).toBe(635);
    expect(tmsRow(10, tmsRow(10, 388))).toBe(388);
  });

  it('gives tile bounds that map back onto the same tile', () => {
    const t = tileCoord(12, 3216, 1754);
    const b = tileBounds(t, 'wgs84');
    expect(b.north).toBeGreaterThan(b.south);
    expect(lngToTileX((b.west + b.east) / 2, 12)).toBe(3216);
    expect(latToTileY((b.north + b.south) / 2, 12)).toBe(1754);
  });

  it('counts a 2×3 block and quadruples per zoom', () => {
    const nw = tileBounds(tileCoord(10, 843, 388), 'wgs84');
    const se = tileBounds(tileCoord(10, 844, 390), 'wgs84');
    const e = 1e-9;
    const b = bounds('wgs84', se.south + e, nw.west + e, nw.north - e, se.east - e);
    expect(tileRange(b, 10)).toEqual({ z: 10, minX: 843, maxX: 844, minY: 388, maxY: 390 });
    expect(tileCount(b, [10])).toBe(6);
    expect(tileCount(b, [11])).toBe(24);
    expect(tileCount(b, [10, 11, 12])).toBe(6 + 24 + 96);
    expect(tileCount(b, [12, 10, 11, 11])).toBe(6 + 24 + 96);
    expect(tileCount(bounds('wgs84', -85, -180, 85, 180), [0, 1, 2])).toBe(1 + 4 + 16);
  });

  it('enumerates tiles in a stable order that tileAt can index', () => {
    const b = bounds('wgs84', 24.9, 102.6, 25.1, 102.8);
    const all = [...tilesIn(b, [9, 10, 11])];
    expect(all.length).toBe(tileCount(b, [9, 10, 11]));
    expect(new Set(all.map((t) => `${t.z}/${t.x}/${t.y}`)).size).toBe(all.length);
    for (const i of [0, 1, 5, all.length - 1]) {
      expect(tileAt(b, [9, 10, 11], i)).toEqual(all[i]);
    }
    expect(tileAt(b, [9, 10, 11], all.length)).toBeNull();
  });

  it('names bad zooms, tiles and bounds', () => {
    expect(() => normaliseZooms([])).toThrow(GeoInputError);
    expect(() => normaliseZooms([3.5])).toThrow(/zoom level 3.5/);
    expect(() => normaliseZooms([23])).toThrow(/0…22/);
    expect(() => tileCoord(2, 4, 0)).toThrow(/outside the 4×4 grid/);
    expect(() => bounds('wgs84', 30, 100, 20, 110)).toThrow(/south 30 is north of north 20/);
    expect(() => bounds('wgs84', 20, 100, 95, 110)).toThrow(/latitude 95/);
  });
});
