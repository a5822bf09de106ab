import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '#shared/sync/index';
import type { Database } from '../db/database';
import { migrate } from '../db/migrate';
import { openServiceDatabase } from '../main';
import { describeOnEngines } from '../testing/engines';
import { auditSiteWindow, type AuditRow } from './audit';
import { importRegistry } from './registry-import';
import { parseCsv } from './tabular';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
// 2026-11-10 00:00 Beijing; the template's intake 5303810001 reports flow and volume hourly.
const day = Date.UTC(2026, 10, 9, 16);
const now = day + 30 * 24 * hour;
const intake = '5303810001';
const flow = (h: number) => 20 + Math.sin(h);
const volume = (h: number) => {
  let v = 5000;
  for (let i = 1; i <= h; i += 1) {
    v += (flow(i - 1) + flow(i)) / 2;
  }
  return v;
};

/** A day of the intake's values: its counter reads low at 08:00, and the 15:00 report is missing. */
async function plantDay(db: Pick<Database, 'query'>): Promise<void> {
  await db.query(`delete from monitoring_values where site_code = $1`, [intake]);
  for (let h = 0; h < 24; h += 1) {
    if (h === 15) {
      continue;
    }
    const time = day + h * hour;
    for (const [element, value] of [
      ['flow', flow(h)],
      ['volume', h === 8 ? volume(7) - 120 : volume(h)],
    ] as const) {
      await db.query(
        `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
         values ($1, $2, $3, $4, null, 'receiver', $5, '530381')`,
        [intake, element, time, value, time + 60_000],
      );
    }
  }
}

const refusal = async (work: Promise<unknown>): Promise<SyncError> => {
  const e = await work.then(
    () => null,
    (error: unknown) => error,
  );
  if (e instanceof SyncError) {
    return e;
  }
  throw new Error(`expected a refusal, got ${String(e)}`);
};

describeOnEngines('the data audit of stored values', ({ db, test }) => {
  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), day, { actor: 'test', scope: 'all' });
    await plantDay(db());
  });

  test('finds the backwards counter and the missing slot of each element, with evidence and state', async () => {
    const rows = await auditSiteWindow(
      db(),
      { siteCode: intake, from: day, to: day + 24 * hour },
      { actor: 'a', scope: '530381' },
      now,
    );
    const brief = rows.map((r) => [r.rule, r.element, r.from, r.to]).sort();
    expect(brief).toEqual(
      [
        [
          'cumulative_decrease',
          'volume',
          new Date(day + 7 * hour).toISOString(),
          new Date(day + 8 * hour).toISOString(),
        ],
        ['missing', 'flow', new Date(day + 15 * hour).toISOString(), new Date(day + 15 * hour).toISOString()],
        [
          'missing',
          'volume',
          new Date(day + 15 * hour).toISOString(),
          new Date(day + 15 * hour).toISOString(),
        ],
        // Back up again from the lower reading: an hour's increase the flow does not explain.
        [
          'cumulative_flow_mismatch',
          'volume',
          new Date(day + 8 * hour).toISOString(),
          new Date(day + 9 * hour).toISOString(),
        ],
      ].sort(),
    );
    const decrease = rows.find((r) => r.rule === 'cumulative_decrease') as AuditRow;
    expect(decrease).toMatchObject({
      state: 'open',
      key: `audit:${intake}:volume:cumulative_decrease:${day + 7 * hour}`,
      evidence: { count: 2, measures: { decrease: 120 } },
      parameters: { tolerance: 0 },
    });
    expect(decrease.evidence.values.map((v) => v.value)).toEqual([volume(7), volume(7) - 120]);
  });

  test('a 补报 correction beside the original clears the finding; the original stays stored', async () => {
    await db().query(
      `insert into monitoring_values (site_code, element, time, value, flag, source, received_at, division_code)
       values ($1, 'volume', $2, $3, null, 'backfill', $4, '530381')`,
      [intake, day + 8 * hour, volume(8), now - hour],
    );
    const rows = await auditSiteWindow(
      db(),
      { siteCode: intake, from: day, to: day + 24 * hour },
      { actor: 'a', scope: 'all' },
      now,
    );
    expect(rows.map((r) => r.rule).sort()).toEqual(['missing', 'missing']);
    const { rows: kept } = await db().query<{ source: string }>(
      `select source from monitoring_values where site_code = $1 and element = 'volume' and time = $2 order by source`,
      [intake, day + 8 * hour],
    );
    expect(kept.map((r) => r.source)).toEqual(['backfill', 'receiver']);
    await plantDay(db());
  });

  test('a site outside the region is answered as an unknown one; a bad window is refused by name', async () => {
    const other = await refusal(
      auditSiteWindow(
        db(),
        { siteCode: intake, from: day, to: day + hour },
        { actor: 'a', scope: '5302' },
        now,
      ),
    );
    expect(other.code).toBe('not-found');
    expect(other.message).toBe(`no site with code ${intake} in your region 5302`);
    const unknown = await refusal(
      auditSiteWindow(
        db(),
        { siteCode: 'nope', from: day, to: day + hour },
        { actor: 'a', scope: '5302' },
        now,
      ),
    );
    expect(unknown.message).toBe('no site with code nope in your region 5302');
    const backwards = await refusal(
      auditSiteWindow(db(), { siteCode: intake, from: day, to: day }, { actor: 'a', scope: 'all' }, now),
    );
    expect(backwards.code).toBe('invalid-body');
    const long = await refusal(
      auditSiteWindow(
        db(),
        { siteCode: intake, from: day, to: day + 400 * 24 * hour },
        { actor: 'a', scope: 'all' },
        now,
      ),
    );
    expect(long.message).toMatch(/at most 366 days/);
  });
});

