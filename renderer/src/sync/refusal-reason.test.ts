import { describe, expect, it } from 'vitest';
import { refusalReason } from './refusal-reason';
import type { Refusal } from './refusal-store';

function refusal(code: string, params: Record<string, string> = {}): Refusal {
  return {
    collection: 'patrols',
    id: 'pt-1',
    code,
    message: 'in the service’s words',
    params,
    firstRefusedAt: 1,
    refusedAt: 1,
    times: 1,
    exportedAt: null,
  };
}

const here = { region: '530621', division: '530102', present: true };

describe('refusal reason', () => {
  it('reads "forbidden" for a record outside the region as outside-region: move or export, not resend', () => {
    const reason = refusalReason(refusal('forbidden', { division: '530102', region: '530621' }), here);
    expect(reason).toEqual({
      reasonKey: 'reason.outside-region',
      adviceKey: 'advice.outside-region',
      params: { code: 'forbidden', division: '530102', region: '530621' },
      actions: ['move', 'export'],
    });
  });

  it('takes the division and region from the device when the answer carried none', () => {
    expect(refusalReason(refusal('forbidden'), here)).toMatchObject({
      reasonKey: 'reason.outside-region',
      params: { division: '530102', region: '530621' },
    });
    // Inside the region, "forbidden" is about the role.
    expect(refusalReason(refusal('forbidden'), { ...here, division: '530621' })).toMatchObject({
      reasonKey: 'reason.role',
      actions: ['export', 'resend'],
    });
  });

  it('offers resend once the record is inside the account’s region (moved, or enrolled elsewhere)', () => {
    const moved = refusalReason(refusal('forbidden', { division: '530102', region: '530621' }), {
      ...here,
      division: '530621',
    });
    expect(moved.reasonKey).toBe('reason.outside-region');
    expect(moved.adviceKey).toBe('advice.outside-region-now-covered');
    expect(moved.actions[0]).toBe('resend');
  });

  it('knows a named out-of-region code and an unknown site', () => {
    expect(refusalReason(refusal('outside-region'), here).reasonKey).toBe('reason.outside-region');
    expect(refusalReason(refusal('not-found'), here)).toMatchObject({
      reasonKey: 'reason.site-unknown',
      actions: ['move', 'export'],
    });
  });

  it('never offers resend where it cannot succeed, and only export for a record no longer on the device', () => {
    expect(refusalReason(refusal('event-mismatch'), here).actions).toEqual(['export']);
    expect(refusalReason(refusal('forbidden-field'), here).actions).toEqual(['export']);
    expect(refusalReason(refusal('invalid-body'), here).actions).toEqual(['resend', 'export']);
    expect(refusalReason(refusal('a-code-from-a-newer-service'), here)).toMatchObject({
      reasonKey: 'reason.unknown',
      params: { code: 'a-code-from-a-newer-service' },
      actions: ['export'],
    });
    expect(refusalReason(refusal('forbidden'), { ...here, present: false }).actions).toEqual(['export']);
  });
});
