import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bounds } from '#shared/geo/coords';
import type { TileSourceDefinition } from '#shared/geo/tile-sources';
import { normaliseZooms, tileCount } from '#shared/geo/tiles';
import { createAreaStore, wrmKeys, type AreaStore } from './area-store';
import { createDownloadJobs } from './download-jobs';
import { defaultDownloadDeps, type DownloadPlan } from './downloader';
import { startTileTestServer, type TileTestServer } from './tile-test-server';

// Real: the tile server on 127.0.0.1, Node's fetch, SQLite files on disk. Only the back-off sleep is short.
let dir: string;
let server: TileTestServer;
let areas: AreaStore;
let told: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wrm-jobs-'));
  server = await startTileTestServer();
  areas = createAreaStore(join(dir, 'areas'));
  told = [];
});

afterEach(async () => {
  areas.closeAll();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const jobs = createDownloadJobs({
    download: {
      ...defaultDownloadDeps,
      fetch: (url, init) => fetch(url, init),
      sleep: () => Promise.resolve(),
      batchSize: 2,
      concurrency: 1,
      timeoutMs: 2_000,
      attempts: 1,
    },
    areas,
    now: () => new Date(Date.UTC(2026, 11, 7)),
    progress: (id) => void told.push(id),
  });
  const source: TileSourceDefinition = {
    id: 'src-1',
    name: 'test',
    kind: 'xyz',
    urlTemplate: server.template,
    subdomains: [],
    datum: 'wgs84',
    minZoom: 0,
    maxZoom: 18,
  };
  const wgs = bounds('wgs84', 24.95, 102.6, 25.1, 102.8);
  const zooms = normaliseZooms([10, 11, 12]);
  const plan: DownloadPlan = { source, key: null, bounds: wgs, zooms, positions: tileCount(wgs, zooms) };
  const file = areas.create('area-1', {
    name: 'Kunming',
    format: '',
    [wrmKeys.origin]: 'download',
    [wrmKeys.sourceId]: source.id,
    [wrmKeys.zooms]: zooms.join(','),
    [wrmKeys.layers]: 'base',
    [wrmKeys.positions]: String(plan.positions),
    [wrmKeys.cursor]: '0',
    [wrmKeys.missing]: '0',
  });
  return { jobs, plan, file };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i += 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('download jobs', () => {
  it('runs one download per area to the end and tells the page', async () => {
    const { jobs, plan, file } = setup();
    jobs.start('area-1', file, plan);
    expect(jobs.running('area-1')).toBe(true);
    expect(file.metadata()[wrmKeys.state]).toBe('downloading');
    await until(() => !jobs.running('area-1'));
    expect(jobs.running('area-1')).toBe(false);
    expect(areas.describe('area-1', false)).toMatchObject({ state: 'complete', done: plan.positions });
    expect(server.served.size).toBe(plan.positions);
    expect(told.at(-1)).toBe('area-1');
  });

  it('a stopped download leaves its area paused, and stop waits until the file is let go', async () => {
    const { jobs, plan, file } = setup();
    server.cutAfter = null;
    jobs.start('area-1', file, plan);
    await jobs.stop('area-1');
    expect(jobs.running('area-1')).toBe(false);
    expect(file.metadata()[wrmKeys.state]).toBe('paused');
    await jobs.stop('area-1'); // nothing runs: a no-op
    await jobs.stopAll();
  });

  it('a cut connection leaves the area interrupted with the error', async () => {
    const { jobs, plan, file } = setup();
    server.cutAfter = 3;
    jobs.start('area-1', file, plan);
    await until(() => !jobs.running('area-1'));
    expect(file.metadata()[wrmKeys.state]).toBe('interrupted');
    const error = JSON.parse(file.metadata()[wrmKeys.error] ?? 'null') as { code: string } | null;
    expect(error?.code).toBe('unavailable');
    expect(areas.describe('area-1', false).state).toBe('interrupted');
  });
});
