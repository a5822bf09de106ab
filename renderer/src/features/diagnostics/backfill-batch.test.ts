import { describe, expect, it } from 'vitest';
import { backfillFrameLimit } from '#shared/domain/schemas/diagnostic-session';
import type { AuditFinding } from '#shared/verdicts/audit/finding';
import { backfillSessions, findingChoices } from './backfill-batch';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 10, 5, 16);
let n = 0;
const author = {
  deviceId: 'laptop-1',
  operatorId: 'tech-1',
  now: () => t0 + 100 * hour,
  newId: () => `0190c2d0-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
};
const session = {
  site: { id: 'site-1', divisionCode: '530381' },
  equipmentId: null,
  patrolId: null,
  faultId: 'fault-1',
  protocol: 'szy206-2016' as const,
  portPath: '/dev/pts/3',
  serial: { baudRate: 9600, dataBits: 8 as const, parity: 'none' as const, stopBits: 1 as const },
  startedAt: t0 + 99 * hour,
  frames: [{ at: t0 + 99 * hour, direction: 'tx' as const, hex: '68 10 68', summary: 'history query' }],
  summary: '补报',
};
const slots = Array.from({ length: 48 }, (_, i) => ({
  time: t0 + i * hour,
  state: i < 45 ? ('recovered' as const) : ('missing' as const),
  values: i < 45 ? [{ element: 'volume' as const, value: 1000 + i }] : [],
}));

describe('补报 batch as diagnostic sessions', () => {
  it('one session when the batch fits: linked to site and fault, the batch named by its id', () => {
    const built = backfillSessions(
      session,
      {
        protocol: 'szy206-2016',
        window: { from: t0, to: t0 + 48 * hour },
        intervalMinutes: 60,
        status: 'gap',
        frames: ['6801', '6802'],
        slots,
        findingKeys: ['audit:5303810001:volume:missing:1'],
      },
      author,
    );
    expect(built.ok).toBe(true);
    const [s, ...rest] = built.ok ? built.value : [];
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ siteId: 'site-1', faultId: 'fault-1', divisionCode: '530381' });
    expect(s?.backfill).toMatchObject({ batchId: s?.id, part: 1, parts: 1, frames: ['6801', '6802'] });
    expect(s?.backfill?.values).toHaveLength(45);
    expect(s?.backfill?.missing).toHaveLength(3);
    expect(s?.frames).toHaveLength(1);
  });

  it('a batch over the bounds is split into sessions of one batch, the wire log with the first', () => {
    const frames = Array.from({ length: backfillFrameLimit + 5 }, () => '68');
    const built = backfillSessions(
      session,
      {
        protocol: 'szy206-2016',
        window: { from: t0, to: t0 + 48 * hour },
        intervalMinutes: 60,
        status: 'complete',
        frames,
        slots,
        findingKeys: [],
      },
      author,
    );
    const list = built.ok ? built.value : [];
    expect(list.map((s) => [s.backfill?.part, s.backfill?.parts, s.backfill?.frames.length])).toEqual([
      [1, 2, backfillFrameLimit],
      [2, 2, 5],
    ]);
    expect(new Set(list.map((s) => s.backfill?.batchId))).toEqual(new Set([list[0]?.id]));
    expect(list[1]?.id).not.toBe(list[0]?.id);
    expect(list[1]?.frames).toEqual([]);
  });

  it('refuses a frame that is not hex, by field', () => {
    const built = backfillSessions(
      session,
      {
        protocol: 'szy206-2016',
        window: { from: t0, to: t0 + hour },
        intervalMinutes: 60,
        status: 'complete',
        frames: ['zz'],
        slots: [],
        findingKeys: [],
      },
      author,
    );
    expect(built.ok ? 'ok' : built.error.message).toMatch(/^backfill batch: backfill\.frames\.0/);
  });

  it('offers the open missing-data findings as windows ending one interval after their last slot', () => {
    const finding = (rule: AuditFinding['rule'], from: number, to: number) =>
      ({ siteCode: '5303810001', element: 'volume', rule, from, to }) as AuditFinding;
    const choices = findingChoices(
      [
        { key: 'a', finding: finding('missing', t0, t0 + 5 * hour), open: true },
        { key: 'b', finding: finding('missing', t0, t0 + 47 * hour), open: true },
        { key: 'c', finding: finding('missing', t0, t0 + 90 * hour), open: false },
        { key: 'd', finding: finding('cumulative_decrease', t0, t0 + hour), open: true },
      ],
      60,
    );
    expect(choices.map((c) => [c.key, c.to - c.from])).toEqual([
      ['b', 48 * hour],
      ['a', 6 * hour],
    ]);
    expect(choices[0]?.element).toBe('volume');
  });
});
