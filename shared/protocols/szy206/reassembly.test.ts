import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../common/hex';
import {
  buildClockReply,
  buildLinkTestUp,
  buildReportIntervalsReply,
  buildSelfReport,
  buildWorkModeReply,
} from './commands';
import { createFrameReader } from '../common/frame-reader';
import { decodeSzy206Message } from './message';

const address = { mode: 'division', division: '530381', station: 13 } as const;
const report = fromHex('681A68B35303810D00C00059000000826110000001106000004508090A3516');

function stream(): Uint8Array {
  const parts = [
    Uint8Array.of(0x00, 0x68, 0x16, 0xff), // noise, including a false start byte
    buildLinkTestUp({ address }, 'login'),
    report,
    Uint8Array.of(0x68, 0x07, 0x68), // a cut-off start
    buildClockReply({ address }, { year: 2026, month: 11, day: 25, hour: 12, minute: 0, second: 0 }),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const afnsOf = (chunks: Uint8Array[]) => {
  const reader = createFrameReader((b) => decodeSzy206Message(b));
  return chunks.flatMap((c) => reader.push(c)).flatMap((e) => (e.kind === 'frame' ? [e.value.afn] : []));
};

describe('SZY206 frames through the frame reader', () => {
  it('finds every frame byte by byte, past noise and a cut-off start', () => {
    const bytes = stream();
    expect(afnsOf(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual([0x02, 0xc0, 0x51]);
  });

  it('finds the same frames whatever the chunking', () => {
    const bytes = stream();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const chunks: Uint8Array[] = [];
        let at = 0;
        for (let i = 0; at < bytes.length; i += 1) {
          const size = sizes[i % sizes.length] ?? 1;
          chunks.push(bytes.slice(at, at + size));
          at += size;
        }
        expect(afnsOf(chunks)).toEqual([0x02, 0xc0, 0x51]);
      }),
      { numRuns: 300 },
    );
  });

  it('splits a report at every position and still decodes it once', () => {
    for (let cut = 1; cut < report.length; cut += 1) {
      expect(afnsOf([report.slice(0, cut), report.slice(cut)])).toEqual([0xc0]);
    }
  });
});

describe('SZY206 decoder under random and mutated input', () => {
  const statuses = new Set(['ok', 'incomplete', 'invalid']);
  const check = (bytes: Uint8Array) => {
    for (const edition of ['szy206-2016', 'sl427-2021'] as const) {
      const r = decodeSzy206Message(bytes, edition);
      expect(statuses.has(r.status)).toBe(true);
      if (r.status === 'ok') {
        expect(r.consumed).toBeLessThanOrEqual(bytes.length);
      }
      if (r.status === 'invalid') {
        expect(r.skip).toBeGreaterThanOrEqual(1);
      }
    }
  };

  it('never throws on 50 000 random byte strings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => check(b)),
      { numRuns: 25_000 },
    );
    // Frames that start right (68 L 68) reach the deeper layers more often.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 80 }), (l, rest) => {
        const b = new Uint8Array(3 + rest.length);
        b.set([0x68, l, 0x68]);
        b.set(rest, 3);
        check(b);
      }),
      { numRuns: 25_000 },
    );
  });

  const reading = fc.record({
    kindCode: fc.constantFrom(1, 2, 3, 4, 5, 9, 15),
    values: fc.array(fc.option(fc.integer({ min: -99999, max: 999999 }), { nil: null }), {
      minLength: 1,
      maxLength: 6,
    }),
    alarmWord: fc.integer({ min: 0, max: 0xffff }),
    statusWord: fc.integer({ min: 0, max: 0xffff }),
  });
  const label = fc.record({
    second: fc.integer({ min: 0, max: 59 }),
    minute: fc.integer({ min: 0, max: 59 }),
    hour: fc.integer({ min: 0, max: 23 }),
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.constant(null),
    year: fc.constant(null),
    allowedDelayMinutes: fc.integer({ min: 0, max: 255 }),
  });
  const station = fc.integer({ min: 0, max: 65535 });

  it('round-trips clock, work-mode and interval answers', () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 2000, max: 2099 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
          second: fc.integer({ min: 0, max: 59 }),
        }),
        fc.constantFrom('compatible', 'self-report', 'query-answer', 'debug'),
        fc.uniqueArray(
          fc.record({
            kindCode: fc.integer({ min: 1, max: 15 }),
            minutes: fc.integer({ min: 0, max: 9999 }),
          }),
          {
            selector: (i) => i.kindCode,
            maxLength: 6,
          },
        ),
        (clock, mode, intervals) => {
          const c = decodeSzy206Message(buildClockReply({ address }, clock));
          expect(c.status === 'ok' && c.value.body).toEqual({ kind: 'clock', clock });
          const m = decodeSzy206Message(buildWorkModeReply({ address }, mode));
          expect(m.status === 'ok' && m.value.body).toEqual({ kind: 'work-mode', mode });
          const i = decodeSzy206Message(buildReportIntervalsReply({ address }, intervals));
          expect(
            i.status === 'ok' &&
              i.value.body.kind === 'report-intervals' &&
              i.value.body.intervals.map((x) => [x.kind.code, x.minutes]),
          ).toEqual(
            [...intervals].sort((a, b) => a.kindCode - b.kindCode).map((x) => [x.kindCode, x.minutes]),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('round-trips 20 000 self-reports and survives 40 000 mutations of them', () => {
    fc.assert(
      fc.property(reading, label, station, (r, tp, st) => {
        const group = r.kindCode === 3 ? 2 : 1;
        // A partial flow group is completed with the missing filler by the encoder.
        const values = [...r.values, ...(r.values.length % group === 0 ? [] : [null])];
        const frame = buildSelfReport({ address: { ...address, station: st } }, r, tp);
        const d = decodeSzy206Message(frame);
        expect(d.status).toBe('ok');
        if (d.status !== 'ok' || d.value.body.kind !== 'values') {
          return;
        }
        expect(d.value.timeLabel).toEqual(tp);
        expect(d.value.address).toEqual({ ...address, station: st });
        expect(d.value.body.alarms.word).toBe(r.alarmWord);
        expect(d.value.body.status.word).toBe(r.statusWord);
        expect(d.value.body.values).toHaveLength(values.length);
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(
        reading,
        label,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (r, tp, at, byte, cut) => {
          const frame = buildSelfReport({ address }, { ...r, values: r.values.slice(0, 2) }, tp);
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
