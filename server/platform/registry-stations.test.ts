import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStationAddress } from '#shared/monitoring/station-address';
import { parseCsv } from './tabular';
import { importRegistry, parseRegistry } from './registry-import';
import { describeOnEngines } from '../testing/engines';
import { migrate } from '../db/migrate';
import { SyncError } from '#shared/sync/index';

const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const t0 = Date.UTC(2026, 10, 20, 4);
const admin = { actor: 'test', scope: 'all' };

describe('station addresses', () => {
  it('are written one way per protocol', () => {
    expect(parseStationAddress('szy206-2016', '530381-00013')).toEqual({ ok: true, address: '530381-13' });
    expect(parseStationAddress('sl427-2021', '0a0b0c0d')).toEqual({ ok: true, address: '0A0B0C0D' });
    expect(parseStationAddress('szy206-2016', '0a0b0c0d').ok).toBe(false);
    expect(parseStationAddress('szy206-2016', '530381-0').ok).toBe(false);
    expect(parseStationAddress('sl651-2014', '00123456ab')).toEqual({ ok: true, address: '00123456AB' });
    expect(parseStationAddress('sl651-2014', '12345').ok).toBe(false);
    expect(parseStationAddress('hj212-2017', '010000a8900016f000169dc0')).toEqual({
      ok: true,
      address: '010000A8900016F000169DC0',
    });
    expect(parseStationAddress('hj212-2017', 'MN?').ok).toBe(false);
  });

  it('the template ties each site to its station', () => {
    const parsed = parseRegistry(parseCsv(template), t0);
    expect(parsed.ok && parsed.value.sites.map((s) => s['station'])).toEqual([
      { protocol: 'szy206-2016', address: '530381-13' },
      { protocol: 'hj212-2017', address: '88888880000001' },
      { protocol: 'sl651-2014', address: '0012345678' },
    ]);
  });

  it('names a bad protocol, a missing address and a station listed twice by row and column', () => {
    const lines = template.trim().split('\n');
    const rows = parseCsv(
      [
        lines[0],
        lines[1]!.replace(',SZY206,', ',Modbus,'),
        lines[2]!.replace(',88888880000001', ','),
        lines[3]!.replace(',SL651,0012345678', ',SZY206,530381-13'),
        lines[1]!.replace('5303810001', '5303810009'),
      ].join('\n'),
    );
    const parsed = parseRegistry(rows, t0);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      { row: 2, column: '通信协议', reason: expect.stringMatching(/unknown protocol "Modbus"/) as unknown },
      { row: 3, column: '测站地址', reason: 'a HJ 212 station needs its address' },
      { row: 5, column: '测站地址', reason: 'station 530381-13 already appears in row 4' },
    ]);
  });
});

describeOnEngines('registry stations', ({ db, test }) => {
  test('a station registered to another site is refused; the same site may keep it', async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), t0, admin);
    const again = await importRegistry(db(), parseCsv(template), t0 + 1, admin);
    expect(again.rows).toBe(3);
    const lines = template.trim().split('\n');
    const thief = parseCsv([lines[0], lines[1]!.replace('5303810001', '5303810077')].join('\n'));
    const refused = await importRegistry(db(), thief, t0, admin).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SyncError);
    expect((refused as SyncError).details).toEqual([
      {
        row: 2,
        column: '测站地址',
        reason: 'station szy206-2016/530381-13 is registered to site site-5303810001',
      },
    ]);
  });
});
