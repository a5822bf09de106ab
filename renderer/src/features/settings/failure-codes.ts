import type { Failure } from '#shared/result';

/** The codes of a failure, language-neutral, for a notice: "lister-failed · ENOENT · udevadm". */
export function failureCodes(failure: Failure): string {
  const cause = failure.cause;
  return cause === undefined
    ? failure.code
    : [cause.kind, cause.errno, cause.tool].filter((c): c is string => c !== undefined).join(' · ');
}
