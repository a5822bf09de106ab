import { beforeAll, describe, expect, it } from 'vitest';
import { describeOnEngines } from '../testing/engines';
import { migrate } from './migrate';
import { settingsStatement, wireValue } from './pipelined';
import { scopedStatement } from './scoped';

describe('values and settings of a pipelined statement', () => {
  it('sends numbers, strings, null and string arrays as PostgreSQL reads them', () => {
    expect(wireValue(null)).toBeNull();
    expect(wireValue(undefined)).toBeNull();
    expect(wireValue('读数')).toBe('读数');
    expect(wireValue(1_764_000_000_000)).toBe('1764000000000');
    expect(wireValue(false)).toBe('false');
    expect(wireValue(['a', 'b"c', 'd\\e', ''])).toBe('{"a","b\\"c","d\\\\e",""}');
    expect(() => wireValue(Number.NaN)).toThrow(/not a number/);
    expect(() => wireValue({ a: 1 })).toThrow(/numbers, strings and string arrays/);
    expect(() => wireValue([1, 2])).toThrow(/numbers, strings and string arrays/);
  });

  it('turns settings into one parameterised select, and refuses names that are not plain', () => {
    expect(settingsStatement({ role: 'wrm_app', 'wrm.scope': '5303' })).toEqual({
      text: 'select set_config($1, $2, true), set_config($3, $4, true)',
      values: ['role', 'wrm_app', 'wrm.scope', '5303'],
    });
    expect(() => settingsStatement({ 'role; drop table records': 'x' })).toThrow(/not a transaction setting/);
    expect(() => settingsStatement({})).toThrow(/at least one setting/);
  });
});

describeOnEngines('a statement with its settings in one round trip', ({ db, test, engine }) => {
  beforeAll(async () => {
    await migrate(db());
  });

  test('runs as the app role in the caller region; the settings end with it', async () => {
    for (let i = 0; i < 25; i += 1) {
      const scope = i % 2 === 0 ? '5303' : '110101';
      const { rows } = await scopedStatement<{ who: string; scope: string; mode: string; list: string[] }>(
        db(),
        scope,
        `select current_user as who, current_setting('wrm.scope') as scope,
                current_setting('plan_cache_mode') as mode, $1::text[] as list`,
        [['引号"', 'back\\slash', 'plain']],
        { plan_cache_mode: 'force_generic_plan' },
      );
      expect(rows).toEqual([
        { who: 'wrm_app', scope, mode: 'force_generic_plan', list: ['引号"', 'back\\slash', 'plain'] },
      ]);
      // Every pooled connection comes back as it was.
      const after = await db().query<{ who: string; scope: string | null; mode: string }>(
        `select current_user as who, current_setting('wrm.scope', true) as scope,
                current_setting('plan_cache_mode') as mode`,
      );
      expect(after.rows[0]?.who).not.toBe('wrm_app');
      expect(after.rows[0]?.scope ?? '').toBe('');
      expect(after.rows[0]?.mode).toBe('auto');
    }
  });

  test('row-level security holds: a row outside the region fails the statement and nothing is written', async () => {
    const insert = `insert into records (collection, id, division_code, site_id, doc, received_at)
                    values ('readings', $1, $2, null, '{}'::jsonb, 1) returning id`;
    const inside = await scopedStatement<{ id: string }>(db(), '5303', insert, ['pipe-in', '530381']);
    expect(inside.rows).toEqual([{ id: 'pipe-in' }]);
    await expect(scopedStatement(db(), '5303', insert, ['pipe-out', '110101'])).rejects.toThrow(
      /row-level security/,
    );
    // A failing statement (a constraint) leaves nothing behind either, and the pool keeps working.
    await expect(scopedStatement(db(), '5303', insert, ['pipe-bad', '5303xx'])).rejects.toThrow(
      /check constraint/,
    );
    const again = await scopedStatement<{ id: string }>(db(), '5303', insert, ['pipe-in-2', '530302']);
    expect(again.rows).toEqual([{ id: 'pipe-in-2' }]);
    const { rows } = await db().query<{ id: string }>(
      `select id from records where id like 'pipe-%' order by id`,
    );
    expect(rows.map((r) => r.id)).toEqual(['pipe-in', 'pipe-in-2']);
  });

  // PGlite runs the statement in a transaction of its own, with its own parameter handling.
  if (engine === 'postgres') {
    test('a value that cannot be sent is refused before anything reaches the database', async () => {
      await expect(
        scopedStatement(db(), '5303', 'select $1::text as x', [{ not: 'sendable' }]),
      ).rejects.toThrow(/numbers, strings and string arrays/);
      const { rows } = await scopedStatement<{ x: string }>(db(), '5303', 'select $1::text as x', ['ok']);
      expect(rows).toEqual([{ x: 'ok' }]);
    });
  }
});
