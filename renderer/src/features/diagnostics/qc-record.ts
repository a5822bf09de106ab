import type { Hj212QcResult } from '#shared/protocols/hj212/qc';
import type { DiagnosticSession } from '#shared/domain/schemas/diagnostic-session';

type Verdict = DiagnosticSession['verdicts'][number];
type Value = DiagnosticSession['values'][number];

/**
 * An HJ 212 QC run as the parts of a diagnostic session (v3, no new field: the record is one verdict
 * with rule `hj212.qc` and its figures as parameters, the measured values as decoded values, the
 * frames in the session's frame log; the instrument is the session's equipment). Pure.
 */
export function qcSessionParts(
  result: Hj212QcResult,
  message: string,
): { readonly verdict: Verdict; readonly values: Value[] } {
  const params: Record<string, string | number> = {
    check: result.check,
    cn: result.cn,
    polId: result.polId,
    status: result.status,
    exeRtn: result.exeRtn ?? '',
    edition: result.edition ?? 'unknown',
  };
  const first = result.values[0];
  if (first !== undefined) {
    params.value = first.value;
    params.valueKey = first.key;
  }
  return {
    verdict: {
      rule: 'hj212.qc',
      outcome: result.status === 'done' ? 'ok' : result.status === 'refused' ? 'fault' : 'warning',
      message: message.slice(0, 500),
      // A catalogue text without placeholders (the detail page reads codes without parameters): the
      // figures stay in `params`, the saver's wording in `message`.
      code: `qc.verdictCode.${result.status}`,
      params,
    },
    values: result.values.slice(0, 50).map((v) => ({
      name: `QC ${v.key}`.slice(0, 80),
      value: v.value,
      unit: null,
    })),
  };
}
