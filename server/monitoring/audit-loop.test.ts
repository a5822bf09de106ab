import { readFileSync } from 'node:fs';
import { beforeAll, expect } from 'vitest';
import { migrate } from '../db/migrate';
import { importRegistry } from '../platform/registry-import';
import { parseCsv } from '../platform/tabular';
import { createReceiverStore } from '../receiver/store';
import { describeOnEngines } from '../testing/engines';
import { startAuditLoop, type LoopTimers } from './audit-loop';
import type { AuditRunReport } from './audit-runner';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const hour = 3_600_000;
const day = Date.UTC(2026, 10, 9, 16);
const intake = '5303810001';

/** Timers the test fires by hand: the loop's schedule is observable and deterministic. */
function manualTimers() {
  const due: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: LoopTimers = {
    set: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      due.push(t);
      return t;
    },
    clear: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  const pending = (ms: number) => due.filter((t) => !t.cleared && t.ms === ms);
  const fire = (ms: number) => {
    const t = pending(ms)[0];
    if (t === undefined) {
      throw new Error(`no timer of ${ms} ms pending`);
    }
    due.splice(due.indexOf(t), 1);
    t.fn();
  };
  return { timers, pending, fire };
}

describeOnEngines('the audit loop', ({ db, test }) => {
  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), day, { actor: 'test', scope: 'all' });
  });

  test('a burst of stored batches asks for one run; a trigger during a run asks for one more', async () => {
    const t = manualTimers();
    let now = day + 2 * hour;
    const reports: AuditRunReport[] = [];
    let reported: () => void = () => undefined;
    const loop = startAuditLoop({
      db: db(),
      clock: () => now,
      debounceMs: 5_000,
      dueEveryMs: hour,
      pollEveryMs: 60_000,
      timers: t.timers,
      onReport: (r) => {
        reports.push(r);
        reported();
      },
    });
    const store = createReceiverStore(db(), { onStored: () => loop.trigger() });
    await Promise.all(
      [0, 1].map((h) =>
        store.storeFrame({
          receivedAt: day + h * hour + 60_000,
          peer: 'test',
          protocol: 'szy206-2016',
          siteCode: intake,
          divisionCode: '530381',
          bytes: new Uint8Array([h]),
          values: [
            { element: 'flow', time: day + h * hour, value: 20, flag: null },
            { element: 'volume', time: day + h * hour, value: 5000 + 20 * h, flag: null },
          ],
        }),
      ),
    );
    for (let i = 0; i < 50; i += 1) {
      loop.trigger();
    }
    expect(t.pending(5_000)).toHaveLength(1);
    expect(reports).toHaveLength(0);
    const first = new Promise<void>((resolve) => (reported = resolve));
    t.fire(5_000);
    loop.trigger(); // while the run is under way
    await first;
    expect(reports[0]).toMatchObject({ sites: 1, values: 4 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(t.pending(5_000)).toHaveLength(1);
    const second = new Promise<void>((resolve) => (reported = resolve));
    t.fire(5_000);
    await second;
    expect(reports[1]).toMatchObject({ sites: 0 });

    // An hour on with nothing received: the due timer marks the site, and a run judges the silence.
    now += 2 * hour;
    t.fire(hour);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.pending(5_000)).toHaveLength(1);
    const third = new Promise<void>((resolve) => (reported = resolve));
    t.fire(5_000);
    await third;
    expect(reports[2]).toMatchObject({ sites: 1, values: 0 });
    const { rows } = await db().query<{ n: string }>(
      `select count(*)::text as n from records where collection = 'audit_findings' and doc ->> 'rule' = 'missing'`,
    );
    expect(Number(rows[0]?.n)).toBe(2); // flow and volume, from 02:00
    // A mark made elsewhere (another node, a pushed correction) is found by the poll.
    await db().query(
      `insert into audit_dirty (site_code, division_code, earliest, marked_at) values ($1, '530381', $2, $3)`,
      [intake, now - hour, now],
    );
    t.fire(60_000);
    expect(t.pending(5_000)).toHaveLength(1);
    const fourth = new Promise<void>((resolve) => (reported = resolve));
    t.fire(5_000);
    await fourth;
    expect(reports[3]).toMatchObject({ sites: 1 });
    await loop.close();
    expect(t.pending(hour).length + t.pending(5_000).length + t.pending(60_000).length).toBe(0);
  });
});
