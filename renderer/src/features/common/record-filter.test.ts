import { describe, expect, it } from 'vitest';
import { countiesOf, emptyRecordFilter, matchesRecordFilter, type RecordFilter } from './record-filter';

type State = 'open' | 'closed';
const row = {
  site: { name: '平坝灌区取水口', code: '5204210001' },
  divisionCode: '520421',
  state: 'open' as State,
  day: '2026-11-03',
};
const filter = (patch: Partial<RecordFilter<State>>): RecordFilter<State> => ({
  ...emptyRecordFilter<State>(),
  ...patch,
});

describe('the record list filter', () => {
  it('lets everything through when empty', () => {
    expect(matchesRecordFilter(filter({}), row)).toBe(true);
    expect(matchesRecordFilter(filter({}), { ...row, site: undefined })).toBe(true);
  });

  it('matches a site by part of its name (any case) or its code; a row without a site never matches text', () => {
    expect(matchesRecordFilter(filter({ text: '灌区' }), row)).toBe(true);
    expect(matchesRecordFilter(filter({ text: ' 520421 ' }), row)).toBe(true);
    expect(matchesRecordFilter(filter({ text: '水库' }), row)).toBe(false);
    expect(matchesRecordFilter(filter({ text: '灌区' }), { ...row, site: undefined })).toBe(false);
    expect(
      matchesRecordFilter(filter({ text: 'intake' }), { ...row, site: { name: 'Intake 1', code: 'x' } }),
    ).toBe(true);
  });

  it('narrows by county and state', () => {
    expect(matchesRecordFilter(filter({ county: '520421' }), row)).toBe(true);
    expect(matchesRecordFilter(filter({ county: '520422' }), row)).toBe(false);
    expect(matchesRecordFilter(filter({ state: 'closed' }), row)).toBe(false);
    expect(matchesRecordFilter(filter({ state: 'open', county: '520421' }), row)).toBe(true);
  });

  it('includes both ends of the date range', () => {
    expect(matchesRecordFilter(filter({ from: '2026-11-03', to: '2026-11-03' }), row)).toBe(true);
    expect(matchesRecordFilter(filter({ from: '2026-11-04' }), row)).toBe(false);
    expect(matchesRecordFilter(filter({ to: '2026-11-02' }), row)).toBe(false);
  });

  it('offers each county once, in code order', () => {
    expect(countiesOf(['520422', '520421', '520422'])).toEqual(['520421', '520422']);
  });
});
