import { closeSync, openSync, readSync } from 'node:fs';
import * as sqlite from 'node-sqlite3-wasm';
import type { SQLiteValue } from 'node-sqlite3-wasm';
import { imageFormatOf, type ImageFormat, type TileLayerId } from '#shared/geo/tile-sources';
import { tmsRow } from '#shared/geo/tiles';

/**
 * MBTiles 1.3 files through SQLite compiled to WebAssembly with a file-system VFS (node-sqlite3-wasm):
 * no native module to rebuild for Electron's ABI, and pages are read from disk on demand rather than
 * the whole file held in memory (sql.js would load a 1 GB area into RAM).
 *
 * Our downloads keep the base layer in the standard `tiles` table, so QGIS and every MBTiles reader
 * opens them; Tianditu's annotation layer goes in `wrm_layer_tiles`. Download state lives in
 * `metadata` under `wrm:` keys, so a file says by itself whether it is complete.
 */
export const mbtilesProblems = [
  'not-found',
  'not-sqlite',
  'not-mbtiles',
  'vector-tiles',
  'corrupt',
  'disk-full',
  'io',
] as const;
export type MbtilesProblem = (typeof mbtilesProblems)[number];

export class MbtilesError extends Error {
  constructor(
    readonly problem: MbtilesProblem,
    message: string,
  ) {
    super(message);
    this.name = 'MbtilesError';
  }
}

// node-sqlite3-wasm is CommonJS whose exports Node's ESM loader cannot list: under plain Node (the web
// shell) its classes sit on `default`; bundled (Electron main) and under Vitest they are named.
const { Database } = (sqlite as { default?: typeof sqlite }).default ?? sqlite;
type Database = sqlite.Database;

const sqliteMagic = 'SQLite format 3\0';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Maps an SQLite failure onto what a crew can act on, once, where it arises; everything above reads
 * the `MbtilesError`'s closed `problem`. The text is read here only because node-sqlite3-wasm's
 * SQLite3Error carries nothing but `sqlite3_errmsg` (no result code to read instead).
 */
export function mbtilesErrorFrom(error: unknown, what: string): MbtilesError {
  if (error instanceof MbtilesError) {
    return error;
  }
  const message = describe(error);
  if (/disk is full|SQLITE_FULL|ENOSPC/i.test(message)) {
    return new MbtilesError('disk-full', `${what}: the disk is full (${message})`);
  }
  if (/malformed|not a database|corrupt/i.test(message)) {
    return new MbtilesError('corrupt', `${what}: the file is damaged (${message})`);
  }
  return new MbtilesError('io', `${what}: ${message}`);
}

function readHeader(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new MbtilesError('not-found', `cannot open ${path}: ${describe(error)}`);
  }
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export type StoredTile = {
  readonly layer: TileLayerId;
  readonly z: number;
  readonly x: number;
  /** XYZ row (north = 0); flipped to TMS on the way into the file. */
  readonly y: number;
  readonly data: Uint8Array;
};

export type MbtilesSummary = {
  readonly metadata: Readonly<Record<string, string>>;
  readonly format: ImageFormat;
  readonly tileCount: number;
  readonly minZoom: number | null;
  readonly maxZoom: number | null;
};

export type MbtilesFile = {
  readonly path: string;
  metadata(): Record<string, string>;
  setMetadata(entries: Readonly<Record<string, string>>): void;
  getTile(layer: TileLayerId, z: number, x: number, y: number): Uint8Array | null;
  /** Writes tiles and metadata in one transaction: after a crash either all of them are there or none. */
  putTiles(tiles: readonly StoredTile[], metadata?: Readonly<Record<string, string>>): void;
  summary(): MbtilesSummary;
  close(): void;
};

const schema = `
CREATE TABLE IF NOT EXISTS metadata (name TEXT NOT NULL PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
CREATE TABLE IF NOT EXISTS wrm_layer_tiles (layer TEXT NOT NULL, zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL, PRIMARY KEY (layer, zoom_level, tile_column, tile_row));
`;

/** SQLite text, numbers as text, anything else (blobs, null) as ''. */
function text(value: SQLiteValue | undefined): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'bigint'
      ? value.toString()
      : '';
}

function asBytes(value: SQLiteValue | undefined): Uint8Array | null {
  return value instanceof Uint8Array ? value : null;
}