// The admin CLI on the embedded PGlite (the function above runs on both engines).
describe('admin CLI: audit', () => {
  const root = resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(join(tmpdir(), 'wrm-audit-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['DATABASE_URL'];
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--data', dir], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  beforeAll(async () => {
    const db = await openServiceDatabase({ dataDir: dir });
    try {
      await migrate(db);
      await importRegistry(db, parseCsv(template), day, { actor: 'test', scope: 'all' });
      await plantDay(db);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('prints the findings as JSON: rule, element, from, to, state, evidence', () => {
    const r = run(
      'audit',
      '--site',
      intake,
      '--from',
      '2026-11-10T00:00:00+08:00',
      '--to',
      '2026-11-11T00:00:00+08:00',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as AuditRow[];
    const decrease = rows.find((x) => x.rule === 'cumulative_decrease');
    expect(decrease).toMatchObject({
      element: 'volume',
      from: '2026-11-09T23:00:00.000Z',
      to: '2026-11-10T00:00:00.000Z',
      state: 'open',
    });
    expect(Object.keys(decrease ?? {})).toEqual(
      expect.arrayContaining(['rule', 'element', 'from', 'to', 'state', 'evidence']),
    );
    expect(
      rows
        .filter((x) => x.rule === 'missing')
        .map((x) => x.element)
        .sort(),
    ).toEqual(['flow', 'volume']);
  }, 120_000);

  it('refuses a time without a date and a site outside --region, by name', () => {
    const bad = run('audit', '--site', intake, '--from', 'yesterday', '--to', '2026-11-11T00:00:00+08:00');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--from must be an ISO 8601 time');
    const outside = run(
      'audit',
      '--site',
      intake,
      '--from',
      '2026-11-10T00:00:00+08:00',
      '--to',
      '2026-11-11T00:00:00+08:00',
      '--region',
      '5302',
    );
    expect(outside.code).toBe(1);
    expect(outside.err).toContain(`no site with code ${intake} in your region 5302`);
  }, 240_000);
});
