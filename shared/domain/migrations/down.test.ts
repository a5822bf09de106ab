import { describe, expect, it } from 'vitest';
import { collectionNames } from '../index';
import v0Session from './fixtures/diagnostic_sessions-v0.doc.json';
import v0Site from './fixtures/sites-v0.doc.json';
import { downSteps, migrateDocumentDown } from './down';
import { migrateDocument, migrationSteps } from './index';

describe('schema migrations down (for apps that store an older version)', () => {
  it('has a step down for every step up', () => {
    for (const name of collectionNames) {
      const up = Object.keys(migrationSteps[name] ?? {}).sort();
      const down = Object.keys(downSteps[name] ?? {}).sort();
      expect({ name, down: down.filter((v) => up.includes(v)) }).toEqual({ name, down: up });
    }
  });

  it('a v0 document taken up to the current version and back down is the document it was', () => {
    for (const [name, doc] of [
      ['sites', v0Site],
      ['diagnostic_sessions', v0Session],
    ] as const) {
      const top = Object.keys(migrationSteps[name] ?? {}).length;
      const current = migrateDocument(name, doc, 0, top);
      expect(migrateDocumentDown(name, current!, top, 0)).toEqual(doc);
    }
  });

  it('drops fields a newer version nested into array items', () => {
    const v1 = {
      id: 'd1',
      verdicts: [{ rule: 'r', outcome: 'ok', message: 'm', code: 'x', params: {} }],
      values: [{ name: 'n', value: 1, unit: null, names: { 'zh-CN': '水位' } }],
    };
    expect(migrateDocumentDown('diagnostic_sessions', v1, 1, 0)).toEqual({
      id: 'd1',
      verdicts: [{ rule: 'r', outcome: 'ok', message: 'm' }],
      values: [{ name: 'n', value: 1, unit: null }],
    });
  });

  it('a v2 session goes down to v1 without its polling runs, every other field kept', () => {
    const v2 = { id: 'd2', summary: 's', pollingRuns: [{ name: 'n', count: 1 }] };
    expect(migrateDocumentDown('diagnostic_sessions', v2, 2, 1)).toEqual({ id: 'd2', summary: 's' });
  });

  it('a v3 site goes down to v2 without its instrument ranges, every other field kept', () => {
    const v3 = { id: 's3', station: null, instrumentRanges: [{ element: 'flow', min: 0, max: 500 }] };
    expect(migrateDocumentDown('sites', v3, 3, 2)).toEqual({ id: 's3', station: null });
  });

  it('gives no older form to a record the older version cannot hold honestly', () => {
    expect(migrateDocumentDown('readings', { id: 'r1', withdrawn: true }, 1, 0)).toBeNull();
    expect(migrateDocumentDown('readings', { id: 'r1', withdrawn: false }, 1, 0)).toEqual({ id: 'r1' });
    expect(migrateDocumentDown('fault_events', { id: 'e1', type: 'withdrawn' }, 1, 0)).toBeNull();
  });

  it('refuses a version it has no step for', () => {
    expect(() => migrateDocumentDown('permits', {}, 1, 0)).toThrow(
      'permits: no migration step down from version 1',
    );
  });
});
