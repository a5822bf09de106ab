import { cpus } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '#shared/domain/index';
import { migrate } from '../../server/db/migrate';
import { scoped } from '../../server/db/scoped';
import { seedSites } from '../../server/testing/service';
import {
  createPostgresDatabase,
  postgresSkipReason,
  type TestDatabase,
} from '../../server/testing/test-databases';
import { enrolFleet, type Fleet } from './sync-fleet';
import { metricValue, quickPlan, renderLoadSection, runLoadMatrix, type LoadRow } from './sync-load';

// The quick path of the load matrix of `npm run bench:sync` (what `--quick` runs): real service
// processes and the real balancer on PostgreSQL, a small fleet. (PostgreSQL only: two service
// processes cannot share an embedded PGlite.)
const skip = await postgresSkipReason();

describe('metricValue reads Prometheus text', () => {
  it('sums the samples of a metric whose labels match', () => {
    const text = [
      '# HELP wrm_write_gate_waiting Pushes waiting',
      'wrm_write_gate_waiting 7',
      'wrm_db_pool_connections{state="total"} 10',
      'wrm_db_pool_connections{state="waiting"} 3',
      'wrm_sync_push_duration_seconds_sum{collection="readings",status="200"} 1.5',
      'wrm_sync_push_duration_seconds_sum{collection="readings",status="503"} 0.5',
      'wrm_sync_push_duration_seconds_sum{collection="photos",status="200"} 9',
    ].join('\n');
    expect(metricValue(text, 'wrm_write_gate_waiting')).toBe(7);
    expect(metricValue(text, 'wrm_db_pool_connections', { state: 'waiting' })).toBe(3);
    expect(metricValue(text, 'wrm_sync_push_duration_seconds_sum', { collection: 'readings' })).toBe(2);
    expect(metricValue(text, 'wrm_missing')).toBe(0);
  });
});

describe.skipIf(skip !== null)(`the load matrix, quick${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let database: TestDatabase;
  let fleet: Fleet;
  beforeAll(async () => {
    database = await createPostgresDatabase();
    await migrate(database.db);
    await seedSites(database.db);
    const { rows } = await database.db.query<{ doc: Site }>(
      `select doc from records where collection = 'sites'`,
    );
    fleet = await enrolFleet(
      database.db,
      rows.map((r) => r.doc),
      Math.max(...quickPlan.sizes),
    );
  }, 60_000);
  afterAll(async () => database?.dispose());

  it('runs every devices × mode × nodes row without errors and reports sane numbers', async () => {
    const rows: LoadRow[] = await runLoadMatrix(quickPlan, {
      databaseUrl: database.url!,
      fleet,
      headSeq: () =>
        scoped(database.db, 'all', async (tx) =>
          Number(
            (
              await tx.query<{ seq: string }>(
                `select coalesce(max(seq), 0)::text as seq from records where collection = 'readings'`,
              )
            ).rows[0]?.seq ?? 0,
          ),
        ),
    });
    const expected = quickPlan.nodes.flatMap((nodes) =>
      quickPlan.modes.flatMap((mode) => quickPlan.sizes.map((devices) => ({ devices, mode, nodes }))),
    );
    expect(rows.map(({ devices, mode, nodes }) => ({ devices, mode, nodes }))).toEqual(expected);
    for (const row of rows) {
      const cycles = row.mode === 'saturating' ? quickPlan.saturatingCycles : quickPlan.pacedCycles;
      expect(row.errors, `${row.devices} ${row.mode} ${row.nodes}`).toBe(0);
      expect(row.requests).toBe(row.devices * cycles * 2);
      expect(row.p50).toBeGreaterThan(0);
      expect(row.p99).toBeGreaterThanOrEqual(row.p50);
      expect(row.p99).toBeLessThan(10_000);
      // The pulls bring what the devices of the same county pushed.
      expect(row.pulledDocs).toBeGreaterThan(0);
      expect(row.serviceCpuMs).toBeGreaterThan(0);
      // CPU is measured over the row's own clock: never more than the machine's cores could give.
      expect(row.machineCpuMs!).toBeLessThanOrEqual(cpus().length * row.ms + 50);
      expect(row.probe.nodeRssMb).toBeGreaterThan(20);
      expect(row.probe.pushServiceMs).toBeGreaterThan(0);
      expect(row.probe.pullServiceMs).toBeGreaterThan(0);
      if (row.nodes === 2) {
        expect(row.proxyCpuMs).toBeGreaterThan(0);
      }
      if (row.mode === 'paced') {
        // Two cycles one interval apart: the row lasts at least one interval.
        expect(row.ms).toBeGreaterThanOrEqual(quickPlan.paceMs);
      }
    }
    const markdown = renderLoadSection(rows, quickPlan, { loadStart: '0.5', loadEnd: '0.7' });
    for (const row of rows) {
      expect(markdown).toContain(`| ${row.devices} | ${row.mode} | ${row.nodes} | ${row.requests} | 0 |`);
    }
    expect(markdown).toMatch(/Where p99 crosses 200 ms, and why:\n- saturating, one node: /);
    expect(markdown).toContain('- paced, two nodes behind the balancer: ');
  }, 120_000);
});
