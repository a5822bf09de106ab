import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMbtiles, MbtilesError, openMbtiles } from './mbtiles';
import { generatedTile } from './png';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wrm-mbtiles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('MBTiles files', () => {
  it('store XYZ tiles under TMS rows, as the MBTiles spec and QGIS expect', () => {
    const path = join(dir, 'a.mbtiles');
    const file = createMbtiles(path, { name: 'a', format: 'png' });
    const png = generatedTile(10, 843, 388);
    file.putTiles([{ layer: 'base', z: 10, x: 843, y: 388, data: png }], { 'wrm:state': 'complete' });
    file.putTiles([{ layer: 'annotation', z: 10, x: 843, y: 388, data: generatedTile(1, 0, 0) }]);
    file.close();

    // Read with plain SQL, as another program would.
    const db = new Database(path, { readOnly: true });
    expect(db.get('SELECT zoom_level, tile_column, tile_row FROM tiles')).toEqual({
      zoom_level: 10,
      tile_column: 843,
      tile_row: 1023 - 388,
    });
    expect(db.get(`SELECT value FROM metadata WHERE name = 'wrm:state'`)).toEqual({ value: 'complete' });
    db.close();

    const again = openMbtiles(path, { readOnly: true, deepCheck: true });
    expect(again.getTile('base', 10, 843, 388)).toEqual(new Uint8Array(png));
    expect(again.getTile('annotation', 10, 843, 388)?.length).toBeGreaterThan(0);
    expect(again.getTile('base', 10, 843, 389)).toBeNull();
    expect(again.summary()).toMatchObject({ format: 'png', tileCount: 2, minZoom: 10, maxZoom: 10 });
    again.close();
  });

  it('rolls a failed batch back whole', () => {
    const path = join(dir, 'b.mbtiles');
    const file = createMbtiles(path, { name: 'b' }, { maxPages: 8 });
    const big = new Uint8Array(3000).fill(7);
    expect(() =>
      file.putTiles(
        Array.from({ length: 20 }, (_, i) => ({ layer: 'base' as const, z: 5, x: i, y: 0, data: big })),
        { 'wrm:cursor': '20' },
      ),
    ).toThrow(expect.objectContaining({ problem: 'disk-full' }) as Error);
    expect(file.getTile('base', 5, 0, 0)).toBeNull();
    expect(file.metadata()['wrm:cursor']).toBeUndefined();
    file.close();
  });

  it('refuses what is not MBTiles', () => {
    const junk = join(dir, 'junk.mbtiles');
    writeFileSync(junk, 'not a database at all');
    expect(() => openMbtiles(junk)).toThrow(MbtilesError);
    expect(() => openMbtiles(junk)).toThrow(/not an SQLite database/);
    expect(() => openMbtiles(join(dir, 'missing.mbtiles'))).toThrow(
      expect.objectContaining({ problem: 'not-found' }) as Error,
    );
    const plain = join(dir, 'plain.sqlite');
    const db = new Database(plain);
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT)');
    db.close();
    expect(() => openMbtiles(plain)).toThrow(/no "tiles" table, so it is not MBTiles/);
  });
});
