import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostArgs, HostMethod, HostValue, TileDownloadProgress } from '#shared/host/contract/index';
import { dispatchHostCall, type HostResult } from '#shared/host/dispatch';
import { testHandlers } from '#shared/host/test-handlers';
import { createTilesService } from './tiles-service';
import { createMbtiles, openMbtiles } from './tiles/mbtiles';
import { generatedTile } from './tiles/png';
import { startTileTestServer, type TileTestServer } from './tiles/tile-test-server';

// Everything here is real: the tile server on 127.0.0.1, Node's fetch, SQLite files on disk. Only the
// back-off sleep is shortened.
const kunming = { south: 24.95, west: 102.6, north: 25.1, east: 102.8 };
const zooms = [10, 11, 12, 13];

type Service = ReturnType<typeof createTilesService>;

let dir: string;
let server: TileTestServer;
let service: Service;
let progress: TileDownloadProgress[];

function start(options: { areaPageLimit?: number } = {}): Service {
  progress = [];
  return createTilesService({
    dir,
    fetch: (url, init) => fetch(url, init),
    emit: (event, payload) => {
      if (event === 'tiles.progress') {
        progress.push(payload as TileDownloadProgress);
      }
    },
    download: { sleep: () => Promise.resolve(), batchSize: 4, concurrency: 2, timeoutMs: 2_000, attempts: 2 },
    ...options,
  });
}

async function call<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostResult<HostValue<M>>> {
  return (await dispatchHostCall(testHandlers(service), method, args, {
    transport: 'ipc',
  })) as HostResult<HostValue<M>>;
}

async function value<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostValue<M>> {
  const r = await call(method, args);
  if (!r.ok) {
    throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  }
  return r.value;
}

