import shpwrite from '@mapbox/shp-write';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildSpatialIndex, placeInDivision } from '#shared/verdicts/spatial';
import type {
  LayerFeaturesResponse,
  LayerImportReport,
  LayerListResponse,
} from '#shared/verdicts/spatial-wire';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testService } from '../testing/service';

const square = (w: number, s: number, e: number, n: number) => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];
/** Two counties of Qujing side by side, as an operator's GeoJSON would hold them. */
const counties = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { ADCODE: '530381', NAME: '宣威市' },
      geometry: { type: 'Polygon', coordinates: square(103.9, 26.1, 104.1, 26.3) },
    },
    {
      type: 'Feature',
      properties: { ADCODE: '530302', NAME: '沾益区' },
      geometry: { type: 'Polygon', coordinates: square(104.1, 26.1, 104.3, 26.3) },
    },
  ],
};

const reachKml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>示例河宣威段</name>
    <ExtendedData><Data name="river"><value>示例河</value></Data><Data name="sites"><value>5303810001、5303810002</value></Data></ExtendedData>
    <LineString><coordinates>103.9,26.0,0 104.0,26.05,0 104.1,26.0,0</coordinates></LineString>
  </Placemark>
</Document></kml>`;

describeOnEngines('spatial layers: import and serve', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let provinceAdmin = '';
  let countyAdmin = '';
  let technician = '';
  const now = Date.UTC(2026, 11, 7, 4, 0, 0);

  beforeAll(async () => {
    const service = await testService(db(), { now: () => now });
    app = service.app;
    dispose = () => service.dispose();
    provinceAdmin = (await enrolledDevice(db(), 'admin', '53', now)).token;
    countyAdmin = (await enrolledDevice(db(), 'admin', '530381', now)).token;
    technician = (await enrolledDevice(db(), 'technician', '530381', now)).token;
  });
  afterAll(async () => dispose());

  const send = (token: string, query: string, body: string | Buffer, contentType: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/admin/layers/import?${query}`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload: body,
    });
  const features = async (token: string, id: string, zoom = 12) =>
    (
      await app.inject({ url: `/v1/layers/${id}?zoom=${zoom}`, headers: bearer(token) })
    ).json<LayerFeaturesResponse>();
  const featureRows = async (layerId: string) =>
    Number(
      (
        await db().query<{ n: string | number }>(
          'select count(*) as n from spatial_features where layer_id = $1',
          [layerId],
        )
      ).rows[0]!.n,
    );

  test('a GeoJSON of county outlines: imported, listed to the county crew, served per zoom', async () => {
    const answer = await send(
      provinceAdmin,
      'kind=division&name=' + encodeURIComponent('曲靖县界') + '&id=qujing-counties',
      JSON.stringify(counties),
      'application/geo+json',
    );
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json<LayerImportReport>()).toMatchObject({
      id: 'qujing-counties',
      kind: 'division',
      region: '53',
      sourceFormat: 'geojson',
      featureCount: 2,
      version: 1,
      replaced: false,
    });
    const list = (
      await app.inject({ url: '/v1/layers', headers: bearer(technician) })
    ).json<LayerListResponse>();
    expect(list.layers.map((l) => l.id)).toContain('qujing-counties');
    const served = await features(technician, 'qujing-counties');
    expect(served.features.map((f) => [f.code, f.name])).toEqual([
      ['530381', '宣威市'],
      ['530302', '沾益区'],
    ]);
    const index = buildSpatialIndex(served.features);
    expect(placeInDivision(index, '530381', { lat: 26.2, lng: 104.0 })).toBe('inside');
    expect(placeInDivision(index, '530381', { lat: 26.2, lng: 104.2 })).toBe('outside');
    expect(placeInDivision(index, '530381', { lat: 26.2, lng: 104.1 })).toBe('border');
    // Importing again replaces the layer whole and raises its version.
    const again = await send(
      provinceAdmin,
      'kind=division&name=x&id=qujing-counties',
      JSON.stringify(counties),
      'application/json',
    );
    expect(again.json<LayerImportReport>()).toMatchObject({ version: 2, replaced: true, name: 'x' });
    expect(await featureRows('qujing-counties')).toBe(2);
  });

  test('a real zipped ESRI Shapefile (written by shp-write) of protection zones', async () => {
    const zones = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { CODE: 'SY-01', NAME: 'Zone one', SOURCE: 'Xiba reservoir', SITES: '5303812001' },
          geometry: { type: 'Polygon', coordinates: square(104.0, 26.0, 104.01, 26.01) },
        },
      ],
    };
    const zip = (await shpwrite.zip(zones, { outputType: 'nodebuffer', compression: 'DEFLATE' })) as Buffer;
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    const answer = await send(countyAdmin, 'kind=protection_zone&name=zones', zip, 'application/zip');
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json<LayerImportReport>()).toMatchObject({
      id: 'protection-zone-530381',
      region: '530381',
      sourceFormat: 'shapefile',
      featureCount: 1,
    });
    const [zone] = (await features(technician, 'protection-zone-530381')).features;
    expect(zone).toMatchObject({
      kind: 'protection_zone',
      code: 'SY-01',
      name: 'Zone one',
      waterSource: 'Xiba reservoir',
      siteCodes: ['5303812001'],
    });
    expect(zone!.geometry.type).toBe('Polygon');
  });

  test('a KML of a river reach, its ExtendedData read as river and sites', async () => {
    const answer = await send(
      countyAdmin,
      'kind=river_reach&name=reaches&file=reaches.kml',
      reachKml,
      'application/vnd.google-earth.kml+xml',
    );
    expect(answer.statusCode, answer.body).toBe(200);
    const [reach] = (await features(technician, 'river-reach-530381')).features;
    expect(reach).toMatchObject({
      name: '示例河宣威段',
      waterSource: '示例河',
      siteCodes: ['5303810001', '5303810002'],
      geometry: { type: 'LineString' },
    });
  });

  test('broken files are refused with what is wrong, and the layer already held stays whole', async () => {
    const id = 'qujing-counties';
    const refused = async (body: string | Buffer, type: string, query = `kind=division&name=x&id=${id}`) => {
      const answer = await send(provinceAdmin, query, body, type);
      return {
        status: answer.statusCode,
        ...answer.json<{
          error: {
            code: string;
            message: string;
            details?: { code: string; feature: number; file?: string }[];
          };
        }>().error,
      };
    };
    expect(
      await refused('{"type": "FeatureCollection", "features": [', 'application/geo+json'),
    ).toMatchObject({
      status: 422,
      code: 'import-invalid',
      message: expect.stringContaining('not valid JSON') as string,
      details: [{ file: 'not-json' }],
    });
    expect(await refused('{"type": "Topology"}', 'application/geo+json')).toMatchObject({
      code: 'import-invalid',
      message: expect.stringContaining('not a GeoJSON FeatureCollection') as string,
      details: [{ file: 'not-geojson' }],
    });
    const badRows = {
      type: 'FeatureCollection',
      features: [
        counties.features[0],
        { type: 'Feature', properties: { NAME: '无代码县' }, geometry: counties.features[1]!.geometry },
        {
          type: 'Feature',
          properties: { ADCODE: '530302' },
          geometry: { type: 'Point', coordinates: [104, 26] },
        },
        { type: 'Feature', properties: { ADCODE: '110101' }, geometry: counties.features[1]!.geometry },
        {
          type: 'Feature',
          properties: { ADCODE: '530303' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [104, 26],
                [104.1, 26],
                [104.1, 26.1],
                [104, 26.1],
              ],
            ],
          },
        },
        { type: 'Feature', properties: { ADCODE: '530381' }, geometry: counties.features[1]!.geometry },
        {
          type: 'Feature',
          properties: { ADCODE: '530304' },
          geometry: { type: 'Polygon', coordinates: square(500000, 2900000, 510000, 2910000) },
        },
      ],
    };
    const rows = await refused(JSON.stringify(badRows), 'application/geo+json');
    expect(rows).toMatchObject({ status: 422, code: 'import-invalid' });
    expect(rows.message).toContain('feature 2 (无代码县): no division code');
    expect(rows.details?.map((d) => [d.feature, d.code])).toEqual([
      [2, 'no-code'],
      [3, 'wrong-geometry'],
      [4, 'outside-region'],
      [5, 'open-ring'],
      [6, 'duplicate-code'],
      [7, 'bad-coordinates'],
    ]);
    expect(await refused('<kml><Document><Placemark>', 'application/vnd.google-earth.kml+xml')).toMatchObject(
      {
        code: 'import-invalid',
        message: expect.stringContaining('not well-formed XML') as string,
        details: [{ file: 'not-xml' }],
      },
    );
    // A damaged zip: a real Shapefile zip cut short.
    const whole = (await shpwrite.zip(counties as never, {
      outputType: 'nodebuffer',
      compression: 'DEFLATE',
    })) as Buffer;
    expect(await refused(whole.subarray(0, 120), 'application/zip')).toMatchObject({
      code: 'import-invalid',
      message: expect.stringContaining('no readable ESRI Shapefile') as string,
      details: [{ file: 'no-shapefile' }],
    });
    expect(
      await refused(JSON.stringify(counties), 'application/geo+json', 'kind=river_reach&name=x&region=53'),
    ).toMatchObject({
      code: 'import-invalid',
      message: expect.stringContaining('a river reach is a line') as string,
    });
    // Nothing of the refused files was stored: the layer is as the last good import left it.
    expect(await featureRows(id)).toBe(2);
    expect((await features(provinceAdmin, id)).layer.version).toBe(2);
  });

  test("an admin imports only within their region, a crew not at all; others' layers are not served", async () => {
    const outside = await send(
      countyAdmin,
      'kind=division&name=x&region=53',
      JSON.stringify(counties),
      'application/geo+json',
    );
    expect(outside.json<{ error: { code: string } }>().error.code).toBe('outside-region');
    const replaceProvince = await send(
      countyAdmin,
      'kind=division&name=x&id=qujing-counties',
      JSON.stringify(counties),
      'application/geo+json',
    );
    expect(replaceProvince.json<{ error: { code: string } }>().error.code).toBe('outside-region');
    const crew = await send(
      technician,
      'kind=division&name=x',
      JSON.stringify(counties),
      'application/geo+json',
    );
    expect(crew.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    const beijing = (await enrolledDevice(db(), 'technician', '110101', now)).token;
    const list = (
      await app.inject({ url: '/v1/layers', headers: bearer(beijing) })
    ).json<LayerListResponse>();
    expect(list.layers).toEqual([]);
    const hidden = await app.inject({ url: '/v1/layers/qujing-counties', headers: bearer(beijing) });
    expect(hidden.json<{ error: { code: string } }>().error.code).toBe('not-found');
  });

  test('the console lists layers with who imported them; a removed layer is gone for laptops, with its features', async () => {
    const imported = await send(
      countyAdmin,
      'kind=division&name=宣威&id=xuanwei-only&region=530381',
      JSON.stringify({ ...counties, features: counties.features.slice(0, 1) }),
      'application/geo+json',
    );
    expect(imported.statusCode).toBe(200);
    const admin = await app.inject({ url: '/v1/admin/layers', headers: bearer(provinceAdmin) });
    const listed = admin.json<{ layers: { id: string; importedBy: string; featureCount: number }[] }>();
    expect(listed.layers.find((l) => l.id === 'xuanwei-only')).toMatchObject({ featureCount: 1 });
    expect(listed.layers.find((l) => l.id === 'xuanwei-only')?.importedBy).toMatch(/\S/);
    const crewList = await app.inject({ url: '/v1/admin/layers', headers: bearer(technician) });
    expect(crewList.json<{ error: { code: string } }>().error.code).toBe('forbidden');

    const removed = await app.inject({
      method: 'DELETE',
      url: '/v1/admin/layers/xuanwei-only',
      headers: bearer(countyAdmin),
    });
    expect(removed.json()).toEqual({ id: 'xuanwei-only', removed: true });
    expect(await featureRows('xuanwei-only')).toBe(0);
    const laptop = (
      await app.inject({ url: '/v1/layers', headers: bearer(technician) })
    ).json<LayerListResponse>();
    expect(laptop.layers.map((l) => l.id)).not.toContain('xuanwei-only');
    const again = await app.inject({
      method: 'DELETE',
      url: '/v1/admin/layers/xuanwei-only',
      headers: bearer(countyAdmin),
    });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('not-found');
    const { rows } = await db().query<{ action: string }>(
      `select action from audit_log where subject = 'xuanwei-only' order by id`,
    );
    expect(rows.map((r) => r.action)).toEqual(['layer.import', 'layer.remove']);
  });
});
