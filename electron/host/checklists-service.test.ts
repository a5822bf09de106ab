import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A refusal message starting with its named reason. */
const named = (reason: string): string => expect.stringMatching(new RegExp(`^${reason}`)) as string;
import { loadChecklists } from './checklists-service';

const shipped = join(import.meta.dirname, '..', '..', 'resources', 'checklists');

describe('checklists from resources/', () => {
  it('loads the shipped checklists, one per site kind', async () => {
    const list = await loadChecklists(shipped);
    expect(list.problems).toEqual([]);
    expect(list.checklists.map((c) => c.siteKind).sort()).toEqual([
      'boundary_section',
      'intake',
      'source_quality',
    ]);
  });

  it('reports a broken or mislabelled file by name and keeps the good ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrm-checklists-'));
    copyFileSync(join(shipped, 'intake.json'), join(dir, 'intake.json'));
    copyFileSync(join(shipped, 'intake.json'), join(dir, 'boundary_section.json'));
    writeFileSync(join(dir, 'source_quality.json'), '{ not json');
    const list = await loadChecklists(dir);
    expect(list.checklists.map((c) => c.id)).toEqual(['intake']);
    expect(list.problems).toEqual([
      { file: 'boundary_section.json', message: named('wrong-site-kind') },
      { file: 'source_quality.json', message: named('invalid-json') },
    ]);
    expect((await loadChecklists(join(dir, 'missing'))).problems).toHaveLength(1);
  });
});
