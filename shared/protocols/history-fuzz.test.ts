import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './common/decode-result';
import { readHistoryFrames, type HistoryPlan } from './history-run';
import { hj212HistoryPlan } from './hj212/history';
import { buildPeriodAnswer, decodePeriodPacket, parsePeriodBody, sl651HistoryPlan } from './sl651/history';
import {
  buildStoredDataAnswer,
  decodeEventRecordAnswer,
  decodeStoredDataFrame,
  szy206HistoryPlan,
} from './szy206/history';

// The history decoders and the frame folding face whatever is on the wire: they never throw, always
// answer one of the three statuses with progress, and a damaged copy of a real answer never hangs.
function wellFormed(result: DecodeResult<unknown>, length: number): boolean {
  switch (result.status) {
    case 'ok':
      return result.consumed > 0 && result.consumed <= length;
    case 'incomplete':
      return result.needed === null || result.needed > 0;
    case 'invalid':
      return result.skip >= 1 && result.reason.length > 0;
  }
}

const beijing = (text: string) => Date.parse(`${text}+08:00`);
const from = beijing('2026-07-01T00:00:00');
const to = beijing('2026-07-01T06:00:00');
const target = { address: { mode: 'division', division: '110000', station: 0x42 } } as const;
const station = { centerAddress: 1, stationAddress: '0012345678', password: '1234' };
const plans: [string, HistoryPlan<unknown>][] = [
  ['szy206', szy206HistoryPlan(target, { type: 2, number: 0, from, to }) as HistoryPlan<unknown>],
  [
    'sl651',
    sl651HistoryPlan(station, {
      serial: 1,
      sentAt: to,
      from,
      to,
      step: { days: 0, hours: 1, minutes: 0 },
      element: { id: 0x39, bytes: 4, decimals: 3 },
    }) as HistoryPlan<unknown>,
  ],
  [
    'hj212',
    hj212HistoryPlan(
      { st: '21', pw: '123456', mn: 'M1' },
      { kind: 'hour', from, to, qn: '20260701060000000' },
    ) as HistoryPlan<unknown>,
  ],
];

// Frame starts of the three protocols, so the fuzzer reaches past the first byte check.
const starts = [Uint8Array.of(0x68), Uint8Array.of(0x7e, 0x7e), new TextEncoder().encode('##')];
const wire = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.uint8Array({ maxLength: 300 })).map(([i, tail]) => {
  const head = starts[i] ?? new Uint8Array(0);
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
});

describe('history decoders under fuzzing', () => {
  it('single-frame decoders never throw and always make progress', () => {
    fc.assert(
      fc.property(wire, (bytes) => {
        expect(wellFormed(decodeStoredDataFrame(bytes, target), bytes.length)).toBe(true);
        expect(wellFormed(decodeEventRecordAnswer(bytes, target), bytes.length)).toBe(true);
        expect(wellFormed(decodePeriodPacket(bytes, station), bytes.length)).toBe(true);
        const body = parsePeriodBody(bytes);
        expect(typeof body === 'string' || Array.isArray(body.values)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(plans)('%s: folding any bytes never throws and the records stay readable', (_, plan) => {
    fc.assert(
      fc.property(wire, (bytes) => {
        const read = readHistoryFrames(plan, plan.initial, bytes);
        expect(wellFormed(read, bytes.length)).toBe(true);
        const state = read.status === 'ok' ? read.value.state : plan.initial;
        expect(Array.isArray(plan.records(state))).toBe(true);
        plan.missing(state);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('history answers round-trip for any values', () => {
  const cents = fc.array(fc.option(fc.integer({ min: -99_999, max: 9_999_999 }), { nil: null }), {
    maxLength: 60,
  });

  it('SZY206 B1H water level (signed, 3 decimals) in split frames', () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 1, max: 47 }), (raw, perFrame) => {
        const values = raw.map((v) => (v === null ? null : v / 1000));
        const frames = buildStoredDataAnswer(
          target,
          { type: 1, number: 3, start: from, end: to },
          values,
          perFrame,
        );
        const back = frames.flatMap((f): readonly (number | null | 'bad')[] => {
          const r = decodeStoredDataFrame(f, target);
          return r.status === 'ok' ? r.value.values : ['bad'];
        });
        expect(back).toEqual(values.map((v) => (v === null ? null : Object.is(v, -0) ? 0 : v)));
      }),
      { numRuns: 300 },
    );
  });

  it('SL651 38H river level in M3 packets of any size', () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 40, max: 400 }), (raw, maxBody) => {
        const values = raw.map((v) => (v === null ? null : Math.abs(v) / 1000));
        const answer = {
          serial: 9,
          sentAt: to,
          category: 'H',
          firstAt: from,
          step: { days: 0, hours: 1, minutes: 0 },
          element: { id: 0x39, bytes: 4, decimals: 3 },
          values,
        };
        const plan = plans[1]?.[1];
        const bytes = buildPeriodAnswer(station, answer, maxBody);
        let state = plan?.initial;
        for (const f of bytes) {
          const p = decodePeriodPacket(f, station);
          state = p.status === 'ok' && plan !== undefined ? plan.fold(state, p.value).state : state;
        }
        expect(plan?.records(state).map((r) => r.value)).toEqual(values.map((v) => (v === null ? null : v)));
      }),
      { numRuns: 300 },
    );
  });
});
