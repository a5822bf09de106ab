import { describe, expect, it } from 'vitest';
import { labelSheetSchema, readSiteLabel, siteLabelText, sitesOfLabel } from './site-label';

const sites = [
  { id: 'a1', code: '530102000001', name: '一号取水口' },
  { id: 'b2', code: '530102000002', name: '二号取水口' },
  // The registry holds this code twice (a 户站点证 finding): a typed code lists both.
  { id: 'c3', code: '530102000002', name: '二号取水口（重复登记）' },
];

describe('site labels', () => {
  it('a label reads back its site — by id, even where its code is registered twice', () => {
    const text = siteLabelText(sites[2]!);
    expect(text).toBe('WRM-SITE:530102000002:c3');
    const read = readSiteLabel(text);
    expect(read).toEqual({ code: '530102000002', siteId: 'c3' });
    expect(sitesOfLabel(read!, sites).map((s) => s.id)).toEqual(['c3']);
  });

  it('a typed code finds every site under it; a label of a site this laptop lacks falls back to its code', () => {
    expect(sitesOfLabel(readSiteLabel(' 530102000002 ')!, sites).map((s) => s.id)).toEqual(['b2', 'c3']);
    expect(sitesOfLabel(readSiteLabel('wrm-site:530102000001:zz')!, sites).map((s) => s.id)).toEqual(['a1']);
    expect(sitesOfLabel(readSiteLabel('530199999999')!, sites)).toEqual([]);
  });

  it('blank text and other QR codes name no site', () => {
    expect(readSiteLabel('   ')).toBeNull();
    expect(readSiteLabel('https://example.invalid/pay?id=1')).toBeNull();
    expect(readSiteLabel('WRM-SITE::x')).toBeNull();
  });

  it('a sheet needs a title and at least one site', () => {
    expect(labelSheetSchema.safeParse({ title: '五华区', sites: [] }).success).toBe(false);
    expect(labelSheetSchema.safeParse({ title: '五华区', sites: [sites[0]] }).success).toBe(true);
  });
});
