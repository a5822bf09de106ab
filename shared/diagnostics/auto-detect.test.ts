import { describe, expect, it } from 'vitest';
import { candidateKey, detectPlan, summarizeDetect, answeringUnit, probeOutcome } from './auto-detect';
import type { LineCause } from '../protocols/common/line-cause';

describe('auto-detect plan', () => {
  it('starts with 9600 8N1 unit 1 and scans line settings before other unit ids', () => {
    const plan = detectPlan();
    expect(candidateKey(plan[0]!)).toBe('9600-8N1-u1');
    expect(candidateKey(plan[1]!)).toBe('19200-8N1-u1');
    const firstUnit2 = plan.findIndex((c) => c.unitId === 2);
    expect(plan.slice(0, firstUnit2).every((c) => c.unitId === 1)).toBe(true);
    expect(new Set(plan.map(candidateKey)).size).toBe(plan.length);
  });

  it('tries the equipment record settings first, once', () => {
    const plan = detectPlan({ preferred: [{ baudRate: 2400, parity: 'even', unitId: 7 }] });
    expect(candidateKey(plan[0]!)).toBe('2400-8E1-u7');
    expect(plan.filter((c) => candidateKey(c) === '9600-8N1-u1')).toHaveLength(1);
    expect(detectPlan({ limit: 5 })).toHaveLength(5);
  });
});

describe('auto-detect summary', () => {
  const c = (baudRate: number, unitId = 1) =>
    ({ baudRate, parity: 'none', dataBits: 8, stopBits: 1, unitId }) as const;
  it('reports found devices and exceptions as present', () => {
    const s = summarizeDetect([
      { candidate: c(9600), outcome: 'timeout', bytesReceived: 0 },
      { candidate: c(19200), outcome: 'exception', bytesReceived: 5 },
    ]);
    expect(s.found).toEqual([c(19200)]);
    expect(s.hints).toEqual([]);
  });
  it('says when bytes arrived but never a valid frame, and when the line is silent', () => {
    expect(summarizeDetect([{ candidate: c(9600), outcome: 'bad-crc', bytesReceived: 7 }])).toMatchObject({
      hints: ['noise-at-some-rates'],
      noisySettings: ['9600 8N1'],
    });
    expect(summarizeDetect([{ candidate: c(9600), outcome: 'timeout', bytesReceived: 0 }]).hints).toEqual([
      'silent',
    ]);
    expect(summarizeDetect([], true).hints).toEqual(['cancelled']);
    expect(summarizeDetect([], false, true).hints).toEqual(['out-of-time']);
  });
});

describe('probeOutcome reads the coded cause, never the message', () => {
  const failed = (cause: LineCause | undefined, message = 'any words at all') =>
    ({ ok: false, error: { code: 'protocol', message, ...(cause ? { cause } : {}) } }) as const;
  it.each([
    [{ kind: 'device-exception', exceptionCode: 2, unitId: 1 }, 'exception'],
    [{ kind: 'timeout', timeoutMs: 80 }, 'timeout'],
    [{ kind: 'crc-mismatch' }, 'bad-crc'],
    [{ kind: 'wrong-unit', unitId: 7, expectedUnitId: 1 }, 'wrong-unit'],
    [{ kind: 'incomplete-reply', timeoutMs: 80, bytes: 3 }, 'garbage'],
    [{ kind: 'malformed-reply' }, 'garbage'],
  ] as const)('%o → %s', (cause, outcome) => {
    expect(probeOutcome(failed(cause))).toBe(outcome);
  });
  it('takes a reply as a reply, a message that merely mentions CRC as garbage, and names the unit that answered', () => {
    expect(probeOutcome({ ok: true, value: [1] })).toBe('reply');
    expect(probeOutcome(failed(undefined, 'CRC expected 0x1234, reply from unit 5'))).toBe('garbage');
    expect(answeringUnit(failed({ kind: 'wrong-unit', unitId: 7, expectedUnitId: 1 }))).toBe(7);
    expect(answeringUnit(failed(undefined, 'reply from unit 7, expected unit 1'))).toBeNull();
  });
});
