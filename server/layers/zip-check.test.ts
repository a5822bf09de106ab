import shpwrite from '@mapbox/shp-write';
import { describe, expect, it } from 'vitest';
import { zipStructureProblem } from './zip-check';

const counties = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code: '530381', name: '宣威' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [104, 26],
            [104.2, 26],
            [104.2, 26.2],
            [104, 26],
          ],
        ],
      },
    },
  ],
};

async function realZip(): Promise<Uint8Array> {
  return new Uint8Array(
    (await shpwrite.zip(counties as never, { outputType: 'nodebuffer', compression: 'DEFLATE' })) as Buffer,
  );
}

describe('the zip check before the Shapefile reader', () => {
  it('passes a real Shapefile zip', async () => {
    expect(zipStructureProblem(await realZip())).toBeNull();
  });

  // The reader's unzip spun forever on this zip cut short at 120 bytes (the layer import test hung CI).
  it('refuses the zip cut short at every length, so the reader never sees one', async () => {
    const whole = await realZip();
    const passed = [];
    for (let n = 0; n < whole.length; n += 1) {
      if (zipStructureProblem(whole.subarray(0, n)) === null) {
        passed.push(n);
      }
    }
    expect(passed).toEqual([]);
    expect(zipStructureProblem(whole.subarray(0, 120))).toMatch(/end of central directory/);
  });

  it('refuses a directory or entry pointing outside the archive, and garbage', async () => {
    const whole = await realZip();
    const end = whole.length - 22;
    const wrongStart = whole.slice();
    new DataView(wrongStart.buffer).setUint32(end + 16, whole.length, true);
    expect(zipStructureProblem(wrongStart)).toMatch(/outside the archive/);

    const wrongSize = whole.slice();
    const view = new DataView(wrongSize.buffer);
    const firstEntry = view.getUint32(end + 16, true);
    view.setUint32(firstEntry + 20, 0x7fffffff, true);
    expect(zipStructureProblem(wrongSize)).toMatch(/entry 1 of \d+: its data runs past the archive/);

    expect(zipStructureProblem(new Uint8Array(4096).fill(0x50))).toMatch(/end of central directory/);
  });
});
