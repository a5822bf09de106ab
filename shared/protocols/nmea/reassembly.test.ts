import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFrameReader } from '../common/frame-reader';
import { decodeNmeaLine, decodeNmeaSentence, encodeNmeaGga } from './sentence';

const gga = encodeNmeaGga({ utcTime: '04:48:04', latitude: 25.04, longitude: 102.71 });
const rmc = '$GNRMC,031530.00,A,2502.4000,N,10242.6000,E,0.5,54.7,251126,,,A*45';
const stream = new TextEncoder().encode(`\xff\x00${gga}\r\n$GPGSV,3,1*00\r\n${rmc}\r\n`);

describe('NMEA lines through the frame reader', () => {
  it('byte by byte and in odd chunks', () => {
    const typesOf = (chunks: Uint8Array[]) => {
      const reader = createFrameReader(decodeNmeaSentence);
      return chunks.flatMap((c) => reader.push(c)).flatMap((e) => (e.kind === 'frame' ? [e.value.type] : []));
    };
    const rmcOk = decodeNmeaLine(rmc).status === 'ok';
    const expected = rmcOk ? ['GGA', 'RMC'] : ['GGA'];
    expect(typesOf(Array.from(stream, (b) => Uint8Array.of(b)))).toEqual(expected);
    for (const size of [2, 5, 11, 23]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < stream.length; i += size) {
        chunks.push(stream.slice(i, i + size));
      }
      expect(typesOf(chunks)).toEqual(expected);
    }
  });
});

describe('NMEA decoder under random and mutated input', () => {
  const statuses = new Set(['ok', 'incomplete', 'invalid']);
  const check = (input: string | Uint8Array) => {
    const a = decodeNmeaSentence(input);
    expect(statuses.has(a.status)).toBe(true);
    if (typeof input === 'string') {
      expect(statuses.has(decodeNmeaLine(input).status)).toBe(true);
    }
  };

  it('never throws on 50 000 random lines', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), check), { numRuns: 20_000 });
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => check(`$GPGGA,${s}\r\n`)),
      { numRuns: 30_000 },
    );
  });

  it('round-trips 20 000 GGA fixes and survives 40 000 mutations', () => {
    const fix = fc.record({
      latitude: fc.integer({ min: -89_999_999, max: 89_999_999 }).map((v) => v / 1e6),
      longitude: fc.integer({ min: -179_999_999, max: 179_999_999 }).map((v) => v / 1e6),
      satellites: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(fix, (f) => {
        const r = decodeNmeaLine(encodeNmeaGga({ utcTime: '01:02:03', ...f }));
        expect(r.status).toBe('ok');
        if (r.status !== 'ok' || r.value.data?.sentence !== 'GGA') {
          return;
        }
        expect(r.value.data.latitude).toBeCloseTo(f.latitude, 5);
        expect(r.value.data.longitude).toBeCloseTo(f.longitude, 5);
        expect(r.value.data.satellites).toBe(f.satellites);
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 127 }), fc.nat(), (i, code, cut) => {
        const chars = [...`${gga}\r\n`];
        chars[i % chars.length] = String.fromCharCode(code);
        check(chars.join(''));
        check(gga.slice(0, cut % (gga.length + 1)));
      }),
      { numRuns: 20_000 },
    );
  });
});
