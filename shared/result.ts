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

export type Failure<C extends string = ErrorCode> = { readonly code: C; readonly message: string };

export type Result<T, C extends string = ErrorCode> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure<C> };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function fail<C extends string = ErrorCode>(
  code: C,
  message: string,
): { readonly ok: false; readonly error: Failure<C> } {
  return { ok: false, error: { code, message } };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Thrown by host service handlers; the dispatcher turns it into a failed result with the same code. */
export class CodedError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
  }
}

/** Compile-time exhaustiveness: a forgotten union member becomes a type error at the call site. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
