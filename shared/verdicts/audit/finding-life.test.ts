import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoPolicy } from '../policy';
import { taskNeedForAuditFinding } from '../tasks-needed';
import { auditHours, hourly, hourMs, t0, testSite, valueAt } from './audit-testing';
import { auditFindingKey, type AuditFinding } from './finding';
import {
  auditFindingEventSchema,
  foldAuditFinding,
  resolvedByReaudit,
  type AuditFindingEvent,
} from './finding-life';

const site = testSite(['volume']);
const volume = (h: number) => 1000 + 10 * h + 0.3 * Math.sin(h);
/** A counter going backwards at hour 8. */
const series = hourly('volume', 24, (h) => (h === 8 ? volume(7) - 50 : volume(h)));
const [finding] = auditHours(site, series, 24) as [AuditFinding];
const key = auditFindingKey(finding);

let n = 0;
const ev = (e: Partial<AuditFindingEvent> & Pick<AuditFindingEvent, 'type'>): AuditFindingEvent => {
  n += 1;
  return auditFindingEventSchema.parse({
    id: `e${n}`,
    findingKey: key,
    by: 'county-a',
    recordedAt: t0 + n * hourMs,
    receivedAt: t0 + n * hourMs + 1000,
    ...(e.type === 'cause_recorded' ? { cause: 'meter_fault', note: null } : {}),
    ...(e.type === 'corrected'
      ? {
          reason: '表头读数录入错误，按现场读数更正',
          correction: {
            kind: 'revised_values',
            values: [{ time: t0 + 8 * hourMs, original: volume(7) - 50, revised: volume(8) }],
          },
        }
      : {}),
    ...(e.type === 'closed' ? { note: null } : {}),
    ...(e.type === 'dismissed' ? { reason: '水表更换，表底清零' } : {}),
    ...e,
  });
};

