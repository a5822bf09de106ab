import { toHex } from './common/hex';
import type { LineCause } from './common/line-cause';
import { CodedError, fail, type Failure, type Result } from '../result';

/** The cause an error carries from where it arose, or `fallback` when it carries none. */
function causeOf(error: unknown, fallback: LineCause): LineCause {
  return error instanceof CodedError && error.lineCause !== undefined ? error.lineCause : fallback;
}

/** The OS refused a write to the line. */
export function writeFailure(error: unknown): Result<never> {
  const message = error instanceof Error ? error.message : String(error);
  return fail('io', `could not write to the line: ${message}`, causeOf(error, { kind: 'write-failed' }));
}

/**
 * No valid reply within the job's time: the first rejected frame if one came (a bad CRC says more than
 * "no reply"), else the bytes that came without completing a frame, else silence.
 */
export function timeoutFailure(
  timeoutMs: number,
  rejection: { readonly reason: string; readonly cause: LineCause | null } | null,
  buffer: Uint8Array,
): Result<never> {
  if (rejection !== null) {
    return fail(
      'protocol',
      `no valid reply within ${timeoutMs} ms: ${rejection.reason}`,
      rejection.cause ?? { kind: 'malformed-reply' },
    );
  }
  if (buffer.length > 0) {
    return fail(
      'timeout',
      `reply incomplete after ${timeoutMs} ms: got ${buffer.length} bytes (${toHex(buffer.subarray(0, 32))})`,
      { kind: 'incomplete-reply', timeoutMs, bytes: buffer.length },
    );
  }
  return fail('timeout', `no reply within ${timeoutMs} ms`, { kind: 'timeout', timeoutMs });
}

/** The link closed under the session: by its owner (`error` null) or because the port went away. */
export function closedLineFailure(error: Error | null): Failure {
  return error === null
    ? { code: 'io', message: 'the line closed while a request was pending', cause: { kind: 'port-closed' } }
    : {
        code: 'io',
        message: `the line vanished (${error.message}); check the cable and adapter`,
        cause: causeOf(error, { kind: 'port-vanished' }),
      };
}
