import { describe, expect, it } from 'vitest';
import { toAuditFindingEvent } from '#shared/domain/index';
import type { Author } from '#shared/patrol/author';
import { foldAuditFinding, openFindingState } from '#shared/verdicts/audit/index';
import { buildAuditEvent, type AuditEventDraft } from './audit-events';

const key = 'audit:5303810001:volume:cumulative_decrease:1793520000000';
let n = 0;
const author: Author = {
  deviceId: 'dev-1',
  operatorId: 'crew-a',
  now: () => 1_793_600_000_000,
  newId: () => `0190a000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
};
const target = (events: ReturnType<typeof toAuditFindingEvent>[] = []) => ({
  findingKey: key,
  siteCode: '5303810001',
  divisionCode: '530381',
  state: events.length === 0 ? openFindingState(key) : foldAuditFinding(key, events),
});
const cause: AuditEventDraft = { type: 'cause_recorded', cause: 'meter_fault', note: '表头松动' };
const fix: AuditEventDraft = {
  type: 'corrected',
  reason: '按现场表底更正',
  correction: { kind: 'revised_values', values: [{ time: 1_793_520_000_000, original: 950, revised: 1080 }] },
};

describe('an action on a data-audit finding', () => {
  it('becomes an audit_finding_events record the fold takes', () => {
    const made = buildAuditEvent(target(), cause, author, 'county-a');
    expect(made).toMatchObject({
      ok: true,
      value: { type: 'cause_recorded', cause: 'meter_fault', note: '表头松动', by: 'county-a', reason: null },
    });
    if (!made.ok) {
      return;
    }
    const after = target([toAuditFindingEvent(made.value)]);
    expect(after.state.status).toBe('cause_recorded');
    const corrected = buildAuditEvent(after, fix, author, 'county-a');
    expect(corrected.ok && corrected.value.correction).toEqual(fix.correction);
  });

  it('is refused with the fold’s reason when the finding does not take it', () => {
    expect(buildAuditEvent(target(), fix, author, 'county-a')).toMatchObject({
      ok: false,
      error: { code: 'cause-not-recorded' },
    });
    expect(buildAuditEvent(target(), { type: 'closed', note: null }, author, 'county-a')).toMatchObject({
      ok: false,
      error: { code: 'closed-before-corrected' },
    });
    const made = buildAuditEvent(target(), cause, author, 'county-a');
    const caused = target(made.ok ? [toAuditFindingEvent(made.value)] : []);
    expect(
      buildAuditEvent(caused, { type: 'dismissed', reason: '真实用水' }, author, 'county-a'),
    ).toMatchObject({ ok: false, error: { code: 'cause-not-genuine' } });
  });

  it('names an invalid field instead of saving it', () => {
    const blank = buildAuditEvent(target(), { type: 'dismissed', reason: '  ' }, author, 'county-a');
    expect(blank).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(blank.ok ? '' : blank.error.message).toContain('reason');
  });
});