function wrap(db: Database, path: string): MbtilesFile {
  const hasLayerTable = db.get(`SELECT 1 AS one FROM sqlite_master WHERE name = 'wrm_layer_tiles'`) !== null;
  const run = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (error) {
      throw mbtilesErrorFrom(error, what);
    }
  };
  const file: MbtilesFile = {
    path,
    metadata: () =>
      run('reading metadata', () => {
        const out: Record<string, string> = {};
        for (const row of db.all('SELECT name, value FROM metadata')) {
          if (typeof row['name'] === 'string') {
            out[row['name']] = text(row['value'] as SQLiteValue);
          }
        }
        return out;
      }),
    setMetadata: (entries) => file.putTiles([], entries),
    getTile: (layer, z, x, y) =>
      run('reading a tile', () => {
        const row =
          layer === 'base'
            ? db.get(
                'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
                [z, x, tmsRow(z, y)],
              )
            : hasLayerTable
              ? db.get(
                  'SELECT tile_data FROM wrm_layer_tiles WHERE layer = ? AND zoom_level = ? AND tile_column = ? AND tile_row = ?',
                  [layer, z, x, tmsRow(z, y)],
                )
              : null;
        return row === null ? null : asBytes(row['tile_data'] as SQLiteValue);
      }),
    putTiles: (tiles, metadata) =>
      run('writing tiles', () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          for (const t of tiles) {
            if (t.layer === 'base') {
              db.run(
                'INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)',
                [t.z, t.x, tmsRow(t.z, t.y), t.data],
              );
            } else {
              db.run(
                'INSERT OR REPLACE INTO wrm_layer_tiles (layer, zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?, ?)',
                [t.layer, t.z, t.x, tmsRow(t.z, t.y), t.data],
              );
            }
          }
          for (const [name, value] of Object.entries(metadata ?? {})) {
            db.run('INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)', [name, value]);
          }
          db.exec('COMMIT');
        } catch (error) {
          if (db.inTransaction) {
            db.exec('ROLLBACK');
          }
          throw error;
        }
      }),
    summary: () =>
      run('reading the tile index', () => {
        const metadata = file.metadata();
        const counts = db.get(
          'SELECT COUNT(*) AS n, MIN(zoom_level) AS lo, MAX(zoom_level) AS hi FROM tiles',
        );
        const extra = hasLayerTable ? db.get('SELECT COUNT(*) AS n FROM wrm_layer_tiles') : null;
        const n = Number(counts?.['n'] ?? 0) + Number(extra?.['n'] ?? 0);
        let format = metadata['format']?.toLowerCase();
        if (format === 'jpeg') {
          format = 'jpg';
        }
        if (format === 'pbf' || format === 'mvt') {
          throw new MbtilesError(
            'vector-tiles',
            'this MBTiles file holds vector tiles (pbf); the map needs raster tiles (png, jpg or webp) — export them as raster from QGIS',
          );
        }
        if (format !== 'png' && format !== 'jpg' && format !== 'webp') {
          const first = db.get('SELECT tile_data FROM tiles LIMIT 1');
          const bytes = first === null ? null : asBytes(first['tile_data'] as SQLiteValue);
          const sniffed = bytes === null ? null : imageFormatOf(bytes);
          if (bytes !== null && sniffed === null) {
            throw new MbtilesError(
              'vector-tiles',
              'the tiles in this MBTiles file are not png, jpg or webp images',
            );
          }
          format = sniffed ?? 'png';
        }
        return {
          metadata,
          format: format as ImageFormat,
          tileCount: n,
          minZoom: counts?.['lo'] === null || counts?.['lo'] === undefined ? null : Number(counts['lo']),
          maxZoom: counts?.['hi'] === null || counts?.['hi'] === undefined ? null : Number(counts['hi']),
        };
      }),
    close: () => {
      if (db.isOpen) {
        db.close();
      }
    },
  };
  return file;
}

/** Creates a new, empty MBTiles file with `metadata`. */
export function createMbtiles(
  path: string,
  metadata: Readonly<Record<string, string>>,
  options: { maxPages?: number } = {},
): MbtilesFile {
  let db: Database;
  try {
    db = new Database(path);
    db.exec(schema);
    if (options.maxPages !== undefined) {
      // Caps the file; SQLite then fails writes with SQLITE_FULL exactly as on a full disk.
      db.exec(`PRAGMA max_page_count = ${Math.floor(options.maxPages)}`);
    }
  } catch (error) {
    throw mbtilesErrorFrom(error, `creating ${path}`);
  }
  const file = wrap(db, path);
  file.setMetadata(metadata);
  return file;
}

/**
 * Opens an existing MBTiles file, checking on the way that it is SQLite, has the MBTiles tables and
 * holds raster tiles. `deepCheck` also runs SQLite's integrity check (for imports of unknown files).
 */
export function openMbtiles(
  path: string,
  options: { readOnly?: boolean; deepCheck?: boolean } = {},
): MbtilesFile {
  const head = readHeader(path);
  if (head.length < 16 || head.toString('latin1') !== sqliteMagic) {
    throw new MbtilesError('not-sqlite', 'the file is not an SQLite database, so it cannot be MBTiles');
  }
  let db: Database;
  try {
    db = new Database(path, { fileMustExist: true, readOnly: options.readOnly ?? false });
  } catch (error) {
    throw mbtilesErrorFrom(error, 'opening the MBTiles file');
  }
  try {
    const names = new Set(
      db
        .all(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`)
        .map((r) => text(r['name'] as SQLiteValue)),
    );
    for (const needed of ['metadata', 'tiles']) {
      if (!names.has(needed)) {
        throw new MbtilesError(
          'not-mbtiles',
          `the SQLite file has no "${needed}" table, so it is not MBTiles`,
        );
      }
    }
    const columns = new Set(
      db.all(`SELECT name FROM pragma_table_info('tiles')`).map((r) => text(r['name'] as SQLiteValue)),
    );
    for (const c of ['zoom_level', 'tile_column', 'tile_row', 'tile_data']) {
      if (!columns.has(c)) {
        throw new MbtilesError('not-mbtiles', `the "tiles" table has no "${c}" column, so it is not MBTiles`);
      }
    }
    if (options.deepCheck) {
      const check = db.get('PRAGMA quick_check');
      const verdict = text(check?.['quick_check'] as SQLiteValue);
      if (verdict !== 'ok') {
        throw new MbtilesError('corrupt', `the MBTiles file is damaged: ${verdict}`);
      }
    }
  } catch (error) {
    db.close();
    throw mbtilesErrorFrom(error, 'checking the MBTiles file');
  }
  return wrap(db, path);
}
