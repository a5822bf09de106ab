import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from '../domain/fixtures';
import { siteKinds, type PatrolEvent } from '../domain/index';
import {
  checklistForKind,
  checklistItems,
  checklistResults,
  checklistRef,
  parseChecklistConfig,
} from './checklist';

const dir = join(import.meta.dirname, '..', '..', 'resources', 'checklists');
const load = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('checklist configuration', () => {
  it('ships one valid checklist per site kind with the items the issue asks for', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const configs = files.map((f) => {
      const parsed = parseChecklistConfig(load(f), f.replace('.json', '') as never);
      expect(parsed.ok, parsed.ok ? f : `${f}: ${parsed.error.message}`).toBe(true);
      return parsed.ok ? parsed.value : null!;
    });
    for (const kind of siteKinds) {
      expect(checklistForKind(configs, kind)?.siteKind).toBe(kind);
    }
    const intake = checklistForKind(configs, 'intake')!;
    expect(checklistItems(intake).map((i) => i.id)).toEqual([
      'meter-vs-platform',
      'seal-intact',
      'power-battery',
      'antenna-signal',
      'enclosure-cabling',
      'rtu-clock',
    ]);
    // The domain fixtures refer to this checklist and item.
    expect(checklistRef(intake)).toBe(sampleRecords.patrols.checklistId);
    expect(checklistItems(intake).some((i) => i.id === sampleRecords.patrol_events.itemId)).toBe(true);
    const quality = checklistItems(checklistForKind(configs, 'source_quality')!).map((i) => i.id);
    expect(quality).toEqual(
      expect.arrayContaining(['reagent-expiry', 'analyser-calibration', 'qc-check', 'cleaning']),
    );
    const boundary = checklistItems(checklistForKind(configs, 'boundary_section')!).map((i) => i.id);
    expect(boundary).toEqual(expect.arrayContaining(['level-gauge', 'flow-equipment', 'solar-power']));
  });

  it('names what is wrong with a bad checklist file', () => {
    const good = load('intake.json') as {
      sections: { items: { id: string; title: Record<string, string> }[] }[];
    };
    const missingEnglish = structuredClone(good);
    delete missingEnglish.sections[0]!.items[0]!.title['en-US'];
    const r1 = parseChecklistConfig(missingEnglish);
    expect(r1.ok).toBe(false);
    expect(!r1.ok && r1.error.code).toBe('invalid-shape');
    expect(!r1.ok && r1.error.message).toContain('sections.0.items.0.title.en-US');

    const dupe = structuredClone(good);
    dupe.sections[1]!.items[0]!.id = 'seal-intact';
    const r2 = parseChecklistConfig(dupe);
    expect(!r2.ok && r2.error.code).toBe('duplicate-id');
    expect(!r2.ok && r2.error.message).toContain('item seal-intact');

    expect(parseChecklistConfig(good, 'boundary_section')).toMatchObject({
      ok: false,
      error: { code: 'wrong-site-kind' },
    });
    expect(parseChecklistConfig({ ...good, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-shape' },
    });
    const badId = structuredClone(good);
    badId.sections[0]!.items[0]!.id = 'Seal Intact';
    expect(parseChecklistConfig(badId)).toMatchObject({ ok: false, error: { code: 'invalid-shape' } });
  });

  it('keeps the latest result per item and lists what is not done', () => {
    const config = parseChecklistConfig(load('intake.json'));
    if (!config.ok) {
      throw new Error(config.error.message);
    }
    const ev = (id: string, itemId: string, outcome: 'pass' | 'fail', at: number): PatrolEvent => ({
      ...(sampleRecords.patrol_events as PatrolEvent),
      id,
      itemId,
      outcome,
      recordedAt: at,
    });
    const results = checklistResults(config.value, [
      ev('b', 'seal-intact', 'pass', 20),
      ev('a', 'seal-intact', 'fail', 10),
      ev('c', 'rtu-clock', 'pass', 30),
    ]);
    expect(results.byItem.get('seal-intact')).toMatchObject({ id: 'b', outcome: 'pass', superseded: 1 });
    expect(results.missing).toEqual([
      'meter-vs-platform',
      'power-battery',
      'antenna-signal',
      'enclosure-cabling',
    ]);
  });
});
