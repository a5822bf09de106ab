import { createHash } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPhotoStore } from './photo-store';

describe('photo store', () => {
  it('stores by content hash, dedups, reads back and removes', async () => {
    const store = createPhotoStore(await mkdtemp(join(tmpdir(), 'wrm-photos-')));
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(await store.put(bytes)).toEqual({ sha256: sha, bytes: 7, created: true });
    expect(await store.put(bytes)).toEqual({ sha256: sha, bytes: 7, created: false });
    expect(await store.has(sha)).toBe(true);
    expect(await store.size(sha)).toBe(7);
    expect(Array.from((await store.get(sha)) ?? [])).toEqual(Array.from(bytes));
    expect((await readdir(join(store.root, sha.slice(0, 2)))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await store.remove(sha)).toBe(true);
    expect(await store.get(sha)).toBeNull();
  });

  it('refuses a name that is not a sha256 (no path tricks)', async () => {
    const store = createPhotoStore(await mkdtemp(join(tmpdir(), 'wrm-photos-')));
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/not a sha256/);
    expect(await store.get('../../etc/passwd')).toBeNull();
  });
});
