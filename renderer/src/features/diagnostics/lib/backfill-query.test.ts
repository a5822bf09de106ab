import { describe, expect, it } from 'vitest';
import { elementCodes } from '#shared/monitoring/values';
import en from '../../../i18n/locales/en-US/health.json';
import zh from '../../../i18n/locales/zh-CN/health.json';
import {
  backfillBatchProtocol,
  backfillHistoryArgs,
  backfillProtocolOf,
  sl651QueryElements,
  type BackfillStation,
} from './backfill-query';

const window = { from: 1_000_000, to: 2_000_000 };
const hourly = { reportIntervalMinutes: 60, elements: ['level', 'flow', 'volume', 'rain'] };
const sl651: BackfillStation = {
  kind: 'sl651',
  centerAddress: 1,
  stationAddress: '0012345678',
  password: '1234',
};
const hj212: BackfillStation = { kind: 'hj212', mn: '88888880000001', st: '21', pw: '123456' };

describe('the 补报 query for the site’s station', () => {
  it('offers the query of each station protocol, none for a meter or a GNSS', () => {
    expect(
      ['szy206-2016', 'sl427-2021', 'sl651-2014', 'hj212-2017', 'modbus-rtu', 'nmea-0183'].map((p) =>
        backfillProtocolOf(p as never),
      ),
    ).toEqual(['szy206', 'szy206', 'sl651', 'hj212', null, null]);
  });

  it('SL651 asks for the finding’s element, else every element of the site SL651 carries', () => {
    expect(sl651QueryElements(hourly.elements, 'flow')).toEqual(['flow']);
    expect(sl651QueryElements(hourly.elements, 'volume')).toEqual(['level', 'flow']);
    expect(sl651QueryElements(hourly.elements, null)).toEqual(['level', 'flow']);
    expect(sl651QueryElements(['volume'], null)).toEqual([]);
  });

  it('builds each protocol’s call, or names the field that keeps it from being sent', () => {
    expect(backfillHistoryArgs(sl651, window, hourly, 'level')).toEqual({
      ok: true,
      args: {
        protocol: 'sl651-2014',
        centerAddress: 1,
        stationAddress: '0012345678',
        password: '1234',
        intervalMinutes: 60,
        elements: ['level'],
        from: window.from,
        to: window.to,
        timeoutMs: 5000,
      },
    });
    expect(backfillHistoryArgs({ ...sl651, stationAddress: '12345' }, window, hourly, null)).toEqual({
      ok: false,
      problem: 'stationAddress',
    });
    expect(backfillHistoryArgs({ ...sl651, password: 'xyz' }, window, hourly, null)).toEqual({
      ok: false,
      problem: 'password',
    });
    expect(backfillHistoryArgs(sl651, window, { ...hourly, elements: ['volume'] }, null)).toEqual({
      ok: false,
      problem: 'noElement',
    });
    expect(backfillHistoryArgs(hj212, window, { ...hourly, reportIntervalMinutes: 10 }, null)).toMatchObject({
      ok: true,
      args: { protocol: 'hj212-2017', mn: '88888880000001', intervalMinutes: 10 },
    });
    expect(backfillHistoryArgs({ ...hj212, pw: 'a;b' }, window, hourly, null)).toEqual({
      ok: false,
      problem: 'pw',
    });
    expect(backfillHistoryArgs({ ...hj212, st: '2' }, window, hourly, null)).toEqual({
      ok: false,
      problem: 'st',
    });
    expect(backfillHistoryArgs({ ...hj212, mn: '' }, window, hourly, null)).toEqual({
      ok: false,
      problem: 'mn',
    });
    const szy: BackfillStation = {
      kind: 'szy206',
      address: { division: '530381', station: 13 },
      dialect: 'sl427-2021',
    };
    expect(backfillHistoryArgs(szy, window, hourly, null)).toMatchObject({
      ok: true,
      args: { address: { division: '530381', station: 13 }, dialect: 'sl427-2021', type: 2 },
    });
    expect([szy, sl651, hj212].map(backfillBatchProtocol)).toEqual([
      'sl427-2021',
      'sl651-2014',
      'hj212-2017',
    ]);
  });
});

describe('the 补报 table names every element a station may return', () => {
  it('each monitored element has a name in zh-CN and en-US (an HJ 212 logger returns all its factors)', () => {
    const missing = (names: Record<string, string>) => elementCodes.filter((e) => !(e in names));
    expect(missing(zh.elements)).toEqual([]);
    expect(missing(en.elements)).toEqual([]);
  });
});
