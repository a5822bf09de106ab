import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boxContains,
  defaultDemoSeed,
  defaultDemoSiteCount,
  generateDemoProvince,
  type DemoProvince,
} from '#shared/demo/index';
import type { Wgs84Position } from '#shared/domain/index';
import {
  buildSpatialIndex,
  demoSpatialPolicy,
  divisionContainsIn,
  spatialFindings,
  type SpatialFeature,
} from '#shared/verdicts/spatial';
import {
  layerFeaturesResponseSchema,
  layerListResponseSchema,
  layerZooms,
} from '#shared/verdicts/spatial-wire';
import { seedDemoIfEmpty } from '../platform/demo-seed';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testService } from '../testing/service';
import { simplifyGeometry } from '#shared/verdicts/spatial-geometry';
import { demoLayerFiles, demoLayerIds, demoLayerNames } from './demo-layers';
import { checkLayerFeatures, readLayerFile } from './read';

const seed = 7;
/** A position 0.05° (about 5.6 km) north. */
const north = (p: Wgs84Position) => ({ lat: p.lat + 0.05, lng: p.lng }) as Wgs84Position;
const sites = 900;
const endDay = '2026-12-06';

describeOnEngines('demo layers on a seeded service', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let technician = '';
  let demo: DemoProvince;
  const now = Date.UTC(2026, 11, 7, 4, 0, 0);

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    const seeded = await seedDemoIfEmpty(db(), now, { sites, seed, endDay });
    expect(seeded?.sites).toBe(sites);
    demo = generateDemoProvince({ seed, sites, endDay });
    const county = demo.sites[0]!.divisionCode;
    // A crew of one county, as a laptop enrolled to the seeded service would be.
    technician = (await enrolledDevice(db(), 'technician', county, now)).token;
  }, 120_000);
  afterAll(async () => dispose());

  /** What a laptop's layer cache fetches: the list, then every layer at every zoom band. */
  const laptopCopy = async () => {
    const list = layerListResponseSchema.parse(
      (await app.inject({ url: '/v1/layers', headers: bearer(technician) })).json(),
    );
    const bands = new Map<number, SpatialFeature[]>();
    for (const zoom of layerZooms) {
      const features: SpatialFeature[] = [];
      for (const layer of list.layers) {
        const answer = await app.inject({
          url: `/v1/layers/${layer.id}?zoom=${zoom}`,
          headers: bearer(technician),
        });
        expect(answer.statusCode).toBe(200);
        features.push(...layerFeaturesResponseSchema.parse(answer.json()).features);
      }
      bands.set(zoom, features);
    }
    return { layers: list.layers, bands };
  };

  test('the seeded province lists its demo layers, each named as demo data, to a county crew', async () => {
    const { layers } = await laptopCopy();
    expect(layers.map((l) => [l.id, l.kind, l.name, l.region, l.version]).sort()).toEqual(
      (['division', 'protection_zone', 'river_reach'] as const)
        .map((kind) => [demoLayerIds[kind], kind, demoLayerNames[kind], '53', 1])
        .sort(),
    );
    const count = (kind: string) => layers.find((l) => l.kind === kind)?.featureCount ?? 0;
    expect(count('division')).toBe(demo.counties.length);
    expect(count('protection_zone')).toBeGreaterThanOrEqual(3);
    expect(count('river_reach')).toBeGreaterThanOrEqual(3);
    for (const name of layers.map((l) => l.name)) {
      expect(name).toContain('演示数据');
    }
  });

  test('a seeded site is judged inside its county unless its position was mis-entered, at every band', async () => {
    const { bands } = await laptopCopy();
    const counties = new Map(demo.counties.map((c) => [c.code, c]));
    const misEntered = demo.sites.filter((s) => !boxContains(counties.get(s.divisionCode)!.box, s.position));
    // The demo places a few sites a degree off on purpose: the check must find them, and only them.
    expect(misEntered.length).toBeGreaterThan(0);
    for (const zoom of layerZooms) {
      const contains = divisionContainsIn(buildSpatialIndex(bands.get(zoom)!));
      const outside = demo.sites.filter((s) => contains(s.divisionCode, s.position) === false);
      expect(
        outside.map((s) => s.code),
        `zoom ${zoom}`,
      ).toEqual(misEntered.map((s) => s.code));
    }
  });

  test('the demo zones and reaches give no finding to the sites they are drawn for, or any other', async () => {
    const { bands } = await laptopCopy();
    const index = buildSpatialIndex(bands.get(12)!);
    expect(index.zonesBySite.size).toBeGreaterThanOrEqual(3);
    expect(index.reachesBySite.size).toBeGreaterThanOrEqual(3);
    const findings = demo.sites.flatMap((s) => spatialFindings(s, index, demoSpatialPolicy));
    expect(findings).toEqual([]);
    // They do judge: a zone's station moved 5 km is outside its zone, a reach's section far from it.
    const station = demo.sites.find((s) => index.zonesBySite.has(s.code))!;
    const moved = { ...station, position: north(station.position) };
    expect(spatialFindings(moved, index, demoSpatialPolicy).map((f) => f.code)).toEqual([
      'outside-protection-zone',
    ]);
    const section = demo.sites.find((s) => index.reachesBySite.has(s.code))!;
    const far = { ...section, position: north(section.position) };
    expect(spatialFindings(far, index, demoSpatialPolicy).map((f) => f.code)).toEqual(['far-from-reach']);
  });

  test('a second seed changes nothing (the layers keep their version)', async () => {
    expect(await seedDemoIfEmpty(db(), now + 1000, { sites, seed, endDay })).toBeNull();
    const { layers } = await laptopCopy();
    expect(layers.map((l) => l.version)).toEqual([1, 1, 1]);
  });
});

describe('the demo layers of the default demo province (what `npm start` seeds)', () => {
  it('judge only the mis-entered sites outside their county at every zoom band, and give no zone or reach finding', async () => {
    const demo = generateDemoProvince({ seed: defaultDemoSeed, sites: defaultDemoSiteCount, endDay });
    const files = demoLayerFiles(demo);
    // Read and checked as the import reads an operator's file.
    const read: SpatialFeature[] = [];
    for (const kind of ['division', 'protection_zone', 'river_reach'] as const) {
      const bytes = new TextEncoder().encode(
        JSON.stringify({ type: 'FeatureCollection', features: files[kind] }),
      );
      const { features, problems } = checkLayerFeatures(await readLayerFile(bytes, 'geojson'), kind, '53');
      expect(problems).toEqual([]);
      read.push(...features);
    }
    const counties = new Map(demo.counties.map((c) => [c.code, c]));
    const misEntered = demo.sites
      .filter((s) => !boxContains(counties.get(s.divisionCode)!.box, s.position))
      .map((s) => s.code);
    expect(misEntered.length).toBeGreaterThan(0);
    for (const zoom of layerZooms) {
      const index = buildSpatialIndex(
        read.map((f) => ({ ...f, geometry: simplifyGeometry(f.geometry, zoom) })),
      );
      const contains = divisionContainsIn(index);
      expect(
        demo.sites.filter((s) => contains(s.divisionCode, s.position) === false).map((s) => s.code),
        `zoom ${zoom}`,
      ).toEqual(misEntered);
      expect(demo.sites.flatMap((s) => spatialFindings(s, index, demoSpatialPolicy))).toEqual([]);
    }
    expect(files.protection_zone).toHaveLength(8);
    expect(files.river_reach).toHaveLength(8);
  }, 120_000);
});
