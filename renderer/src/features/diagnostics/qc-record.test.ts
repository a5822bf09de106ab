import { describe, expect, it } from 'vitest';
import { verdictSchema, decodedValueSchema } from '#shared/domain/schemas/diagnostic-session';
import { hj212QcResult } from '#shared/protocols/hj212/qc';
import { qcSessionParts } from './qc-record';

describe('an HJ 212 QC run as a diagnostic session verdict and values', () => {
  it('a 2025 standard-sample check: ok verdict with the measured value; valid against the v3 schema', () => {
    const result = hj212QcResult(
      { check: 'standard', polId: 'w21003' },
      {
        accepted: true,
        refusal: null,
        exeRtn: '1',
        uploads: [
          {
            factors: [{ code: 'w21003', values: { Rtd: 0.33 }, flag: 'N' }],
            dataTime: '20260701060000',
          } as never,
        ],
        edition: { edition: 'hj212-2025', reason: 'Flag=8', evidence: [] },
      },
      'done',
    );
    const parts = qcSessionParts(result, '标样核查 w21003：执行成功');
    expect(parts.verdict).toMatchObject({
      rule: 'hj212.qc',
      outcome: 'ok',
      code: 'qc.verdictCode.done',
      params: { check: 'standard', cn: '2062', value: 0.33, edition: 'hj212-2025' },
    });
    expect(verdictSchema.safeParse(parts.verdict).success).toBe(true);
    expect(parts.values).toEqual([{ name: 'QC w21003-Rtd', value: 0.33, unit: null }]);
    expect(parts.values.every((v) => decodedValueSchema.safeParse(v).success)).toBe(true);
  });
  it('a refused zero calibration is a fault verdict with ExeRtn', () => {
    const result = hj212QcResult(
      { check: 'zero', polId: 'w01018' },
      { accepted: true, refusal: 'execution failed: ExeRtn=3', exeRtn: '3', uploads: [], edition: null },
      'done',
    );
    const parts = qcSessionParts(result, 'x'.repeat(900));
    expect(parts.verdict).toMatchObject({ outcome: 'fault', params: { exeRtn: '3', edition: 'unknown' } });
    expect(parts.verdict.message).toHaveLength(500);
    expect(verdictSchema.safeParse(parts.verdict).success).toBe(true);
  });
});

describe('the saved QC verdict on the session page', () => {
  it('reads in either language from its code, with no placeholder left', async () => {
    const { verdictText } = await import('./lib/verdicts');
    const zh = (await import('../../i18n/locales/zh-CN/diagnostics.json')).default as Record<string, unknown>;
    const en = (await import('../../i18n/locales/en-US/diagnostics.json')).default as Record<string, unknown>;
    const lookup = (cat: Record<string, unknown>) => (key: string) =>
      key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], cat);
    const result = hj212QcResult(
      { check: 'zero', polId: 'w21003' },
      { accepted: true, refusal: null, exeRtn: '1', uploads: [], edition: null },
      'done',
    );
    const { verdict } = qcSessionParts(result, 'saved text');
    for (const [cat, text] of [
      [zh, '质控核查：执行成功'],
      [en, 'QC check: done'],
    ] as const) {
      const get = lookup(cat);
      const shown = verdictText(
        (k) => String(get(k)),
        (k) => typeof get(k) === 'string',
        verdict,
      );
      expect(shown).toBe(text);
    }
  });
});
