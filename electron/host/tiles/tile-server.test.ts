import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAreaStore, wrmKeys, type AreaStore } from './area-store';
import type { FetchLike } from './fetch-tile';
import { generatedTile } from './png';
import { createSourceStore, type SourceStore } from './source-store';
import { createTileServer } from './tile-server';

// Real MBTiles files and a real source store on disk; the network is a function answering one PNG
// (or failing), standing in for a tile service this machine cannot reach.
let dir: string;
let areas: AreaStore;
let sources: SourceStore;
let fetched: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wrm-tile-server-'));
  areas = createAreaStore(join(dir, 'areas'));
  sources = createSourceStore(join(dir, 'sources.json'), () => 'src-1');
  sources.save(
    {
      name: 'test XYZ',
      kind: 'xyz',
      urlTemplate: 'http://tiles.test/{z}/{x}/{y}.png',
      subdomains: [],
      datum: 'wgs84',
      minZoom: 0,
      maxZoom: 18,
    },
    null,
  );
  fetched = [];
  const area = areas.create('area-1', {
    name: 'one tile',
    format: 'png',
    [wrmKeys.origin]: 'download',
    [wrmKeys.sourceId]: 'src-1',
  });
  area.putTiles([{ layer: 'base', z: 2, x: 1, y: 2, data: generatedTile(2, 1, 2) }]);
});

afterEach(() => {
  areas.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

function server(online: boolean) {
  sources.saveSettings({ ...sources.settings(), onlineFallback: online });
  const fetch: FetchLike = (url) => {
    fetched.push(url);
    return Promise.resolve(
      new Response(new Uint8Array(generatedTile(0, 0, 0)), {
        status: 200,
        headers: { 'content-type': 'image/png' },
      }),
    );
  };
  return createTileServer({ areas, sources, fetch });
}

describe('tile server', () => {
  it('serves a stored tile of the source, and of the area asked by name', async () => {
    const tiles = server(false);
    expect(await tiles.getTile('src-1', 'base', 2, 1, 2)).toMatchObject({
      format: 'png',
      from: 'area',
      overzoom: null,
    });
    expect(await tiles.getTile('area:area-1', 'base', 2, 1, 2)).toMatchObject({ from: 'area' });
    expect(await tiles.getTile('other', 'base', 2, 1, 2)).toBeNull();
  });

  it('past the deepest zoom, enlarges the nearest stored ancestor and says which part of it to show', async () => {
    const tiles = server(false);
    // z4 x5 y10 lies in z2 x1 y2 (5 >> 2 = 1, 10 >> 2 = 2), at column 1, row 2 of the 4×4 enlargement.
    expect(await tiles.getTile('src-1', 'base', 4, 5, 10)).toMatchObject({
      from: 'area',
      overzoom: { levels: 2, col: 1, row: 2 },
    });
    // Seven levels deeper is past the ×64 limit: nothing.
    expect(await tiles.getTile('src-1', 'base', 9, 1 << 7, 2 << 7)).toBeNull();
  });

  it('asks the network only when the crew allowed it and no area has the tile', async () => {
    expect(await server(false).getTile('src-1', 'base', 3, 0, 0)).toBeNull();
    expect(fetched).toEqual([]);
    const tiles = server(true);
    expect(await tiles.getTile('src-1', 'base', 2, 1, 2)).toMatchObject({ from: 'area' });
    expect(fetched).toEqual([]);
    expect(await tiles.getTile('src-1', 'base', 3, 0, 0)).toMatchObject({ from: 'network', overzoom: null });
    expect(fetched).toEqual(['http://tiles.test/3/0/0.png']);
    expect(await tiles.getTile('area:area-1', 'base', 3, 0, 0)).toBeNull();
    expect(fetched).toHaveLength(1);
  });

  it('shows the plain background when the network fails', async () => {
    sources.saveSettings({ ...sources.settings(), onlineFallback: true });
    const tiles = createTileServer({ areas, sources, fetch: () => Promise.reject(new Error('offline')) });
    expect(await tiles.getTile('src-1', 'base', 3, 0, 0)).toBeNull();
  });
});
