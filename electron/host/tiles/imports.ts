import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Datum } from '#shared/geo/coords';
import { CodedError } from '#shared/result';
import { wrmKeys, type AreaStore } from './area-store';
import { MbtilesError, openMbtiles } from './mbtiles';

/**
 * MBTiles files made elsewhere, uploaded in order in base64 chunks into `imports/<id>.part`. Only a
 * complete file that opens as raster MBTiles and passes SQLite's check is moved into the areas folder;
 * anything else is deleted with a message naming the problem. A `.part` is never listed as an area.
 */
export const importChunkBytes = 4 * 2 ** 20;

type Pending = { readonly path: string; readonly fileName: string; readonly size: number; received: number };

export type Imports = {
  begin(fileName: string, size: number): { importId: string; chunkBytes: number };
  chunk(importId: string, offset: number, dataBase64: string): { received: number };
  finish(importId: string, name: string, datum: Datum): string;
  abort(importId: string): boolean;
};

const problemMessages: Record<MbtilesError['problem'], string> = {
  'not-found': 'the uploaded file is gone',
  'not-sqlite': 'this is not an MBTiles file (it is not even an SQLite database)',
  'not-mbtiles': 'this SQLite file is not MBTiles',
  'vector-tiles': 'this MBTiles file holds vector tiles; only raster tiles (png, jpg, webp) can be shown',
  corrupt: 'this MBTiles file is damaged',
  'disk-full': 'the disk is full',
  io: 'the MBTiles file cannot be read',
};

export function createImports(dir: string, areas: AreaStore, newId: () => string, now: () => Date): Imports {
  mkdirSync(dir, { recursive: true });
  // Leftovers of an app that stopped mid-import are useless: remove them.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pending = new Map<string, Pending>();
  const get = (id: string) => {
    const p = pending.get(id);
    if (p === undefined) {
      throw new CodedError('not-found', `no import "${id}" in progress`);
    }
    return p;
  };
  const drop = (id: string) => {
    const p = pending.get(id);
    pending.delete(id);
    if (p) {
      rmSync(p.path, { force: true });
      rmSync(`${p.path}-journal`, { force: true });
    }
  };
  return {
    begin: (fileName, size) => {
      const importId = newId();
      const path = join(dir, `${importId}.part`);
      closeSync(openSync(path, 'w', 0o600));
      pending.set(importId, { path, fileName, size, received: 0 });
      return { importId, chunkBytes: importChunkBytes };
    },
    chunk: (importId, offset, dataBase64) => {
      const p = get(importId);
      if (offset !== p.received) {
        throw new CodedError('invalid-argument', `chunk at byte ${offset}, expected byte ${p.received}`);
      }
      const bytes = Buffer.from(dataBase64, 'base64');
      if (p.received + bytes.length > p.size) {
        drop(importId);
        throw new CodedError('invalid-argument', `more bytes than the announced ${p.size}: import cancelled`);
      }
      const fd = openSync(p.path, 'a');
      try {
        writeSync(fd, bytes);
      } catch (error) {
        drop(importId);
        const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
        throw new CodedError(
          'io',
          full ? 'the disk is full: import cancelled' : `cannot write the import: ${String(error)}`,
        );
      } finally {
        closeSync(fd);
      }
      p.received += bytes.length;
      return { received: p.received };
    },
    finish: (importId, name, datum) => {
      const p = get(importId);
      if (p.received !== p.size || statSync(p.path).size !== p.size) {
        drop(importId);
        throw new CodedError(
          'invalid-argument',
          `the upload stopped at ${p.received} of ${p.size} bytes: import cancelled`,
        );
      }
      try {
        const file = openMbtiles(p.path, { deepCheck: true });
        try {
          const s = file.summary();
          if (s.tileCount === 0) {
            throw new MbtilesError('not-mbtiles', 'the MBTiles file holds no tiles');
          }
          const tileCount = s.tileCount;
          const at = now().toISOString();
          file.setMetadata({
            name,
            format: s.format,
            [wrmKeys.id]: importId,
            [wrmKeys.origin]: 'import',
            [wrmKeys.datum]: datum,
            [wrmKeys.state]: 'complete',
            [wrmKeys.storedTiles]: String(tileCount),
            [wrmKeys.zooms]:
              s.minZoom === null || s.maxZoom === null
                ? ''
                : Array.from({ length: s.maxZoom - s.minZoom + 1 }, (_, i) => (s.minZoom ?? 0) + i).join(','),
            [wrmKeys.createdAt]: at,
            [wrmKeys.updatedAt]: at,
            'wrm:importedFrom': p.fileName,
          });
        } finally {
          file.close();
        }
      } catch (error) {
        drop(importId);
        if (error instanceof MbtilesError) {
          const detail = error.message;
          throw new CodedError(
            'invalid-argument',
            `${p.fileName}: ${problemMessages[error.problem]} (${detail})`,
          );
        }
        throw error;
      }
      pending.delete(importId);
      areas.adopt(importId, p.path);
      return importId;
    },
    abort: (importId) => {
      const had = pending.has(importId);
      drop(importId);
      return had;
    },
  };
}