describe('a finding as work', () => {
  it('is the counter going backwards, keyed by site, element, rule and start', () => {
    expect(finding).toMatchObject({ rule: 'cumulative_decrease', from: t0 + 7 * hourMs });
    expect(key).toBe(`audit:S1:volume:cumulative_decrease:${t0 + 7 * hourMs}`);
  });

  it('goes open → cause recorded → corrected (original kept) → closed once the re-audit no longer finds it', () => {
    const cause = ev({ type: 'cause_recorded' });
    const fix = ev({ type: 'corrected' });
    const close = ev({ type: 'closed', by: 'city-b' });
    expect(foldAuditFinding(key, []).status).toBe('open');
    expect(foldAuditFinding(key, [cause]).status).toBe('cause_recorded');
    const corrected = foldAuditFinding(key, [cause, fix]);
    expect(corrected).toMatchObject({ status: 'corrected', cause: 'meter_fault', causeBy: 'county-a' });
    const [applied] = corrected.corrections;
    expect(applied).toMatchObject({ by: 'county-a', reason: '表头读数录入错误，按现场读数更正' });
    expect(applied?.correction).toEqual({
      kind: 'revised_values',
      values: [{ time: t0 + 8 * hourMs, original: volume(7) - 50, revised: volume(8) }],
    });
    // The correction stored as a 补报 value beside the original: the re-audit no longer finds it.
    const reaudit = auditHours(
      site,
      [...series, valueAt('volume', 8, volume(8), { source: 'backfill', receivedAt: t0 + 40 * hourMs })],
      24,
    );
    expect(reaudit).toEqual([]);
    expect(resolvedByReaudit(finding, corrected, reaudit)).toBe(true);
    expect(resolvedByReaudit(finding, corrected, [finding])).toBe(false);
    expect(foldAuditFinding(key, [cause, fix, close])).toMatchObject({
      status: 'closed',
      closedBy: 'city-b',
      rejected: [],
    });
  });

  it('may be dismissed as a genuine event with a reason, recording that cause', () => {
    const dismissed = foldAuditFinding(key, [ev({ type: 'dismissed' })]);
    expect(dismissed).toMatchObject({
      status: 'dismissed',
      cause: 'genuine_event',
      dismissal: '水表更换，表底清零',
    });
    const afterGenuine = foldAuditFinding(key, [
      ev({ type: 'cause_recorded', cause: 'genuine_event' }),
      ev({ type: 'dismissed' }),
    ]);
    expect(afterGenuine.status).toBe('dismissed');
  });

  it.each([
    ['a correction before a cause', [{ type: 'corrected' }], 'cause-not-recorded', 'open'],
    [
      'closing before a correction',
      [{ type: 'cause_recorded' }, { type: 'closed' }],
      'closed-before-corrected',
      'cause_recorded',
    ],
    [
      'correcting a genuine event',
      [{ type: 'cause_recorded', cause: 'genuine_event' }, { type: 'corrected' }],
      'genuine-not-corrected',
      'cause_recorded',
    ],
    [
      'dismissing a meter fault as genuine',
      [{ type: 'cause_recorded' }, { type: 'dismissed' }],
      'cause-not-genuine',
      'cause_recorded',
    ],
    [
      'dismissing after a correction',
      [{ type: 'cause_recorded' }, { type: 'corrected' }, { type: 'dismissed' }],
      'already-corrected',
      'corrected',
    ],
    [
      'anything after closing',
      [{ type: 'dismissed' }, { type: 'cause_recorded' }],
      'already-closed',
      'dismissed',
    ],
    [
      'an event of another finding',
      [{ type: 'cause_recorded', findingKey: 'audit:S2:ph:spike:1' }],
      'wrong-finding',
      'open',
    ],
  ] as const)('refuses %s, by name', (_name, events, reason, status) => {
    const s = foldAuditFinding(
      key,
      events.map((e) => ev(e)),
    );
    expect(s.status).toBe(status);
    expect(s.rejected.map((r) => r.reason)).toEqual([reason]);
  });

  it('refuses at the boundary a correction without who, why or values', () => {
    const bad = (e: Record<string, unknown>) =>
      auditFindingEventSchema.safeParse({
        id: 'x',
        findingKey: key,
        by: 'a',
        recordedAt: 0,
        receivedAt: null,
        type: 'corrected',
        reason: 'r',
        correction: { kind: 'backfill', batchId: 'b', from: 0, to: 1, count: 1 },
        ...e,
      }).success;
    expect(bad({})).toBe(true);
    expect(bad({ by: ' ' })).toBe(false);
    expect(bad({ reason: '' })).toBe(false);
    expect(bad({ correction: { kind: 'revised_values', values: [] } })).toBe(false);
    expect(bad({ correction: { kind: 'backfill', batchId: 'b', from: 5, to: 1, count: 1 } })).toBe(false);
  });

  it('folds to the same state whatever order the events arrive in', () => {
    const events = [
      ev({ type: 'cause_recorded' }),
      ev({ type: 'corrected' }),
      ev({ type: 'corrected', reason: '补报一批' }),
      ev({ type: 'closed' }),
    ];
    const expected = foldAuditFinding(key, events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        expect(foldAuditFinding(key, shuffled)).toEqual(expected);
      }),
    );
  });
});

describe('the data-audit task', () => {
  const now = Date.UTC(2026, 10, 20, 4);
  it('is raised while the finding needs work, keyed by the finding, and not once it is corrected or dismissed', () => {
    const need = taskNeedForAuditFinding(finding, null, 'site-1', demoPolicy, now);
    expect(need).toMatchObject({
      siteId: 'site-1',
      kind: 'backfill',
      reason: 'data_audit',
      dedupKey: `audit:S1:volume:cumulative_decrease:${t0 + 7 * hourMs}`,
      dueOn: '2026-11-23',
      values: { rule: 'cumulative_decrease', element: 'volume', status: 'open' },
    });
    const caused = foldAuditFinding(key, [ev({ type: 'cause_recorded' })]);
    expect(taskNeedForAuditFinding(finding, caused, 'site-1', demoPolicy, now)?.dedupKey).toBe(
      need?.dedupKey,
    );
    const corrected = foldAuditFinding(key, [ev({ type: 'cause_recorded' }), ev({ type: 'corrected' })]);
    expect(taskNeedForAuditFinding(finding, corrected, 'site-1', demoPolicy, now)).toBeNull();
    expect(
      taskNeedForAuditFinding(
        finding,
        foldAuditFinding(key, [ev({ type: 'dismissed' })]),
        'site-1',
        demoPolicy,
        now,
      ),
    ).toBeNull();
  });
  it('keeps its key when the finding grows with new data', () => {
    const grown = { ...finding, to: finding.to + hourMs, ongoing: true };
    expect(taskNeedForAuditFinding(grown, null, 'site-1', demoPolicy, now)?.dedupKey).toBe(
      auditFindingKey(finding),
    );
  });
});
