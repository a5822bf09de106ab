import type { TFunction } from 'i18next';
import type { LineCause } from '#shared/protocols/common/line-cause';
import { isErrorCode, type ErrorCode } from '#shared/result';

/** A failed host call or a closed line as the page holds it: a code, maybe a cause; the message is for logs. */
export type FailureLike = {
  readonly code: string;
  readonly cause?: LineCause | undefined;
};

const knownExceptions = new Set([1, 2, 3, 4, 5, 6, 8, 10, 11]);

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * One cause in the reader's language, from the `diagnostics` catalog only: the kind picks the sentence,
 * the cause's values fill it, an OS error name or missing tool is added in brackets.
 */
export function causeText(t: TFunction, cause: LineCause): string {
  const exceptionCode = cause.exceptionCode ?? 0;
  const params = {
    path: cause.path ?? '',
    unitId: cause.unitId ?? '',
    expectedUnitId: cause.expectedUnitId ?? '',
    timeoutMs: cause.timeoutMs ?? '',
    bytes: cause.bytes ?? 0,
    exceptionCode: hex2(exceptionCode),
    exceptionName: t(
      `diagnostics:exception.${knownExceptions.has(exceptionCode) ? String(exceptionCode) : 'other'}`,
    ),
  };
  const base = t(`diagnostics:cause.${cause.kind}`, params);
  const errno = cause.errno === undefined ? '' : t('diagnostics:cause.errno', { errno: cause.errno });
  const tool = cause.tool === undefined ? '' : t('diagnostics:cause.tool', { tool: cause.tool });
  return `${base}${errno}${tool}`;
}

/** What the page shows for a failure: its cause when it has one, else the sentence for its code. */
export function failureText(t: TFunction, failure: FailureLike): string {
  if (failure.cause !== undefined) {
    return causeText(t, failure.cause);
  }
  const code: ErrorCode = isErrorCode(failure.code) ? failure.code : 'internal';
  return t(`diagnostics:errors.${code}`);
}
