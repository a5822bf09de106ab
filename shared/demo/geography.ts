import { yunnanCities, yunnanCounties } from './yunnan';

/** A division's extent for the demo: a box in degrees (WGS84). */
export type DivisionBox = {
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLng: number;
  readonly maxLng: number;
};

export type DemoCountyArea = {
  readonly code: string;
  readonly name: string;
  /** The name without its 市/县/区 or 自治县 suffix, for record names (宣威市 → 宣威). */
  readonly shortName: string;
  readonly cityCode: string;
  readonly cityName: string;
  readonly centre: { readonly lat: number; readonly lng: number };
  readonly box: DivisionBox;
};

const cellDeg = 0.36;
const halfBoxDeg = 0.16;

export function shortCountyName(name: string): string {
  const stripped = name.replace(/(?:[\u4e00-\u9fa5]{1,2}族)+自治县$/, '').replace(/[市县区]$/, '');
  return stripped.length > 0 ? stripped : name;
}

/**
 * Lays the counties of each prefecture on a small grid around the prefecture's seat. Real county
 * outlines are not available offline; these boxes are the demo's stand-in geometry, also used by the
 * relation check "site position outside its division".
 */
export function demoCountyAreas(): DemoCountyArea[] {
  const out: DemoCountyArea[] = [];
  for (const city of yunnanCities) {
    const counties = yunnanCounties.filter((c) => c.code.slice(0, 4) === city.code.slice(0, 4));
    const side = Math.ceil(Math.sqrt(counties.length));
    counties.forEach((county, i) => {
      const row = Math.floor(i / side);
      const col = i % side;
      const lat = city.seat.lat + (row - (side - 1) / 2) * cellDeg;
      const lng = city.seat.lng + (col - (side - 1) / 2) * cellDeg;
      out.push({
        code: county.code,
        name: county.name,
        shortName: shortCountyName(county.name),
        cityCode: city.code,
        cityName: city.name,
        centre: { lat: round(lat), lng: round(lng) },
        box: {
          minLat: round(lat - halfBoxDeg),
          maxLat: round(lat + halfBoxDeg),
          minLng: round(lng - halfBoxDeg),
          maxLng: round(lng + halfBoxDeg),
        },
      });
    });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

export function boxContains(box: DivisionBox, position: { lat: number; lng: number }): boolean {
  return (
    position.lat >= box.minLat &&
    position.lat <= box.maxLat &&
    position.lng >= box.minLng &&
    position.lng <= box.maxLng
  );
}
