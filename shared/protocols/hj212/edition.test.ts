import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectHj212Edition, hj212FlagFor } from './edition';
import { decodeHj212Packet, encodeHj212Packet, type Hj212Packet } from './packet';

const mn = '010000A8900016F000169DC0';
const ok = (input: string): Hj212Packet => {
  const r = decodeHj212Packet(input);
  if (r.status !== 'ok') {
    throw new Error(JSON.stringify(r));
  }
  return r.value;
};

// The 2025 example as public implementations quote it; its CRC 2200 was checked with the 2017 Annex A
// procedure (protocols-history.md §1d [H for the CRC, L–M for the Flag meaning]).
const example2025 = `##0087QN=20240601085857223;ST=32;CN=1011;PW=123456;MN=${mn};Flag=9;CP=&&&&2200\r\n`;
// The same request in 2017 (Flag=5 = version 1 + ack), CRC by our Annex A encoder.
const same2017 = `##0087QN=20160801085857223;ST=32;CN=1011;PW=123456;MN=${mn};Flag=5;CP=&&&&3180\r\n`;
// A 2025 split hour-data upload re-sent (补传): PNUM/PNO then RF=1 before CP. The field order and RF are
// from public implementations [L–M]; RF on split packets is not defined by anything we have seen.
const split2025 = [
  `##0159QN=20260105100000001;ST=32;CN=2061;PW=123456;MN=${mn};Flag=11;PNUM=2;PNO=1;RF=1;CP=&&DataTime=20260105080000;w01018-Avg=12.5,w01018-Flag=N&&AE41\r\n`,
  `##0159QN=20260105100000001;ST=32;CN=2061;PW=123456;MN=${mn};Flag=11;PNUM=2;PNO=2;RF=1;CP=&&DataTime=20260105090000;w01018-Avg=13.0,w01018-Flag=N&&CD41\r\n`,
];

describe('HJ 212 edition: golden bytes both ways', () => {
  it('2025 (Flag=9, per public implementations [L–M]): build → the quoted example bytes, bytes → 2025', () => {
    const flag = hj212FlagFor('hj212-2025', { ack: true });
    expect(flag).toBe(9);
    expect(
      encodeHj212Packet({ qn: '20240601085857223', st: '32', cn: '1011', pw: '123456', mn, flag, cp: '' }),
    ).toBe(example2025);
    const p = ok(example2025);
    expect(p.crc).toBe(0x2200);
    expect(p.flag).toEqual({ raw: 9, version: 2, split: false, ackRequired: true });
    expect(p.edition.edition).toBe('hj212-2025');
    expect(p.edition.evidence).toEqual(['flag-version-2']);
    expect(p.edition.reason).toMatch(/000010.*not seen/);
  });

  it('2017 (Flag=5 [H]): build → bytes, bytes → 2017; only the Flag and QN differ from 2025', () => {
    expect(hj212FlagFor('hj212-2017', { ack: true })).toBe(5);
    expect(
      encodeHj212Packet({ qn: '20160801085857223', st: '32', cn: '1011', pw: '123456', mn, flag: 5, cp: '' }),
    ).toBe(same2017);
    const p = ok(same2017);
    expect(p.edition).toEqual({
      edition: 'hj212-2017',
      reason: 'Flag=5: version bits 000001 = HJ 212-2017',
      evidence: ['flag-version-1'],
    });
    expect(p.rf).toBeNull();
  });

  it('2025 multi-packet 补传 upload (uncertain RF placement [L–M]): both packets both ways', () => {
    const built = [
      { pno: 1, cp: 'DataTime=20260105080000;w01018-Avg=12.5,w01018-Flag=N' },
      { pno: 2, cp: 'DataTime=20260105090000;w01018-Avg=13.0,w01018-Flag=N' },
    ].map((x) =>
      encodeHj212Packet({
        qn: '20260105100000001',
        st: '32',
        cn: '2061',
        pw: '123456',
        mn,
        flag: hj212FlagFor('hj212-2025', { ack: true, split: true }),
        pnum: 2,
        pno: x.pno,
        rf: 1,
        cp: x.cp,
      }),
    );
    expect(built).toEqual(split2025);
    const decoded = split2025.map(ok);
    expect(decoded.map((p) => [p.pnum, p.pno, p.rf, p.edition.edition])).toEqual([
      [2, 1, 1, 'hj212-2025'],
      [2, 2, 1, 'hj212-2025'],
    ]);
    expect(decoded[1]?.edition.evidence).toEqual(['flag-version-2', 'rf-field']);
    expect(decoded.map((p) => p.factors[0]?.values.Avg)).toEqual([12.5, 13]);
    expect(decoded.map((p) => p.flag?.split)).toEqual([true, true]);
  });

  it('an SM4-encrypted data area (2025 [L–M]) decodes as 2025 with no fields read', () => {
    const text = encodeHj212Packet({
      qn: '20260105100000001',
      st: '32',
      cn: '2011',
      pw: '123456',
      mn,
      flag: 8,
      cp: '{0x1A2B3C4D}',
    });
    const p = ok(text);
    expect(p.encryptedCp).toBe(true);
    expect(p.cpFields).toEqual({});
    expect(p.edition.evidence).toEqual(['flag-version-2', 'sm4-cp']);
  });
});

