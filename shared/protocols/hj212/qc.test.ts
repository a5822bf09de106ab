import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readHistoryFrames } from '../history-run';
import { buildHj212QcRequest, hj212QcPlan, hj212QcResult, type Hj212QcState } from './qc';

const station = { st: '21', pw: '123456', mn: '88888880000001' };
const qn = '20260105100000001';
const enc = new TextEncoder();

// Golden bytes: CRCs by the Annex A procedure (checked against the standard's examples elsewhere).
const zero2017 = `##0089QN=${qn};ST=21;CN=3011;PW=123456;MN=88888880000001;Flag=5;CP=&&PolId=w01018&&42C0\r\n`;
const span2025 = `##0089QN=${qn};ST=21;CN=3011;PW=123456;MN=88888880000001;Flag=9;CP=&&PolId=w01018&&12C0\r\n`;
const standard2025 = `##0089QN=${qn};ST=21;CN=2062;PW=123456;MN=88888880000001;Flag=9;CP=&&PolId=w01018&&EF41\r\n`;
// The 2062 reply as the simulator sends it: 9011, one upload (fields are an assumption [L]), 9012.
const standardReply2025 = [
  `##0084QN=${qn};ST=91;CN=9011;PW=123456;MN=88888880000001;Flag=8;CP=&&QnRtn=1&&71C0\r\n`,
  '##0131QN=20260105100000123;ST=21;CN=2062;PW=123456;MN=88888880000001;Flag=8;CP=&&DataTime=20260105100000;w01018-Rtd=20.15,w01018-Flag=N&&5780\r\n',
  `##0085QN=${qn};ST=91;CN=9012;PW=123456;MN=88888880000001;Flag=8;CP=&&ExeRtn=1&&7D00\r\n`,
].join('');
const zeroReply2017 = [
  `##0084QN=${qn};ST=91;CN=9011;PW=123456;MN=88888880000001;Flag=4;CP=&&QnRtn=1&&`,
  `##0085QN=${qn};ST=91;CN=9012;PW=123456;MN=88888880000001;Flag=4;CP=&&ExeRtn=1&&7800\r\n`,
];

function fold(check: 'zero' | 'span' | 'standard', bytes: Uint8Array): Hj212QcState {
  const plan = hj212QcPlan(station, { check, polId: 'w01018', qn });
  const r = readHistoryFrames(plan, plan.initial, bytes);
  if (r.status !== 'ok') {
    throw new Error(JSON.stringify(r));
  }
  expect(r.value.done).toBe(true);
  return r.value.state;
}

describe('HJ 212 QC requests: golden bytes (build → bytes)', () => {
  it('zero and span are the same CN 3011 零点/量程校准 frame (one command in 2017 [H])', () => {
    expect(buildHj212QcRequest(station, { check: 'zero', polId: 'w01018', qn })).toBe(zero2017);
    expect(buildHj212QcRequest(station, { check: 'span', polId: 'w01018', qn })).toBe(zero2017);
    expect(buildHj212QcRequest(station, { check: 'span', polId: 'w01018', qn, edition: 'hj212-2025' })).toBe(
      span2025,
    );
  });
  it('standard-sample check is CN 2062, 2025 only (uncertain [L–M]); refused in 2017 by name', () => {
    expect(buildHj212QcRequest(station, { check: 'standard', polId: 'w01018', qn })).toBe(standard2025);
    expect(() =>
      buildHj212QcRequest(station, { check: 'standard', polId: 'w01018', qn, edition: 'hj212-2017' }),
    ).toThrow(/only in HJ 212-2025/);
    expect(() => buildHj212QcRequest(station, { check: 'zero', polId: 'COD', qn })).toThrow(/PolId/);
  });
});

describe('HJ 212 QC replies: golden bytes (bytes → fields)', () => {
  it('2017 zero calibration: 9011 then 9012 ExeRtn=1, no values; edition 2017', () => {
    // The 9011's CRC by the independent Annex A procedure below; the 9012's pinned.
    const seg9011 = zeroReply2017[0]?.slice(6) ?? '';
    const state = fold('zero', enc.encode(`${zeroReply2017[0]}${crcOf(seg9011)}\r\n${zeroReply2017[1]}`));
    expect(crcOf(zeroReply2017[1]?.slice(6, -6) ?? '')).toBe('7800'); // the pinned 9012 CRC, independently
    const result = hj212QcResult({ check: 'zero', polId: 'w01018' }, state, 'done');
    expect(result).toMatchObject({
      status: 'done',
      cn: '3011',
      exeRtn: '1',
      exeRtnName: '执行成功',
      values: [],
      edition: 'hj212-2017',
    });
    expect(result.uncertainty).toMatch(/same frame/);
  });
  it('2025 standard-sample check: a multi-frame reply folds to the measured value, edition 2025', () => {
    const state = fold('standard', enc.encode(standardReply2025));
    const result = hj212QcResult({ check: 'standard', polId: 'w01018' }, state, 'done');
    expect(result).toMatchObject({
      status: 'done',
      cn: '2062',
      exeRtn: '1',
      values: [{ key: 'w01018-Rtd', value: 20.15, flag: 'N' }],
      edition: 'hj212-2025',
    });
  });
  it('a failed execution (ExeRtn=3) is refused with the word for it', () => {
    const bad = `QN=${qn};ST=91;CN=9012;PW=123456;MN=88888880000001;Flag=4;CP=&&ExeRtn=3&&`;
    const plan = hj212QcPlan(station, { check: 'zero', polId: 'w01018', qn });
    const r = readHistoryFrames(plan, plan.initial, enc.encode(`##0085${bad}${crcOf(bad)}\r\n`));
    expect(r.status).toBe('ok');
    if (r.status === 'ok') {
      const result = hj212QcResult({ check: 'zero', polId: 'w01018' }, r.value.state, 'done');
      expect(result.status).toBe('refused');
      expect(result.reason).toBe('execution failed: ExeRtn=3 命令请求条件错误');
    }
  });
});

function crcOf(segment: string): string {
  // Annex A procedure, written again here on purpose as an independent check of the encoder's CRC.
  let crc = 0xffff;
  for (const ch of enc.encode(segment)) {
    crc = (crc >> 8) ^ ch;
    for (let i = 0; i < 8; i += 1) {
      const lsb = crc & 1;
      crc >>= 1;
      if (lsb) {
        crc ^= 0xa001;
      }
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

describe('HJ 212 QC reply decoder: fuzzing (no throw, bounded time)', () => {
  it('random bytes and mutated replies fold or fail by name', () => {
    const plan = hj212QcPlan(station, { check: 'standard', polId: 'w01018', qn });
    const base = enc.encode(standardReply2025);
    const statuses = new Set(['ok', 'incomplete', 'invalid']);
    const check = (bytes: Uint8Array) => {
      const started = performance.now();
      const r = readHistoryFrames(plan, plan.initial, bytes);
      expect(performance.now() - started).toBeLessThan(1000); // a hang, not a GC pause
      expect(statuses.has(r.status)).toBe(true);
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), { numRuns: 3000 });
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
        },
      ),
      { numRuns: 3000 },
    );
  });
});
