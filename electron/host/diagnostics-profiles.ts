import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseMeterProfile,
  validateMeterProfile,
  type MeterProfile,
} from '#shared/diagnostics/meter-profile';
import type { StoredProfiles } from '#shared/host/contract/diagnostics';
import { CodedError } from '#shared/result';

/**
 * Meter profiles on disk: the shipped ones in `resources/meter-profiles` (read-only) and the crew's in
 * `<dataDir>/meter-profiles` (editable). A user profile with a built-in id is refused so a shipped
 * template is never shadowed silently; a bad file is listed as a problem by name, never dropped quietly.
 */
export type ProfileStore = {
  list(): Promise<StoredProfiles>;
  get(id: string): Promise<MeterProfile>;
  save(profile: MeterProfile): Promise<MeterProfile>;
};

async function readDir(dir: string, source: 'builtin' | 'user', out: StoredProfiles) {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || source === 'builtin') {
      (out.problems as { file: string; message: string }[]).push({
        file: dir,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    return;
  }
  for (const file of files) {
    try {
      const profile = parseMeterProfile(file, await readFile(join(dir, file), 'utf8'));
      (out.profiles as MeterProfile[]).push({ ...profile, source });
    } catch (error) {
      (out.problems as { file: string; message: string }[]).push({
        file: `${source === 'user' ? 'user/' : ''}${file}`,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

export function createProfileStore(deps: {
  readonly builtinDir: string;
  readonly userDir: string;
}): ProfileStore {
  const list = async (): Promise<StoredProfiles> => {
    const out: StoredProfiles = { profiles: [], problems: [] };
    await readDir(deps.builtinDir, 'builtin', out);
    const builtinIds = new Set(out.profiles.map((p) => p.id));
    const user: StoredProfiles = { profiles: [], problems: [] };
    await readDir(deps.userDir, 'user', user);
    for (const p of user.profiles) {
      if (builtinIds.has(p.id)) {
        (out.problems as { file: string; message: string }[]).push({
          file: `user/${p.id}.json`,
          message: `id "${p.id}" is a built-in profile; rename the copy`,
        });
      } else {
        (out.profiles as MeterProfile[]).push(p);
      }
    }
    (out.problems as unknown[]).push(...user.problems);
    return out;
  };
  return {
    list,
    get: async (id) => {
      const found = (await list()).profiles.find((p) => p.id === id);
      if (found === undefined) {
        throw new CodedError('not-found', `no meter profile "${id}"`);
      }
      return found;
    },
    save: async (profile) => {
      const valid = validateMeterProfile(`${profile.id}.json`, { ...profile, source: 'user' });
      const existing = (await list()).profiles.find((p) => p.id === valid.id);
      if (existing?.source === 'builtin') {
        throw new CodedError('conflict', `"${valid.id}" is a built-in profile: duplicate it under a new id`);
      }
      await mkdir(deps.userDir, { recursive: true });
      const file = join(deps.userDir, `${valid.id}.json`);
      // Write then rename: a crash mid-write never leaves a half profile behind.
      const tmp = `${file}.tmp`;
      await writeFile(tmp, `${JSON.stringify(valid, null, 2)}\n`, 'utf8');
      await rename(tmp, file);
      return valid;
    },
  };
}
