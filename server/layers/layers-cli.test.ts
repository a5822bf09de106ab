import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'wrm-layer-cli-'));
const run = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--data', dir], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe('layer:import (CLI, embedded PGlite)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a KML reach in the --region given and refuses a broken GeoJSON naming its features', () => {
    const kml = join(dir, 'reach.kml');
    writeFileSync(
      kml,
      `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>示例河</name><ExtendedData><Data name="river"><value>示例河</value></Data></ExtendedData>
<LineString><coordinates>103.9,26.0 104.1,26.0</coordinates></LineString></Placemark></Document></kml>`,
    );
    const ok = run(
      'layer:import',
      '--file',
      kml,
      '--kind',
      'river_reach',
      '--name',
      '河段',
      '--region',
      '530381',
    );
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      id: 'river-reach-530381',
      sourceFormat: 'kml',
      sourceName: 'reach.kml',
      featureCount: 1,
    });

    const geojson = join(dir, 'bad.geojson');
    writeFileSync(
      geojson,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: '无代码' },
            geometry: { type: 'Point', coordinates: [104, 26] },
          },
        ],
      }),
    );
    const bad = run(
      'layer:import',
      '--file',
      geojson,
      '--kind',
      'division',
      '--name',
      '县界',
      '--region',
      '53',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/nothing was imported/);
    expect(bad.err).toMatch(/"feature":1,"name":"无代码","code":"wrong-geometry"/);
  }, 240_000);
});
