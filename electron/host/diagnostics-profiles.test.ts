import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfileStore } from './diagnostics-profiles';

const shipped = join(__dirname, '..', '..', 'resources', 'meter-profiles');

describe('meter profile store', () => {
  it('loads every shipped profile without a problem', async () => {
    const store = createProfileStore({ builtinDir: shipped, userDir: join(tmpdir(), 'wrm-none') });
    const { profiles, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(profiles.length).toBeGreaterThanOrEqual(5);
    expect(profiles.every((p) => p.source === 'builtin')).toBe(true);
  });

  it('lists a bad user file by name and field, and keeps the good ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wrm-prof-'));
    await mkdir(join(dir, 'user'));
    await writeFile(join(dir, 'user', 'bad.json'), JSON.stringify({ id: 'bad', registers: [] }));
    const store = createProfileStore({ builtinDir: shipped, userDir: join(dir, 'user') });
    const { problems } = await store.list();
    expect(problems[0]?.file).toBe('user/bad.json');
    expect(problems[0]?.message).toMatch(/bad\.json: name/);
    await expect(store.get('nope')).rejects.toMatchObject({ code: 'not-found' });
  });
});
