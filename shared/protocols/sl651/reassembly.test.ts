import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../common/hex';
import { createFrameReader } from '../common/frame-reader';
import { buildSl651Report, type Sl651ElementInput } from './commands';
import { decodeSl651Message } from './message';
import { beijingFrames } from './reference-frames.test-data';

const frames = [beijingFrames[0], beijingFrames[15], beijingFrames[4]].map((h) => fromHex(h ?? ''));

function joined(noise: Uint8Array): Uint8Array {
  const parts = [noise, frames[0], Uint8Array.of(0x7e, 0x7e, 0x01), frames[1], noise, frames[2]].filter(
    (p): p is Uint8Array => p !== undefined,
  );
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const codesOf = (chunks: Uint8Array[]) => {
  const reader = createFrameReader(decodeSl651Message);
  return chunks
    .flatMap((c) => reader.push(c))
    .flatMap((e) => (e.kind === 'frame' ? [e.value.functionCode] : []));
};

describe('SL651 frames through the frame reader', () => {
  it('byte by byte and in odd chunks', () => {
    const bytes = joined(Uint8Array.of(0x7e, 0x00, 0x02));
    expect(codesOf(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual([0x32, 0x34, 0x33]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 17 }), (size) => {
        const chunks: Uint8Array[] = [];
        for (let at = 0; at < bytes.length; at += size) {
          chunks.push(bytes.slice(at, at + size));
        }
        expect(codesOf(chunks)).toEqual([0x32, 0x34, 0x33]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('SL651 split at every position', () => {
  it('decodes each reference frame once, wherever the read splits it', () => {
    for (const frame of frames) {
      if (frame === undefined) {
        continue;
      }
      for (let cut = 1; cut < frame.length; cut += 1) {
        expect(codesOf([frame.slice(0, cut), frame.slice(cut)])).toHaveLength(1);
      }
    }
  });
});

describe('SL651 decoder under random and mutated input', () => {
  const statuses = new Set(['ok', 'incomplete', 'invalid']);
  const check = (bytes: Uint8Array) => {
    const r = decodeSl651Message(bytes);
    expect(statuses.has(r.status)).toBe(true);
    if (r.status === 'invalid') {
      expect(r.skip).toBeGreaterThanOrEqual(1);
    }
    if (r.status === 'ok') {
      expect(r.consumed).toBeLessThanOrEqual(bytes.length);
    }
  };

  it('never throws on 50 000 random byte strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), check), { numRuns: 20_000 });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 120 }), (rest) => {
        const b = new Uint8Array(2 + rest.length);
        b.set([0x7e, 0x7e]);
        b.set(rest, 2);
        b[11] = (b[11] ?? 0) & 0x8f; // plausible direction nibble and short length
        b[12] = Math.min(b[12] ?? 0, rest.length);
        b[13] = 0x02;
        check(b);
      }),
      { numRuns: 30_000 },
    );
  });

  const element: fc.Arbitrary<Sl651ElementInput> = fc.oneof(
    fc.record({
      id: fc.constantFrom(0x20, 0x26, 0x39, 0x38, 0x27, 0x1a),
      bytes: fc.integer({ min: 2, max: 5 }),
      decimals: fc.integer({ min: 0, max: 3 }),
      value: fc.integer({ min: -9999, max: 99999 }).map((v) => v / 100),
    }),
    fc.record({ id: fc.constant(0x45 as const), status: fc.integer({ min: 0, max: 0xfff }) }),
    fc.record({
      id: fc.constant(0xf4 as const),
      rain: fc.array(
        fc.option(
          fc.integer({ min: 0, max: 200 }).map((v) => v / 10),
          { nil: null },
        ),
        { maxLength: 12 },
      ),
    }),
  );

  it('round-trips 20 000 reports and survives 40 000 mutations of them', () => {
    const report = (elements: Sl651ElementInput[], serial: number) =>
      buildSl651Report({
        centerAddress: 1,
        stationAddress: '0012345678',
        password: '1234',
        functionCode: 0x32,
        serial,
        sentAt: { year: 2026, month: 11, day: 25, hour: 12, minute: 0, second: 0 },
        category: 'H',
        observedAt: { year: 2026, month: 11, day: 25, hour: 12, minute: 0 },
        elements,
      });
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 6 }),
        fc.integer({ min: 0, max: 65535 }),
        (elements, serial) => {
          const r = decodeSl651Message(report(elements, serial));
          expect(r.status).toBe('ok');
          if (r.status !== 'ok') {
            return;
          }
          expect(r.value.serial).toBe(serial);
          expect(r.value.items).toHaveLength(elements.length);
          elements.forEach((e, i) => {
            const item = r.value.items[i];
            if ('value' in e && item?.kind === 'value') {
              const scale = 10 ** e.decimals;
              const digits = (e.value < 0 ? e.bytes - 1 : e.bytes) * 2;
              const expected = Math.round(Math.abs(e.value) * scale) % 10 ** digits;
              expect(Math.round(Math.abs(item.value ?? NaN) * scale)).toBe(expected);
            }
          });
        },
      ),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(
        fc.array(element, { maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (elements, at, byte, cut) => {
          const frame = report(elements, 1);
          const flipped = frame.slice();
          flipped[at % frame.length] = byte;
          check(flipped);
          check(frame.slice(0, cut % (frame.length + 1)));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
