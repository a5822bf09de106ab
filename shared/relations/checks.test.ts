import { describe, expect, it } from 'vitest';
import { generateDemoProvince } from '../demo/generate';
import { demoDivisionContains } from '../demo/geography';
import { sampleRecords } from '../domain/fixtures';
import {
  collections,
  validateRecord,
  type DiagnosticSession,
  type Equipment,
  type Permit,
  type Site,
  type WaterUser,
} from '../domain/index';
import { buildRelationIndex, checkRelations, checkSite, serialObservationsFromSessions } from './checks';
import { correctionFromDraft } from './corrections';
import { findingCodes, type FindingCode } from './findings';

const user = sampleRecords.water_users as unknown as WaterUser;
const permit = sampleRecords.permits as unknown as Permit;
const site = sampleRecords.sites as unknown as Site;
const meter = {
  ...sampleRecords.equipment,
  id: 'eq-m',
  role: 'meter',
  protocol: 'modbus-rtu',
} as unknown as Equipment;
const today = '2026-11-24';
// The sample permit (示例河, valid to 2026-12-31) covers the sample site; its box is around 宣威.
const contains = (code: string, p: { lat: number; lng: number }) =>
  code === '530381' ? p.lat > 26 && p.lat < 26.5 && p.lng > 103.8 && p.lng < 104.4 : null;

function codes(s: Site, extra: Partial<Parameters<typeof buildRelationIndex>[0]> = {}): FindingCode[] {
  const index = buildRelationIndex({
    sites: [s],
    waterUsers: [user],
    permits: [{ ...permit, validTo: '2027-12-31' }],
    equipment: [meter],
    divisionContains: contains,
    today,
    ...extra,
  });
  return checkSite(s, index).findings.map((f) => f.code);
}

