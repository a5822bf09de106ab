import { beforeAll, expect } from 'vitest';
import { migrate } from '../db/migrate';
import { scoped } from '../db/scoped';
import { describeOnEngines } from '../testing/engines';

// Migration 016 reads the region of monitoring_values once per statement: the same rows must stay
// visible and writable for every scope as under migration 009's per-row policy.
describeOnEngines('monitoring values by region (migration 016)', ({ db, test }) => {
  beforeAll(async () => {
    await migrate(db());
    await db().exec(`truncate monitoring_values cascade;
      insert into monitoring_values (site_code, element, time, value, source, received_at, division_code) values
        ('A', 'flow', 1, 1, 'receiver', 1, '530381'), ('B', 'flow', 1, 2, 'receiver', 1, '530102'),
        ('C', 'flow', 1, 3, 'file', 1, '110101');`);
  });

  const sites = (scope: string) =>
    scoped(db(), scope, async (tx) =>
      (await tx.query<{ site_code: string }>('select site_code from monitoring_values order by 1')).rows.map(
        (r) => r.site_code,
      ),
    );

  test('each scope sees its region only, the platform everything, no scope nothing', async () => {
    expect(await sites('all')).toEqual(['A', 'B', 'C']);
    expect(await sites('53')).toEqual(['A', 'B']);
    expect(await sites('5303')).toEqual(['A']);
    expect(await sites('530381')).toEqual(['A']);
    expect(await sites('11')).toEqual(['C']);
    expect(await sites('12')).toEqual([]);
    const none = await db().transaction(async (tx) => {
      await tx.query("select set_config('role', 'wrm_app', true)");
      return (await tx.query('select site_code from monitoring_values')).rows;
    });
    expect(none).toEqual([]);
  });

  test('a value of another region is refused; one of the region is stored', async () => {
    const insert = (scope: string, division: string, site: string) =>
      scoped(db(), scope, (tx) =>
        tx.query(
          `insert into monitoring_values (site_code, element, time, value, source, received_at, division_code)
           values ($1, 'flow', 2, 1, 'receiver', 2, $2)`,
          [site, division],
        ),
      );
    await expect(insert('5303', '110101', 'D')).rejects.toThrow(/row-level security/);
    await expect(insert('530381', '530382', 'D')).rejects.toThrow(/row-level security/);
    await insert('5303', '530381', 'E');
    await insert('all', '110101', 'F');
    expect(await sites('all')).toEqual(['A', 'B', 'C', 'E', 'F']);
  });
});