async function settled(areaId: string): Promise<HostValue<'tiles.listAreas'>[number]> {
  for (let i = 0; i < 400; i += 1) {
    const area = (await value('tiles.listAreas', {})).find((a) => a.id === areaId);
    if (area && area.state !== 'downloading') {
      return area;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('download did not settle');
}

async function addSource(key?: string) {
  return value('tiles.saveSource', {
    source: {
      name: 'test XYZ',
      kind: 'xyz',
      urlTemplate: server.template,
      subdomains: [],
      datum: 'wgs84',
      minZoom: 0,
      maxZoom: 18,
    },
    ...(key === undefined ? {} : { key }),
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wrm-tiles-'));
  server = await startTileTestServer();
  service = start();
});

afterEach(async () => {
  await service.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('area download', () => {
  it('estimates, downloads every tile into MBTiles, and serves them after the server is gone', async () => {
    const source = await addSource();
    const estimate = await value('tiles.estimate', { sourceId: source.id, bounds: kunming, zooms });
    expect(estimate.tileCount).toBeGreaterThan(10);
    expect(estimate.estimatedBytes).toBe(estimate.tileCount * 18_000);
    const area = await value('tiles.startDownload', {
      sourceId: source.id,
      name: '五华区',
      bounds: kunming,
      zooms,
    });
    const done = await settled(area.id);
    expect(done).toMatchObject({
      state: 'complete',
      total: estimate.tileCount,
      done: estimate.tileCount,
      missing: 0,
      error: null,
    });
    expect(server.served.size).toBe(estimate.tileCount);
    expect(done.sizeBytes).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ id: area.id, state: 'complete' });

    const file = openMbtiles(join(dir, 'areas', `${area.id}.mbtiles`), { readOnly: true, deepCheck: true });
    expect(file.summary()).toMatchObject({
      tileCount: estimate.tileCount,
      format: 'png',
      minZoom: 10,
      maxZoom: 13,
    });
    file.close();

    await server.stop();
    const tile = await value('tiles.getTile', {
      sourceId: source.id,
      layer: 'base',
      z: 12,
      x: 3216,
      y: 1754,
    });
    expect(tile?.from).toBe('area');
    expect(Buffer.from(tile?.dataBase64 ?? '', 'base64')).toEqual(generatedTile(12, 3216, 1754));
    // Past the area's deepest zoom (13), the stored ancestor is served with the part to enlarge.
    const deeper = await value('tiles.getTile', {
      sourceId: source.id,
      layer: 'base',
      z: 16,
      x: 8 * 6432 + 5,
      y: 8 * 3508 + 2,
    });
    expect(deeper?.overzoom).toEqual({ levels: 3, col: 5, row: 2 });
    expect(tile?.overzoom).toBeNull();
    // Nothing stored there and nobody to ask: no tile, no error.
    expect(await value('tiles.getTile', { sourceId: source.id, layer: 'base', z: 5, x: 0, y: 0 })).toBeNull();
    // A later estimate for the same source uses what the tiles really weighed.
    const again = await value('tiles.estimate', { sourceId: source.id, bounds: kunming, zooms });
    const stored = [...server.served.keys()].map((k) => {
      const [z, x, y] = k.split('/').map(Number) as [number, number, number];
      return generatedTile(z, x, y).length;
    });
    const average = stored.reduce((a, b) => a + b, 0) / stored.length;
    expect(again.estimatedBytes).toBe(Math.round(estimate.tileCount * average));
  });

  it('pauses and resumes without fetching a tile twice', async () => {
    await server.stop();
    server = await startTileTestServer({ delayMs: 15 });
    const source = await addSource();
    const area = await value('tiles.startDownload', {
      sourceId: source.id,
      name: 'a',
      bounds: kunming,
      zooms,
    });
    while (progress.filter((p) => p.id === area.id && p.done > 0).length < 2) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const paused = await value('tiles.pauseDownload', { areaId: area.id });
    expect(paused.state).toBe('paused');
    expect(paused.done).toBeGreaterThan(0);
    expect(paused.done).toBeLessThan(paused.total);
    await value('tiles.resumeDownload', { areaId: area.id });
    const done = await settled(area.id);
    expect(done.state).toBe('complete');
    // Tiles of the batch in flight at the pause are fetched again; none of the committed ones are.
    const twice = [...server.served.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(4);
  });

  it('stops on a cut connection with a clear message and resumes where it stopped', async () => {
    const source = await addSource();
    server.cutAfter = 9;
    const area = await value('tiles.startDownload', {
      sourceId: source.id,
      name: 'cut',
      bounds: kunming,
      zooms,
    });
    const cut = await settled(area.id);
    expect(cut.state).toBe('interrupted');
    expect(cut.error?.code).toBe('unavailable');
    expect(cut.error?.message).toMatch(/offline\? Resume when the connection is back/);
    expect(cut.done).toBeGreaterThan(0);
    expect(cut.done).toBeLessThan(cut.total);
    // The file on disk says it is not complete.
    const meta = openMbtiles(join(dir, 'areas', `${area.id}.mbtiles`), { readOnly: true }).metadata();
    expect(meta['wrm:state']).toBe('interrupted');

    server.cutAfter = null;
    await value('tiles.resumeDownload', { areaId: area.id });
    const done = await settled(area.id);
    expect(done).toMatchObject({ state: 'complete', done: done.total, error: null });
  });

  it('reads back a download the app was killed in as interrupted, and finishes it after a restart', async () => {
    const source = await addSource();
    server.mode = 'hang';
    const area = await value('tiles.startDownload', {
      sourceId: source.id,
      name: 'crash',
      bounds: kunming,
      zooms,
    });
    // A second service over the same folder is what the next app start sees.
    const restarted = start();
    const seen = restarted['tiles.listAreas']({}, { transport: 'ipc' }) as HostValue<'tiles.listAreas'>;
    expect(seen.find((a) => a.id === area.id)?.state).toBe('interrupted');
    await service.close();
    server.mode = 'tiles';
    service = restarted;
    await value('tiles.resumeDownload', { areaId: area.id });
    expect((await settled(area.id)).state).toBe('complete');
  });

  it('names a refused key, an HTML answer, a full disk and a cap overrun', async () => {
    await server.stop();
    server = await startTileTestServer({ key: 'good-key' });
    const keyed = await addSource('bad-key');
    const tested = await call('tiles.testSource', { id: keyed.id });
    expect(tested).toMatchObject({ ok: false, error: { code: 'permission-denied' } });
    expect(tested.ok ? '' : tested.error.message).toMatch(/HTTP 403.*check the key/);
    const refused = await value('tiles.startDownload', {
      sourceId: keyed.id,
      name: 'k',
      bounds: kunming,
      zooms,
    });
    expect((await settled(refused.id)).error?.code).toBe('permission-denied');
    const { hasKey: _h, keyHint: _k, ...definition } = keyed;
    await value('tiles.saveSource', { source: definition, key: 'good-key' });
    expect(await value('tiles.testSource', { id: keyed.id })).toMatchObject({ format: 'png' });
    expect(JSON.stringify(await value('tiles.listSources', {}))).not.toContain('good-key');

    server.mode = 'html';
    const html = await value('tiles.startDownload', {
      sourceId: keyed.id,
      name: 'h',
      bounds: kunming,
      zooms,
    });
    const failed = await settled(html.id);
    expect(failed.error).toMatchObject({ code: 'protocol' });
    expect(failed.error?.message).toMatch(/text\/html instead of an image/);
    server.mode = 'tiles';

    await service.close();
    service = start({ areaPageLimit: 12 });
    const full = await value('tiles.startDownload', {
      sourceId: keyed.id,
      name: 'f',
      bounds: kunming,
      zooms,
    });
    const stopped = await settled(full.id);
    expect(stopped.state).toBe('interrupted');
    expect(stopped.error).toEqual({
      code: 'io',
      message: 'the disk is full: free some space, then resume the download',
    });

    await value('tiles.saveSettings', { tileCapPerArea: 100, onlineFallback: false });
    const over = await call('tiles.startDownload', {
      sourceId: keyed.id,
      name: 'o',
      bounds: kunming,
      zooms: [14, 15],
    });
    expect(over).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await call('tiles.estimate', { sourceId: keyed.id, bounds: kunming, zooms: [19] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: 'zoom 19 is outside what "test XYZ" offers (0–18)' },
    });
    expect(
      await call('tiles.estimate', { sourceId: keyed.id, bounds: { ...kunming, north: 20 }, zooms }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('refuses bad sources by name', async () => {
    const bad = await call('tiles.saveSource', {
      source: {
        name: 'x',
        kind: 'xyz',
        urlTemplate: 'ftp://a/{z}/{x}/{y}',
        subdomains: [],
        datum: 'wgs84',
        minZoom: 0,
        maxZoom: 18,
      },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: 'tile URLs must start with http:// or https://, not ftp:' },
    });
    const tdt = await value('tiles.saveSource', {
      source: {
        name: '天地图',
        kind: 'tianditu-vector',
        urlTemplate: null,
        subdomains: [],
        datum: 'wgs84',
        minZoom: 1,
        maxZoom: 18,
      },
    });
    expect(
      await call('tiles.startDownload', { sourceId: tdt.id, name: 't', bounds: kunming, zooms }),
    ).toMatchObject({
      ok: false,
      error: { code: 'permission-denied', message: '"天地图" needs a key: enter it in Settings first' },
    });
  });
});

describe('MBTiles import', () => {
  async function upload(bytes: Buffer, name = 'qgis.mbtiles') {
    const begun = await value('tiles.beginImport', { fileName: name, sizeBytes: bytes.length });
    for (let offset = 0; offset < bytes.length; offset += 1000) {
      await value('tiles.importChunk', {
        importId: begun.importId,
        offset,
        dataBase64: bytes.subarray(offset, offset + 1000).toString('base64'),
      });
    }
    return call('tiles.finishImport', { importId: begun.importId, name: '外来底图', datum: 'gcj02' });
  }

  function madeElsewhere(format = 'png'): Buffer {
    const path = join(dir, `elsewhere-${format}.mbtiles`);
    const file = createMbtiles(path, { name: 'from QGIS', format, bounds: '102.6,24.9,102.8,25.1' });
    file.putTiles([
      { layer: 'base', z: 12, x: 3216, y: 1754, data: generatedTile(12, 3216, 1754) },
      { layer: 'base', z: 12, x: 3217, y: 1754, data: generatedTile(12, 3217, 1754) },
    ]);
    file.close();
    return readFileSync(path);
  }

  it('imports a file made elsewhere, lists, renames, serves and deletes it', async () => {
    const r = await upload(madeElsewhere());
    expect(r.ok).toBe(true);
    const area = r.ok ? r.value : null;
    expect(area).toMatchObject({
      origin: 'import',
      state: 'complete',
      datum: 'gcj02',
      format: 'png',
      total: 2,
      zooms: [12],
    });
    expect(area?.bounds).toEqual({ south: 24.9, west: 102.6, north: 25.1, east: 102.8 });
    const tile = await value('tiles.getTile', {
      sourceId: `area:${area?.id ?? ''}`,
      layer: 'base',
      z: 12,
      x: 3217,
      y: 1754,
    });
    expect(tile?.from).toBe('area');
    expect((await value('tiles.renameArea', { areaId: area?.id ?? '', name: '新名字' })).name).toBe('新名字');
    expect(await value('tiles.deleteArea', { areaId: area?.id ?? '' })).toEqual({ deleted: true });
    expect(await value('tiles.listAreas', {})).toEqual([]);
  });

  it('names what is wrong with a file that is not raster MBTiles, and keeps nothing of it', async () => {
    const notSqlite = await upload(
      Buffer.from('PK\u0003\u0004 this is a zip file, not a database'),
      'map.zip',
    );
    expect(notSqlite.ok ? '' : notSqlite.error.message).toBe(
      'map.zip: this is not an MBTiles file (it is not even an SQLite database) (the file is not an SQLite database, so it cannot be MBTiles)',
    );
    const vector = await upload(madeElsewhere('pbf'));
    expect(vector.ok ? '' : vector.error.message).toMatch(/vector tiles/);
    const whole = madeElsewhere();
    const truncated = await upload(whole.subarray(0, Math.floor(whole.length / 2)));
    expect(truncated.ok ? '' : truncated.error.message).toMatch(/damaged|not MBTiles/);
    const otherDb = join(dir, 'other.sqlite');
    const other = createMbtiles(otherDb, {});
    other.close();
    writeFileSync(otherDb, readFileSync(otherDb)); // an SQLite file, but with no tiles in it
    const empty = await upload(readFileSync(otherDb));
    expect(empty.ok ? '' : empty.error.message).toMatch(/holds no tiles/);
    const begun = await value('tiles.beginImport', { fileName: 'x.mbtiles', sizeBytes: 10 });
    expect(
      await call('tiles.importChunk', { importId: begun.importId, offset: 5, dataBase64: 'AAAA' }),
    ).toMatchObject({
      ok: false,
      error: { message: 'chunk at byte 5, expected byte 0' },
    });
    expect(
      await call('tiles.finishImport', { importId: begun.importId, name: 'x', datum: 'wgs84' }),
    ).toMatchObject({
      ok: false,
      error: { message: 'the upload stopped at 0 of 10 bytes: import cancelled' },
    });
    expect(await value('tiles.listAreas', {})).toEqual([]);
  });
});
