import { describe, expect, it } from 'vitest';
import { buildHj212DataAck, buildHj212Realtime, buildHj212Statistics } from './commands';
import { crcHj212Text } from './crc';
import { decodeHj212Packet, encodeHj212Packet, type Hj212Packet } from './packet';

// protocols.md §6.3: the standard's appendix A example and an air-quality hourly packet (IceCoffee.HJ212).
const standardExample =
  '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n';
const airHourly =
  '##0285QN=20190925181031464;ST=22;CN=2061;PW=BF470F88957588DE902D1A52;MN=Z13401000010301;Flag=5;CP=&&DataTime=20190924220000;a34006-Avg=2.69700,a34006-Flag=N;a34007-Avg=7.96600,a34007-Flag=N;a34048-Avg=3.30600,a34048-Flag=N;a34047-Avg=7.35700,a34047-Flag=N;a34049-Avg=10.66300,a34049-Flag=N&&C181\r\n';

const ok = (input: string | Uint8Array): Hj212Packet => {
  const r = decodeHj212Packet(input);
  if (r.status !== 'ok') {
    throw new Error(r.status === 'invalid' ? r.reason : 'incomplete');
  }
  return r.value;
};
const reason = (input: string) => {
  const r = decodeHj212Packet(input);
  return r.status === 'invalid' ? r.reason : r.status;
};

describe('HJ 212 CRC', () => {
  it('gives 0x2F80 for "123456789" and the standard example its 1C80', () => {
    expect(crcHj212Text('123456789')).toBe(0x2f80);
    expect(crcHj212Text(standardExample.slice(6, 107))).toBe(0x1c80);
  });
});

describe('decodeHj212Packet', () => {
  it('decodes the standard example (set real-time interval, ack required)', () => {
    const p = ok(standardExample);
    expect(p).toMatchObject({
      segmentLength: 101,
      crc: 0x1c80,
      qn: '20160801085857223',
      st: '32',
      stName: '地表水体环境污染源',
      cn: '1062',
      cnName: '设置实时数据间隔',
      pw: '100000',
      mn: '010000A8900016F000169DC0',
      flag: { raw: 5, version: 1, split: false, ackRequired: true },
      cpFields: { RtdInterval: '30' },
      factors: [],
    });
    expect(decodeHj212Packet(standardExample)).toMatchObject({ consumed: standardExample.length });
  });

  it('decodes the hourly packet with Avg and Flag per factor, from bytes too', () => {
    const p = ok(new TextEncoder().encode(airHourly));
    expect(p.cn).toBe('2061');
    expect(p.dataTime).toBe('20190924220000');
    expect(p.factors).toHaveLength(5);
    expect(p.factors[4]).toMatchObject({
      code: 'a34049',
      values: { Avg: 10.663 },
      flag: 'N',
      flagName: '正常',
    });
  });

  it('names each broken part', () => {
    expect(reason(standardExample.replace('1C80', '1C08'))).toBe('CRC expected 1C80, found 1C08');
    expect(reason(standardExample.replace('##0101', '##0100'))).toBe(
      'length field says 0100 but segment is 101 characters',
    );
    expect(reason(standardExample.replace('##0101', '##01a1'))).toBe('length field "01a1" is not 4 digits');
    expect(reason('$$0101')).toBe('packet header expected ##, found "$$"');
    expect(reason(standardExample.replace('\r\n', 'XY'))).toMatch(/packet end expected CR LF/);
    expect(reason(standardExample.slice(0, 50))).toBe('incomplete');
    const segment = 'ST=21;CP=&&&&';
    expect(reason(`##0013${segment}${crcHex(segment)}\r\n`)).toBe('data segment has no CN command code');
  });

  it('accepts lower-case CRC digits', () => {
    expect(ok(airHourly.replace('C181', 'c181')).crc).toBe(0xc181);
  });
});

function crcHex(segment: string): string {
  return crcHj212Text(segment).toString(16).toUpperCase().padStart(4, '0');
}

describe('encodeHj212Packet on the reference packets', () => {
  it('rebuilds the standard example and the hourly packet byte for byte', () => {
    expect(
      encodeHj212Packet({
        qn: '20160801085857223',
        st: '32',
        cn: '1062',
        pw: '100000',
        mn: '010000A8900016F000169DC0',
        flag: 5,
        cp: 'RtdInterval=30',
      }),
    ).toBe(standardExample);
    const hourly = ok(airHourly);
    expect(
      encodeHj212Packet({
        qn: hourly.qn ?? '',
        st: '22',
        cn: '2061',
        pw: hourly.pw ?? '',
        mn: hourly.mn ?? '',
        flag: 5,
        cp: hourly.segment.slice(hourly.segment.indexOf('CP=&&') + 5, -2),
      }),
    ).toBe(airHourly);
  });
});

describe('HJ 212 builders', () => {
  const station = { st: '21', pw: '123456', mn: '88888880000001' };
  const at = Date.UTC(2026, 10, 25, 4, 0, 0, 123);

  it('real-time data (2011) the analyser simulator sends', () => {
    const text = buildHj212Realtime(station, at, [
      { code: 'w01001', rtd: 7.25 },
      { code: 'w21003', rtd: 0.31, flag: 'M' },
    ]);
    const segment =
      'QN=20261125120000123;ST=21;CN=2011;PW=123456;MN=88888880000001;Flag=4;CP=&&DataTime=20261125120000;w01001-Rtd=7.25,w01001-Flag=N;w21003-Rtd=0.31,w21003-Flag=M&&';
    expect(text).toBe(`##${String(segment.length).padStart(4, '0')}${segment}${crcHex(segment)}\r\n`);
    const p = ok(text);
    expect(p.factors.map((f) => [f.code, f.name, f.unit, f.values.Rtd, f.flagName])).toEqual([
      ['w01001', 'pH值', '无量纲', 7.25, '正常'],
      ['w21003', '氨氮', 'mg/L', 0.31, '维护'],
    ]);
  });

  it('hourly statistics and the data answer', () => {
    const p = ok(
      buildHj212Statistics(station, '2061', at, at, [{ code: 'w01018', avg: 12.3, min: 10, max: 15.5 }]),
    );
    expect(p.factors[0]).toMatchObject({ name: '化学需氧量', values: { Avg: 12.3, Min: 10, Max: 15.5 } });
    expect(ok(buildHj212DataAck(station, '20261125120000123'))).toMatchObject({
      cn: '9014',
      cnName: '数据应答',
    });
  });
});