describe('户站点证 relation checks', () => {
  it('finds nothing wrong with a consistent site', () => {
    expect(codes(site)).toEqual([]);
  });

  it('flags a site without a water user, or with one missing from the registry', () => {
    expect(codes({ ...site, waterUserId: null })).toEqual(['site-without-water-user']);
    expect(codes({ ...site, waterUserId: 'wu-404' })).toEqual(['water-user-unknown']);
    // Source-quality stations and sections have no water user: nothing to flag.
    expect(codes({ ...site, kind: 'source_quality', waterUserId: null })).toEqual([]);
  });

  it('flags a user without a permit, an unlinked site, and an unknown or foreign permit', () => {
    expect(codes(site, { permits: [] })).toEqual(['user-without-permit']);
    expect(codes({ ...site, permitId: null })).toEqual(['site-without-permit']);
    expect(codes({ ...site, permitId: 'pm-404' })).toEqual(['permit-unknown']);
    const foreign = {
      ...permit,
      id: 'pm-2',
      holderId: 'wu-2',
      holderName: '另一示范单位',
      validTo: '2027-12-31',
    };
    const index = buildRelationIndex({
      sites: [{ ...site, permitId: 'pm-2' }],
      waterUsers: [user],
      permits: [{ ...permit, validTo: '2027-12-31' }, foreign],
      equipment: [],
      today,
    });
    const finding = checkSite({ ...site, permitId: 'pm-2' }, index).findings[0];
    expect(finding?.code).toBe('permit-holder-mismatch');
    expect(finding?.suggestion).toMatchObject({
      field: 'permitId',
      proposedValueJson: '"pm-1"',
      needsValue: false,
    });
  });

  it('flags an expired permit (error), one about to expire (info) and one for another source', () => {
    expect(codes(site, { permits: [{ ...permit, validTo: '2026-11-23' }] })).toEqual(['permit-expired']);
    expect(codes(site, { permits: [{ ...permit, validTo: '2026-11-24' }] })).toEqual(['permit-expiring']);
    expect(codes({ ...site, waterSource: '另一条河' })).toEqual(['permit-source-mismatch']);
  });

  it('flags a meter serial seen on site that differs from the registry, using the latest reading', () => {
    const session = (serial: string, at: number) =>
      ({
        ...sampleRecords.diagnostic_sessions,
        equipmentId: 'eq-m',
        startedAt: at,
        values: [{ name: 'serialNumber', value: serial, unit: null }],
      }) as unknown as DiagnosticSession;
    const observations = serialObservationsFromSessions([session('SN0001', 2), session('SN9999', 1)]);
    expect(codes(site, { observations })).toEqual([]);
    const later = serialObservationsFromSessions([session('SN0001', 1), session('SN9999', 2)]);
    const index = buildRelationIndex({
      sites: [site],
      waterUsers: [user],
      permits: [{ ...permit, validTo: '2027-12-31' }],
      equipment: [meter],
      observations: later,
      today,
    });
    const [finding] = checkSite(site, index).findings;
    expect(finding).toMatchObject({ code: 'meter-serial-mismatch', severity: 'warning' });
    expect(finding?.suggestion).toMatchObject({
      targetCollection: 'equipment',
      targetId: 'eq-m',
      field: 'serialNumber',
      currentValueJson: '"SN0001"',
      proposedValueJson: '"SN9999"',
    });
  });

  it('flags a position outside the division, duplicate codes and an unknown protocol', () => {
    expect(codes({ ...site, position: { lat: 25.2, lng: 104.1 } as Site['position'] })).toEqual([
      'position-outside-division',
    ]);
    const twin = { ...site, id: 'site-2', name: '示例二号取水口' };
    const results = checkRelations({
      sites: [site, twin],
      waterUsers: [user],
      permits: [{ ...permit, validTo: '2027-12-31' }],
      equipment: [],
      today,
    });
    expect(results.map((r) => r.findings.map((f) => f.code))).toEqual([
      ['duplicate-site-code'],
      ['duplicate-site-code'],
    ]);
    expect(results[0]?.findings[0]?.params['others']).toBe('示例二号取水口');
    expect(codes(site, { equipment: [{ ...meter, protocol: null }] })).toEqual([
      'equipment-protocol-unknown',
    ]);
  });

  it('turns a suggestion into a valid Correction record', () => {
    const index = buildRelationIndex({
      sites: [site],
      waterUsers: [user],
      permits: [{ ...permit, validTo: '2026-01-01' }],
      equipment: [],
      today,
    });
    const { findings, worst } = checkSite(site, index);
    expect(worst).toBe('error');
    const draft = findings[0]?.suggestion;
    expect(draft).toMatchObject({ targetCollection: 'permits', field: 'validTo', needsValue: true });
    const correction = correctionFromDraft(
      draft!,
      site,
      { id: 'co-9', deviceId: 'd', operatorId: 'o', recordedAt: 1 },
      '"2031-12-31"',
    );
    const parsed = validateRecord(collections.corrections, correction);
    expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    expect(correction).toMatchObject({
      findingCode: 'permit-expired',
      status: 'pending',
      proposedValueJson: '"2031-12-31"',
    });
  });

  it('finds every kind of problem the demo province was built with', () => {
    const demo = generateDemoProvince({ endDay: today, sites: 5200 });
    const results = checkRelations({
      sites: demo.sites,
      waterUsers: demo.waterUsers,
      permits: demo.permits,
      equipment: demo.equipment,
      observations: serialObservationsFromSessions(demo.diagnosticSessions),
      divisionContains: demoDivisionContains,
      today,
    });
    const found = new Set(results.flatMap((r) => r.findings.map((f) => f.code)));
    // The demo ships county outlines only: no protection zones or river reaches to judge by.
    const spatialOnly: readonly FindingCode[] = ['outside-protection-zone', 'far-from-reach'];
    const expected = findingCodes.filter(
      (c) => c !== 'permit-holder-mismatch' && c !== 'permit-unknown' && !spatialOnly.includes(c),
    );
    expect([...found].sort()).toEqual(expect.arrayContaining(expected));
    const clean = results.filter((r) => r.worst === null).length / results.length;
    expect(clean).toBeGreaterThan(0.7);
    // The screens pass a finding's params to the catalog as its options: a param named like one of the
    // catalog's own options (a site's longitude as `lng`, its language) broke the site page.
    const optionNames = ['lng', 'lngs', 'ns', 'context', 'count', 'ordinal', 'defaultValue', 'replace'];
    const clashing = results.flatMap((r) =>
      r.findings.flatMap((f) =>
        Object.keys(f.params)
          .filter((k) => optionNames.includes(k))
          .map((k) => `${f.code}.${k}`),
      ),
    );
    expect([...new Set(clashing)]).toEqual([]);
  });
});
