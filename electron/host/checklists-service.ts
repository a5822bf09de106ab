import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChecklistList } from '#shared/host/contract/checklists';
import type { HostHandlers } from '#shared/host/dispatch';
import { parseChecklistConfig, type ChecklistConfig } from '#shared/patrol/checklist';
import { isSiteKind } from './site-kind';

/** Reads `<dir>/*.json`; each file is validated and a bad one is reported by name. */
export async function loadChecklists(dir: string): Promise<ChecklistList> {
  const checklists: ChecklistConfig[] = [];
  const problems: { file: string; message: string }[] = [];
  let files: string[] = [];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    problems.push({ file: dir, message: error instanceof Error ? error.message : String(error) });
  }
  for (const file of files) {
    try {
      const kind = file.replace(/\.json$/, '');
      const parsed = parseChecklistConfig(
        JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown,
        isSiteKind(kind) ? kind : undefined,
      );
      if (parsed.ok) {
        checklists.push(parsed.value);
      } else {
        problems.push({ file, message: `${parsed.error.code}: ${parsed.error.message}` });
      }
    } catch (error) {
      problems.push({
        file,
        message: `invalid-json: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return { checklists, problems };
}

export function createChecklistsHandlers(deps: {
  readonly dir: string;
}): Pick<HostHandlers, 'checklists.list'> {
  return { 'checklists.list': () => loadChecklists(deps.dir) };
}
