import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrameReader } from '../common/frame-reader';
import { buildHj212Realtime, type Hj212Reading } from './commands';
import { decodeHj212Packet } from './packet';

const station = { st: '21', pw: '123456', mn: '88888880000001' };
const at = Date.UTC(2026, 10, 25, 4, 0, 0);
const enc = new TextEncoder();
const packets = [
  buildHj212Realtime(station, at, [{ code: 'w01001', rtd: 7.1 }]),
  '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n',
  buildHj212Realtime(station, at + 30_000, [
    { code: 'w21003', rtd: 0.4 },
    { code: 'w01009', rtd: 8.2 },
  ]),
];
const all = enc.encode(`#\r\n${packets[0]}garbage##00${packets[1]}${packets[2]}`);

const cnsOf = (chunks: Uint8Array[]) => {
  const reader = createFrameReader((b) => decodeHj212Packet(b));
  return chunks.flatMap((c) => reader.push(c)).flatMap((e) => (e.kind === 'frame' ? [e.value.cn] : []));
};

describe('HJ 212 packets through the frame reader', () => {
  it('byte by byte and in odd chunks, past garbage and a cut-off header', () => {
    expect(cnsOf(Array.from(all, (b) => Uint8Array.of(b)))).toEqual(['2011', '1062', '2011']);
    for (const size of [2, 3, 7, 13, 29, 101]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < all.length; i += size) {
        chunks.push(all.slice(i, i + size));
      }
      expect(cnsOf(chunks)).toEqual(['2011', '1062', '2011']);
    }
  });
});

describe('HJ 212 split at every position', () => {
  it('decodes each packet once, wherever the read splits it', () => {
    for (const packet of packets) {
      const bytes = enc.encode(packet);
      for (let cut = 1; cut < bytes.length; cut += 1) {
        expect(cnsOf([bytes.slice(0, cut), bytes.slice(cut)])).toHaveLength(1);
      }
    }
  });
});

describe('HJ 212 decoder under random and mutated input', () => {
  const statuses = new Set(['ok', 'incomplete', 'invalid']);
  const check = (input: string | Uint8Array) => {
    const r = decodeHj212Packet(input);
    expect(statuses.has(r.status)).toBe(true);
    if (r.status === 'invalid') {
      expect(r.skip).toBeGreaterThanOrEqual(1);
    }
  };

  it('never throws on 50 000 random inputs', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), check), { numRuns: 20_000 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.string({ maxLength: 120 }), (length, rest) =>
        check(`##${String(length).padStart(4, '0')}${rest}`),
      ),
      { numRuns: 30_000 },
    );
  });

  const reading: fc.Arbitrary<Hj212Reading> = fc.record({
    code: fc.constantFrom(
      'w01001',
      'w01009',
      'w01010',
      'w01014',
      'w21003',
      'w21011',
      'w21001',
      'w01018',
      'w01003',
    ),
    rtd: fc.integer({ min: -100000, max: 1000000 }).map((v) => v / 100),
    flag: fc.constantFrom('N', 'F', 'M', 'S', 'D', 'C', 'T', 'B'),
  });

  it('round-trips 20 000 real-time packets and survives 40 000 mutations of them', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(reading, { selector: (r) => r.code, maxLength: 9 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (readings, t) => {
          const r = decodeHj212Packet(buildHj212Realtime(station, t, readings));
          expect(r.status).toBe('ok');
          if (r.status !== 'ok') {
            return;
          }
          expect(r.value.factors.map((f) => [f.code, f.values.Rtd, f.flag])).toEqual(
            readings.map((x) => [x.code, x.rtd, x.flag]),
          );
        },
      ),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(
        fc.array(reading, { maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (readings, i, byte, cut) => {
          const packet = enc.encode(buildHj212Realtime(station, at, readings));
          const flipped = packet.slice();
          flipped[i % packet.length] = byte;
          check(flipped);
          check(packet.slice(0, cut % (packet.length + 1)));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
