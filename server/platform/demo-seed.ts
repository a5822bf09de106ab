import { randomBytes } from 'node:crypto';
import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import type { Role } from '#shared/sync/index';
import { createAccount } from '../auth/accounts';
import type { Database } from '../db/database';
import { scoped } from '../db/scoped';
import { importDemoLayers } from '../layers/demo-layers';
import { upsertRecords } from '../sync/platform-writes';

export type DemoAccount = {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly scope: string;
};

/**
 * The embedded default's first start: an empty database gets the demo province (the same seeded
 * generator the app uses), its demo spatial layers (county outlines, a few protection zones and river
 * reaches, all named as demo data) and three demo accounts with random passwords. Returns null when the
 * database already holds sites.
 */
export async function seedDemoIfEmpty(
  db: Database,
  now: number,
  options: { sites?: number; seed?: number; endDay?: string } = {},
): Promise<{ sites: number; accounts: DemoAccount[] } | null> {
  const { rows } = await scoped(db, 'all', (tx) =>
    tx.query(`select 1 from records where collection = 'sites' limit 1`),
  );
  if (rows.length > 0) {
    return null;
  }
  const demo = generateDemoProvince({
    seed: options.seed ?? defaultDemoSeed,
    sites: options.sites ?? defaultDemoSiteCount,
    endDay: options.endDay ?? addDays(dayOf(now), -1),
  });
  await scoped(db, 'all', async (tx) => {
    await upsertRecords(tx, 'water_users', demo.waterUsers, now);
    await upsertRecords(tx, 'permits', demo.permits, now);
    await upsertRecords(tx, 'sites', demo.sites, now);
    await upsertRecords(tx, 'equipment', demo.equipment, now);
    await upsertRecords(tx, 'site_health', demo.siteHealth, now);
    await upsertRecords(tx, 'diagnostic_sessions', demo.diagnosticSessions, now);
  });
  // The technician gets the county with the most sites, so a first sync has something to show.
  const perCounty = new Map<string, number>();
  for (const site of demo.sites) {
    perCounty.set(site.divisionCode, (perCounty.get(site.divisionCode) ?? 0) + 1);
  }
  const county = [...perCounty].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '530102';
  const province = demo.province.code.slice(0, 2);
  // The demo's stand-in county outlines, zones and reaches, through the import an operator uses, so
  // laptops enrolled to this service fetch them as they would the province's real layers.
  await importDemoLayers(db, demo, { actor: 'demo-seed', scope: province }, now);
  const accounts: DemoAccount[] = [
    { username: 'admin', role: 'admin', scope: province, password: randomBytes(9).toString('base64url') },
    {
      username: 'supervisor',
      role: 'supervisor',
      scope: province,
      password: randomBytes(9).toString('base64url'),
    },
    { username: 'tech', role: 'technician', scope: county, password: randomBytes(9).toString('base64url') },
  ];
  for (const a of accounts) {
    const names = { admin: '演示管理员', supervisor: '演示主管', technician: '演示巡查员' } as const;
    await createAccount(
      db,
      {
        username: a.username,
        displayName: names[a.role],
        role: a.role,
        scope: a.scope,
        password: a.password,
      },
      { actor: 'demo-seed', scope: province },
      now,
    );
  }
  return { sites: demo.sites.length, accounts };
}