describe('HJ 212 edition: the rules', () => {
  const hints = { flag: null, cn: '2011', st: '32', rf: null, encryptedCp: false };
  it('no Flag: 2025-only CN, ST or RF say 2025; nothing says unknown', () => {
    expect(detectHj212Edition(hints).edition).toBe('unknown');
    expect(detectHj212Edition({ ...hints, cn: '2062' }).edition).toBe('hj212-2025');
    expect(detectHj212Edition({ ...hints, st: '44' }).evidence).toEqual(['no-flag', 'st-44']);
    expect(detectHj212Edition({ ...hints, rf: '1' }).reason).toMatch(/RF=1/);
  });
  it('Flag 2017 with a 2025-only hint is unknown and names both; 2005 and others unknown', () => {
    const c = detectHj212Edition({ ...hints, flag: 4, cn: '9015' });
    expect(c.edition).toBe('unknown');
    expect(c.reason).toMatch(/2017.*CN=9015/);
    expect(detectHj212Edition({ ...hints, flag: 0 }).reason).toMatch(/HJ\/T 212-2005/);
    expect(detectHj212Edition({ ...hints, flag: 12 }).edition).toBe('unknown');
  });
});

describe('HJ 212 decoder over both editions: fuzzing (no throw, bounded time)', () => {
  const statuses = new Set(['ok', 'incomplete', 'invalid']);
  const editions = new Set(['hj212-2017', 'hj212-2025', 'unknown']);
  const check = (input: string | Uint8Array) => {
    const started = performance.now();
    const r = decodeHj212Packet(input);
    expect(performance.now() - started).toBeLessThan(1000); // a hang, not a GC pause on a shared 2-core box
    expect(statuses.has(r.status)).toBe(true);
    if (r.status === 'ok') {
      expect(editions.has(r.value.edition.edition)).toBe(true);
      expect(r.value.edition.reason.length).toBeGreaterThan(0);
    }
  };
  it('random segments framed with a right CRC decode or fail by name', () => {
    const field = fc.stringMatching(/^[A-Za-z0-9=;,&{}-]{0,30}$/);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('2011', '2061', '2062', '9015', '1011', 'x'),
        fc.constantFrom('', 'RF=1;', 'RF=x;', 'PNUM=2;PNO=1;RF=1;', 'PNUM=;'),
        field,
        (flag, cn, extra, cp) => {
          check(
            encodeHj212Packet({ st: '32', cn, pw: '1', mn, flag, cp: `${extra.replace(/;$/, '')}${cp}` }),
          );
          const seg = `ST=32;CN=${cn};PW=1;MN=${mn};Flag=${flag};${extra}CP=&&${cp}&&`;
          check(`##${String(seg.length).padStart(4, '0')}${seg}0000\r\n`);
        },
      ),
      { numRuns: 5000 },
    );
  });
  it('mutated 2025 packets (one byte changed, cut, doubled) never throw', () => {
    const base = new TextEncoder().encode(split2025.join(''));
    fc.assert(
      fc.property(
        fc.nat(base.length - 1),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(base.length),
        (at, b, cut) => {
          const m = base.slice();
          m[at] = b;
          check(m);
          check(m.slice(0, cut));
          check(m.slice(cut));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
