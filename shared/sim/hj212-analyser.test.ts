import { describe, expect, it } from 'vitest';
import { decodeHj212Packet, encodeHj212Packet } from '../protocols/hj212/packet';
import { createHj212Analyser } from './hj212-analyser';

const station = { st: '21', pw: '123456', mn: '88888880000001' };
const now = Date.UTC(2026, 10, 25, 4, 0, 0);
const enc = new TextEncoder();
const decode = (b: Uint8Array) => {
  const r = decodeHj212Packet(b);
  if (r.status !== 'ok') {
    throw new Error(r.status === 'invalid' ? r.reason : 'incomplete');
  }
  return r.value;
};

describe('createHj212Analyser', () => {
  it('sends real-time data (2011) every RtdInterval with the water-quality factors', () => {
    const a = createHj212Analyser({ ...station, rtdIntervalSeconds: 30 });
    const first = a.unsolicited?.(now) ?? [];
    expect(first).toHaveLength(1);
    const p = decode(first[0] ?? new Uint8Array());
    expect(p).toMatchObject({ cn: '2011', st: '21', mn: station.mn, dataTime: '20261125120000' });
    expect(p.factors.map((f) => f.name)).toContain('氨氮');
    expect(a.unsolicited?.(now + 10_000)).toEqual([]);
    expect(a.unsolicited?.(now + 30_000)).toHaveLength(1);
  });

  it('answers get and set real-time interval, refusing a bad PW', () => {
    const a = createHj212Analyser(station);
    const ask = (cn: string, cp: string, pw = station.pw) =>
      a
        .receive(
          enc.encode(
            encodeHj212Packet({ qn: '20261125120000000', st: '21', cn, pw, mn: station.mn, flag: 5, cp }),
          ),
          now,
        )
        .map(decode);
    expect(ask('1062', 'RtdInterval=120').map((p) => [p.cn, p.cpFields])).toEqual([
      ['9011', { QnRtn: '1' }],
      ['9012', { ExeRtn: '1' }],
    ]);
    expect(a.rtdIntervalSeconds()).toBe(120);
    expect(ask('1061', '')[1]?.cpFields).toEqual({ RtdInterval: '120' });
    expect(ask('1062', 'RtdInterval=5')[1]?.cpFields).toEqual({ ExeRtn: '3' });
    expect(ask('1061', '', 'wrong')[0]?.cpFields).toEqual({ QnRtn: '3' });
  });

  it('shows bad-crc, wrong-address and exception faults', () => {
    const a = createHj212Analyser(station);
    const [reply] = a.receive(
      enc.encode(encodeHj212Packet({ st: '21', cn: '1061', pw: station.pw, mn: station.mn, cp: '' })),
      now,
    );
    if (reply === undefined) {
      throw new Error('no reply');
    }
    const bad = decodeHj212Packet(a.withFault?.(reply, 'bad-crc') ?? reply);
    expect(bad.status === 'invalid' && bad.reason).toMatch(/^CRC expected [0-9A-F]{4}, found [0-9A-F]{4}$/);
    expect(decode(a.withFault?.(reply, 'wrong-address') ?? reply).mn).toBe('88888880000009');
    expect(decode(a.withFault?.(reply, 'exception') ?? reply).cpFields).toEqual({ QnRtn: '2' });
  });
});
