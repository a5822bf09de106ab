import { describe, expect, it } from 'vitest';
import { readBaseDataInput, showBaseDataValue } from './base-data-values';
import { baseDataChecks } from './corrections';

const check = (key: string) => baseDataChecks.find((c) => c.key === key)!;

describe('base-data values as a crew reads them', () => {
  it('shows positions, serial settings and RTU addresses in the crew’s notation, and 未登记 for none', () => {
    expect(showBaseDataValue(check('site-position'), { lat: 25.04, lng: 102.71 })).toEqual({
      kind: 'text',
      text: '25.04°N 102.71°E',
    });
    expect(showBaseDataValue(check('site-position'), { lat: -33.868812, lng: -151.2 })).toEqual({
      kind: 'text',
      text: '33.86881°S 151.2°W',
    });
    expect(
      showBaseDataValue(check('serial-settings'), {
        baudRate: 4800,
        dataBits: 8,
        parity: 'even',
        stopBits: 1,
      }),
    ).toEqual({ kind: 'text', text: '4800 8E1' });
    expect(showBaseDataValue(check('rtu-address'), { division: '530102', station: 12 })).toEqual({
      kind: 'text',
      text: '530102-12',
    });
    expect(showBaseDataValue(check('meter-serial'), null)).toEqual({ kind: 'missing' });
    expect(showBaseDataValue(check('permit-number'), '  ')).toEqual({ kind: 'missing' });
    expect(showBaseDataValue(check('site-name'), '五华水厂')).toEqual({ kind: 'text', text: '五华水厂' });
  });

  it('reads typed values back in the same notation and names a wrong one', () => {
    expect(readBaseDataInput(check('site-position'), '25.04°N 102.71°E')).toEqual({
      ok: true,
      value: '{"lat":25.04,"lng":102.71}',
    });
    expect(readBaseDataInput(check('site-position'), '25.04, 102.71')).toEqual({
      ok: true,
      value: '{"lat":25.04,"lng":102.71}',
    });
    expect(readBaseDataInput(check('site-position'), '95, 102')).toMatchObject({
      error: { code: 'bad-position' },
    });
    expect(readBaseDataInput(check('serial-settings'), '9600 8n1')).toEqual({
      ok: true,
      value: '{"baudRate":9600,"dataBits":8,"parity":"none","stopBits":1}',
    });
    expect(readBaseDataInput(check('serial-settings'), '9600')).toMatchObject({
      error: { code: 'bad-serial' },
    });
    expect(readBaseDataInput(check('rtu-address'), '530102-12')).toEqual({
      ok: true,
      value: '{"division":"530102","station":12}',
    });
    expect(readBaseDataInput(check('site-name'), ' 新名称 ')).toEqual({ ok: true, value: '"新名称"' });
    expect(readBaseDataInput(check('site-name'), ' ')).toMatchObject({ error: { code: 'empty' } });
  });
});
