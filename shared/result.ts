import type { PhotoRefusal } from './host/contract/photo-refusals';
import type { LineCause } from './protocols/common/line-cause';

/**
 * Results across every boundary (host calls, sync wire): `{ ok, value }` or `{ ok: false, error }`, with
 * `code` drawn from a closed union so UI copy and retries can switch on it exhaustively.
 */
export const errorCodes = [
  'invalid-argument',
  'unknown-method',
  'forbidden-sender',
  'unauthorized',
  'not-found',
  'conflict',
  'permission-denied',
  'unavailable',
  'busy',
  'timeout',
  'cancelled',
  'io',
  'protocol',
  'too-large',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * `message` is English for logs; what a screen shows comes from `code` and, for failures on a cable or
 * a serial port, from `cause` (a closed set with values, rendered from the renderer's catalogs).
 */
export type Failure<C extends string = ErrorCode> = {
  readonly code: C;
  readonly message: string;
  readonly cause?: LineCause;
  /** Why a photo was refused, when it was (the screen words it from the catalogs). */
  readonly refusal?: PhotoRefusal;
};

export type Result<T, C extends string = ErrorCode> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure<C> };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<C extends string = ErrorCode>(
  code: C,
  message: string,
  cause?: LineCause,
): { readonly ok: false; readonly error: Failure<C> } {
  return { ok: false, error: cause === undefined ? { code, message } : { code, message, cause } };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Thrown by host service handlers; the dispatcher turns it into a failed result with the same code. */
export class CodedError extends Error {
  readonly code: ErrorCode;
  /** Why, as a code with values, when the failure arose on a cable or port (see `LineCause`). */
  readonly lineCause: LineCause | undefined;
  /** Why a photo was refused, when this error is such a refusal. */
  readonly refusal: PhotoRefusal | undefined;
  constructor(code: ErrorCode, message: string, cause?: LineCause, refusal?: PhotoRefusal) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
    this.lineCause = cause;
    this.refusal = refusal;
  }

  /** The failure this error stands for, cause and refusal included. */
  toFailure(): Failure {
    return {
      code: this.code,
      message: this.message,
      ...(this.lineCause === undefined ? {} : { cause: this.lineCause }),
      ...(this.refusal === undefined ? {} : { refusal: this.refusal }),
    };
  }

  static from(failure: Failure): CodedError {
    return new CodedError(failure.code, failure.message, failure.cause, failure.refusal);
  }
}
