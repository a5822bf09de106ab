import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

const sha256Pattern = /^[0-9a-f]{64}$/;

/**
 * Photos on disk, content-addressed by the sha256 of their bytes (`<root>/ab/abcdef….jpg`). Writes go
 * to a temp file that is fsynced and renamed, so a crash never leaves a half-written photo under its
 * hash; writing the same bytes twice is a no-op.
 */
export function createPhotoStore(root: string) {
  const pathOf = (sha256: string) => {
    if (!sha256Pattern.test(sha256)) {
      throw new Error(`not a sha256: ${sha256}`);
    }
    return join(root, sha256.slice(0, 2), `${sha256}.jpg`);
  };

  return {
    root,
    pathOf,
    async put(bytes: Uint8Array): Promise<{ sha256: string; bytes: number; created: boolean }> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      try {
        await stat(target);
        return { sha256, bytes: bytes.byteLength, created: false };
      } catch {
        // not stored yet
      }
      await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
      const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      return { sha256, bytes: bytes.byteLength, created: true };
    },
    async get(sha256: string): Promise<Uint8Array | null> {
      try {
        return await readFile(pathOf(sha256));
      } catch {
        return null;
      }
    },
    async has(sha256: string): Promise<boolean> {
      try {
        await stat(pathOf(sha256));
        return true;
      } catch {
        return false;
      }
    },
    async size(sha256: string): Promise<number | null> {
      try {
        return (await stat(pathOf(sha256))).size;
      } catch {
        return null;
      }
    },
    async remove(sha256: string): Promise<boolean> {
      try {
        await unlink(pathOf(sha256));
        return true;
      } catch {
        return false;
      }
    },
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
