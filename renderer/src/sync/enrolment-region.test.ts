import { describe, expect, it } from 'vitest';
import { regionFirst, sitesToFit } from './enrolment-region';

const row = (code: string, divisionCode: string) => ({ code, site: { divisionCode } });

describe('an enrolled laptop lists its own region first', () => {
  const rows = [
    row('a', '530102'),
    row('b', '530621'),
    row('c', '530103'),
    row('d', '530621001'),
    row('e', '5306'),
  ];

  it('puts the sites inside the region first, each part in its own order', () => {
    expect(regionFirst(rows, '530621').map((r) => r.code)).toEqual(['b', 'd', 'a', 'c', 'e']);
  });

  it('keeps the order when not enrolled, or when the region holds none or all of the sites', () => {
    expect(regionFirst(rows, null).map((r) => r.code)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(regionFirst(rows, '110000').map((r) => r.code)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(regionFirst(rows, '53').map((r) => r.code)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('an empty scope is no region (never everything)', () => {
    expect(regionFirst(rows, '').map((r) => r.code)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('an enrolled laptop’s map opens on its own region', () => {
  const sites = [{ divisionCode: '530102' }, { divisionCode: '530621' }, { divisionCode: '530621002' }];

  it('fits the sites of the region, or every site when not enrolled or the region holds none', () => {
    expect(sitesToFit(sites, '530621')).toEqual([sites[1], sites[2]]);
    expect(sitesToFit(sites, null)).toEqual(sites);
    expect(sitesToFit(sites, '110000')).toEqual(sites);
  });
});
