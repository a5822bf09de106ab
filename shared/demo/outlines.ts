import type { SpatialFeature } from '../verdicts/spatial';
import type { Position } from '../verdicts/spatial-geometry';
import { demoCountyAreas } from './geography';
import { createRandom } from './random';

/** The demo layer's id and name: it is demo data, and says so wherever it is listed or drawn. */
export const demoOutlinesLayerId = 'demo-county-outlines';

/**
 * The ids a seeded service gives the demo province's layers (server/layers/demo-layers.ts): laptops
 * label layers under these ids as demo data, as they do the built-in outlines.
 */
export const demoServiceLayerIds = {
  division: 'demo-division',
  protection_zone: 'demo-protection-zones',
  river_reach: 'demo-river-reaches',
} as const;

const verticesPerSide = 6;
const wobbleDeg = 0.025;

/**
 * Stand-in county outlines for the demo province (示范数据 — not real boundaries): each county's box
 * with ragged edges, every edge vertex pushed outwards by up to 0.025°, so the whole box (and every
 * site placed in it) stays inside. Deterministic: the same outlines on every machine.
 */
export function demoCountyOutlines(): SpatialFeature[] {
  const root = createRandom(20261207);
  return demoCountyAreas().map((county) => {
    const random = root.fork(county.code);
    const { minLat, maxLat, minLng, maxLng } = county.box;
    const corners: Position[] = [
      [minLng, minLat],
      [maxLng, minLat],
      [maxLng, maxLat],
      [minLng, maxLat],
    ];
    // Outward normals of the four sides, counter-clockwise from the south side.
    const outward: Position[] = [
      [0, -1],
      [1, 0],
      [0, 1],
      [-1, 0],
    ];
    const ring: Position[] = [];
    for (let side = 0; side < 4; side += 1) {
      const [ax, ay] = corners[side]!;
      const [bx, by] = corners[(side + 1) % 4]!;
      const [nx, ny] = outward[side]!;
      for (let i = 0; i < verticesPerSide; i += 1) {
        const t = i / verticesPerSide;
        // A corner goes out along both of its sides' normals; an edge vertex along its side's.
        const [px, py] = i === 0 ? outward[(side + 3) % 4]! : [0, 0];
        const push = i === 0 ? wobbleDeg / 2 : random.between(0, wobbleDeg);
        ring.push([
          round(ax + (bx - ax) * t + (nx + px) * push),
          round(ay + (by - ay) * t + (ny + py) * push),
        ]);
      }
    }
    ring.push(ring[0]!);
    return {
      kind: 'division',
      code: county.code,
      name: county.name,
      siteCodes: [],
      waterSource: null,
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
  });
}

function round(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
