import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Site } from '#shared/domain/index';
import { migrate } from '../db/migrate';
import { migration013 } from '../db/migrations/013-site-instrument-ranges';
import { describeOnEngines } from '../testing/engines';
import { auditSiteWindow } from './audit';
import { importRegistry, instrumentRangesOf, parseRegistry } from './registry-import';
import { parseCsv } from './tabular';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const lines = template.trim().split('\n');
const t0 = Date.UTC(2026, 10, 20, 4);
const hour = 3_600_000;
const admin = { actor: 'test', scope: 'all' };

describe('instrument ranges (量程) in the registry', () => {
  it('the template lists the intake’s flow meter range, and none for the others', () => {
    const parsed = parseRegistry(parseCsv(template), t0);
    expect(parsed.ok && parsed.value.sites.map((s) => s['instrumentRanges'])).toEqual([
      [{ element: 'flow', min: 0, max: 500 }],
      [],
      [],
    ]);
  });

  it('reads element:min-max pairs, negative bounds, ~ for the dash and full-width separators', () => {
    expect(instrumentRangesOf('level:-2-10；flow : 0.5 ~ 1200', ['level', 'flow'])).toEqual({
      ranges: [
        { element: 'level', min: -2, max: 10 },
        { element: 'flow', min: 0.5, max: 1200 },
      ],
    });
    expect(instrumentRangesOf(' ', ['flow'])).toEqual({ ranges: [] });
  });

  it('names a malformed pair, an element the site does not report, a range given twice, min ≥ max', () => {
    const reason = (text: string) => {
      const r = instrumentRangesOf(text, ['flow', 'level']);
      return 'reason' in r ? r.reason : null;
    };
    expect(reason('flow 0-500')).toMatch(/not element:min-max/);
    expect(reason('flow:0-')).toMatch(/not element:min-max/);
    expect(reason('ph:0-14')).toMatch(/ph is not one of the site's elements/);
    expect(reason('flow:0-5;flow:0-6')).toMatch(/twice/);
    expect(reason('flow:500-0')).toMatch(/lower to a higher/);
    expect(reason('level:3-3')).toMatch(/lower to a higher/);
  });

  it('a bad 量程 cell refuses the file, named by row and column', () => {
    const rows = parseCsv([lines[0], lines[1]!.replace(',flow:0-500', ',ph:0-14'), lines[2]].join('\n'));
    const parsed = parseRegistry(rows, t0);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      { row: 2, column: '量程', reason: "ph is not one of the site's elements (flow, volume)" },
    ]);
  });
});

describeOnEngines('instrument ranges: stored with the site, judged by the audit', ({ db, test }) => {
  test('the imported range is on the site record and out_of_range fires by it', async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), t0, admin);
    const { rows } = await db().query<{ doc: Site }>(
      "select doc from records where collection = 'sites' and id = 'site-5303810001'",
    );
    expect(rows[0]?.doc.instrumentRanges).toEqual([{ element: 'flow', min: 0, max: 500 }]);
    // Hourly flow of the intake, 620 m³/s at 05:00: plausible (policy), beyond the 0–500 meter.
    const day = Date.UTC(2026, 10, 18, 16);
    for (let h = 0; h < 24; h += 1) {
      const time = day + h * hour;
      await db().query(
        `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
         values ('5303810001', 'flow', $1, $2, null, 'receiver', $3, '530381')`,
        [time, h === 5 ? 620 : 20 + Math.sin(h), time + 60_000],
      );
    }
    const findings = await auditSiteWindow(
      db(),
      { siteCode: '5303810001', from: day, to: day + 24 * hour },
      admin,
      t0,
    );
    expect(findings.filter((f) => f.element === 'flow' && f.rule === 'out_of_range')).toMatchObject([
      {
        from: new Date(day + 5 * hour).toISOString(),
        evidence: { count: 1 },
        parameters: { instrumentMin: 0, instrumentMax: 500 },
      },
    ]);
  });

  test('migration 013 gives stored v2 sites an empty list and keeps a listed range', async () => {
    await db().query(
      `insert into records (collection, id, division_code, doc, received_at)
       values ('sites', 'site-v2-old', '530381', '{"id": "site-v2-old", "station": null}', 0)`,
    );
    await db().query(migration013.sql);
    const { rows } = await db().query<{ id: string; ranges: unknown }>(
      `select id, doc -> 'instrumentRanges' as ranges from records
        where collection = 'sites' and id in ('site-v2-old', 'site-5303810001') order by id`,
    );
    expect(rows).toEqual([
      { id: 'site-5303810001', ranges: [{ element: 'flow', min: 0, max: 500 }] },
      { id: 'site-v2-old', ranges: [] },
    ]);
  });
});
