import { describe, expect, it } from 'vitest';
import { sampleRecords } from '#shared/domain/fixtures';
import type { Site } from '#shared/domain/index';
import type { MonitoredValue } from '#shared/monitoring/values';
import { auditFindingEventSchema, demoPolicy, type AuditFinding } from '#shared/verdicts/index';
import { auditFindingViews, isOpenAuditFinding, localSiteAudit } from './audit-findings';
import { localAuditWindow } from './audit-local';

const finding = (siteCode: string, from: number, to = from): AuditFinding => ({
  siteCode,
  element: 'volume',
  rule: 'cumulative_decrease',
  from,
  to,
  evidence: { values: [], count: 2, measures: {} },
  parameters: { tolerance: 0 },
  ongoing: false,
});
const event = (findingKey: string, id: string, e: Record<string, unknown>) =>
  auditFindingEventSchema.parse({ id, findingKey, by: 'crew-a', recordedAt: 1000, receivedAt: null, ...e });

describe('the findings a laptop shows', () => {
  it('folds each finding’s own events, keeps one per key (the later wins) and sorts by site, latest first', () => {
    const a1 = finding('B', 100);
    const a2 = finding('A', 200);
    const grown = finding('A', 200, 900);
    const key = 'audit:A:volume:cumulative_decrease:200';
    const views = auditFindingViews(
      [a1, a2, grown, finding('A', 300)].map((f) => ({ finding: f, divisionCode: '530381' })),
      [
        event(key, 'e1', { type: 'cause_recorded', cause: 'genuine_event', note: null }),
        event(key, 'e2', { type: 'dismissed', reason: '更换水表' }),
        event('audit:B:volume:cumulative_decrease:100', 'e3', { type: 'closed', note: null }),
      ],
      'platform',
    );
    expect(views.map((v) => [v.finding.siteCode, v.finding.from, v.state.status])).toEqual([
      ['A', 300, 'open'],
      ['A', 200, 'dismissed'],
      ['B', 100, 'open'],
    ]);
    expect(views[1]?.finding.to).toBe(900);
    // A close before any correction is held back by the fold: B stays open, with the refusal kept.
    expect(views[2]?.state.rejected.map((r) => r.reason)).toEqual(['closed-before-corrected']);
    expect(views.filter(isOpenAuditFinding).map((v) => v.finding.siteCode)).toEqual(['A', 'B']);
  });

  it('on a demo laptop: the site’s findings from the core, and a close only after a clean re-audit', () => {
    const now = Date.UTC(2026, 10, 20, 4);
    const window = localAuditWindow(now);
    const site: Site = {
      ...(sampleRecords.sites as unknown as Site),
      code: '5303810001',
      kind: 'intake',
      reportIntervalMinutes: 60,
      allowedDelayMinutes: 10,
      elements: ['volume'],
    };
    const at = window.from + 30 * 3_600_000;
    const values: MonitoredValue[] = [];
    for (let t = window.from; t < window.to; t += 3_600_000) {
      const v = t === at ? 1000 : 2000 + (t - window.from) / 3_600_000;
      values.push({
        siteCode: site.code,
        element: 'volume',
        time: t,
        value: v,
        flag: null,
        source: 'receiver',
        receivedAt: t + 60_000,
      });
    }
    const audit = localSiteAudit(site, values, [], { policy: demoPolicy, window, now });
    expect(audit.author).toBe('local');
    const view = audit.views.find((v) => v.finding.rule === 'cumulative_decrease')!;
    expect(view).toMatchObject({ divisionCode: site.divisionCode, state: { status: 'open' } });
    expect(audit.reaudit?.(view)).toBe(false);
    const events = [
      event(view.key, 'e1', { type: 'cause_recorded', cause: 'data_entry', note: null }),
      event(view.key, 'e2', {
        type: 'corrected',
        reason: '录入错误',
        correction: { kind: 'revised_values', values: [{ time: at, original: 1000, revised: 2030 }] },
      }),
    ];
    const corrected = localSiteAudit(site, values, events, { policy: demoPolicy, window, now });
    const after = corrected.views.find((v) => v.key === view.key)!;
    expect(after.state.status).toBe('corrected');
    expect(corrected.reaudit?.(after)).toBe(true);
  });
});
