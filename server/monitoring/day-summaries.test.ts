import { readFileSync } from 'node:fs';
import { beforeAll, expect } from 'vitest';
import { dayStart } from '#shared/health/days';
import { fromElementDays, type SiteDaySummaries } from '#shared/monitoring/day-summary';
import type { ValueSource } from '#shared/monitoring/values';
import { migrate } from '../db/migrate';
import { scoped } from '../db/scoped';
import { importRegistry } from '../platform/registry-import';
import { parseCsv } from '../platform/tabular';
import { describeOnEngines } from '../testing/engines';
import { deriveReportCounts } from './derived-counts';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
const site = '5303810001';

describeOnEngines('day summaries for laptops', ({ db, test }) => {
  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), Date.UTC(2026, 10, 1), {
      actor: 'cli:test',
      scope: 'all',
    });
  });

  const store = (
    rows: readonly {
      element: string;
      time: number;
      value: number;
      source: ValueSource;
      receivedAt: number;
    }[],
  ) =>
    scoped(db(), 'all', (tx) =>
      tx.query(
        `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
         select $1, e, t, v, null, s, r, '530381'
         from unnest($2::text[], $3::bigint[], $4::float8[], $5::text[], $6::bigint[]) as u(e, t, v, s, r)`,
        [
          site,
          rows.map((r) => r.element),
          rows.map((r) => r.time),
          rows.map((r) => r.value),
          rows.map((r) => r.source),
          rows.map((r) => r.receivedAt),
        ],
      ),
    );
  const read = async () => {
    const { rows } = await db().query<{ doc: SiteDaySummaries }>(
      `select doc from monitoring_day_summaries where site_code = '${site}'`,
    );
    return rows[0]?.doc ?? null;
  };
  const day = (doc: SiteDaySummaries, element: string, d: string) =>
    fromElementDays(
      doc.firstDay,
      doc.elements.find((e) => e.element === element)!,
      d,
      d,
    )[0];

  test('one document per site, updated as data arrives, equal to a summary made from scratch', async () => {
    const nov19 = dayStart('2026-11-19');
    // A full day of flow and volume on the 19th, on time; the volume runs backwards at 10:00.
    await store(
      Array.from({ length: 24 }, (_, h) => [
        {
          element: 'flow',
          time: nov19 + h * hour,
          value: 10 + h,
          source: 'receiver' as const,
          receivedAt: nov19 + h * hour + 60_000,
        },
        {
          element: 'volume',
          time: nov19 + h * hour,
          value: h === 10 ? 900 : 1000 + h,
          source: 'receiver' as const,
          receivedAt: nov19 + h * hour + 60_000,
        },
      ]).flat(),
    );
    const t1 = dayStart('2026-11-20') + 2 * hour;
    await deriveReportCounts(db(), [site], t1, 'all');
    const first = (await read())!;
    expect(first.firstDay).toBe('2026-10-21');
    expect(first.elements.map((e) => [e.element, e.expected.length])).toEqual([
      ['flow', 31],
      ['volume', 31],
    ]);
    expect(day(first, 'flow', '2026-11-19')).toEqual({
      day: '2026-11-19',
      expected: 24,
      count: 24,
      values: 24,
      min: 10,
      max: 33,
      mean: 21.5,
    });
    expect(day(first, 'volume', '2026-11-19')).toMatchObject({ min: 900, max: 1023 });
    expect(day(first, 'flow', '2026-11-18')).toMatchObject({ expected: 24, count: 0, values: 0, min: null });

    // A 补报 of the backwards value arrives a day later; the next derivation takes it in.
    const t2 = t1 + 24 * hour;
    await store([
      { element: 'volume', time: nov19 + 10 * hour, value: 1010, source: 'backfill', receivedAt: t2 - hour },
    ]);
    await deriveReportCounts(db(), [site], t2, 'all');
    const second = (await read())!;
    expect(second.firstDay).toBe('2026-10-22');
    expect(day(second, 'volume', '2026-11-19')).toMatchObject({
      count: 24,
      values: 24,
      min: 1000,
      max: 1023,
    });
    expect(day(second, 'flow', '2026-11-19')).toEqual(day(first, 'flow', '2026-11-19'));
    expect(day(second, 'flow', '2026-11-21')).toMatchObject({ expected: 24, count: 0 });

    // The incremental document is the one a derivation of the whole window makes (a stored window
    // starting after today's makes the next derivation start afresh).
    await scoped(db(), 'all', (tx) =>
      tx.query(
        `update monitoring_day_summaries set doc = jsonb_set(doc, '{firstDay}', '"2099-01-01"')
         where site_code = '${site}'`,
      ),
    );
    await deriveReportCounts(db(), [site], t2, 'all');
    expect(await read()).toEqual(second);
  });

  test('a site without stored values gets no document; other regions never see one', async () => {
    await deriveReportCounts(db(), ['5303810002'], dayStart('2026-11-21'), 'all');
    const { rows } = await db().query(
      `select site_code from monitoring_day_summaries where site_code = '5303810002'`,
    );
    expect(rows).toEqual([]);
    const beijing = await scoped(db(), '110101', (tx) =>
      tx.query(`select site_code from monitoring_day_summaries`),
    );
    expect(beijing.rows).toEqual([]);
  });
});
