/**
 * Every failure the sync service reports, as a closed list: the app switches on `code` for its copy
 * and its retry decision, and the message names what is wrong for the logs and the diagnostic bundle.
 */
export const syncErrorCodes = [
  /** The body is not JSON, or not the shape the endpoint takes (the message names the field). */
  'invalid-body',
  /** The body is larger than the endpoint accepts. */
  'too-large',
  /** No device token, or one the service does not know. */
  'unauthorized',
  /** The device's token was revoked; it must enrol again. Queued records stay on the device. */
  'revoked',
  /** A record or site outside the account's region, or an action its role may not take. */
  'forbidden',
  /** A field the role may not change (e.g. `receivedAt`, a task's region). */
  'forbidden-field',
  'not-found',
  /** The same event id was pushed before with different content. */
  'event-mismatch',
  /** An enrolment code that is unknown, used or expired. */
  'bad-enrollment-code',
  'bad-credentials',
  /** A photo upload whose bytes do not hash to the name they were sent under. */
  'checksum-mismatch',
  /** A chunk sent at the wrong offset; the body says where to resume. */
  'wrong-offset',
  /** An import whose rows are not all valid; nothing was written. */
  'import-invalid',
  /**
   * Rows of an admin action (registry import, reporting counts, automation) that lie outside the
   * admin's region; nothing was written. `details` names each row.
   */
  'outside-region',
  /**
   * Text the service cannot store as it was sent: a NUL character, or half of a UTF-16 surrogate pair.
   * Refused per row; sending it again cannot succeed.
   */
  'unstorable-text',
  /**
   * A record id the app does not make (not a UUID) for a record the service does not hold in the
   * caller's region. Refused per row; sending it again cannot succeed.
   */
  'invalid-id',
  /** A photo upload re-started with another size than it began with; discard it and start afresh. */
  'upload-size-changed',
  /** The device's photo uploads in progress would pass what the service keeps per device. */
  'quota-exceeded',
  /**
   * The app and the service cannot sync at these versions: the app is older than the province allows,
   * or stores a schema version the service cannot serve. `details[0]` is an `UpdateRequiredDetails`
   * naming why. Nothing was stored; the outbox keeps every record until the app (or service) is updated.
   */
  'update-required',
  'rate-limited',
  'unavailable',
  'internal',
] as const;
export type SyncErrorCode = (typeof syncErrorCodes)[number];

export type SyncFailure = { readonly code: SyncErrorCode; readonly message: string };

/** The body of every non-2xx answer. `details` carries per-row problems (imports, pushes). */
export type SyncErrorBody = {
  readonly error: SyncFailure & { readonly details?: readonly unknown[] };
};

export const syncErrorStatus: { readonly [C in SyncErrorCode]: number } = {
  'invalid-body': 400,
  'too-large': 413,
  unauthorized: 401,
  revoked: 401,
  forbidden: 403,
  'forbidden-field': 403,
  'not-found': 404,
  'event-mismatch': 409,
  'bad-enrollment-code': 401,
  'bad-credentials': 401,
  'checksum-mismatch': 422,
  'wrong-offset': 409,
  'import-invalid': 422,
  'outside-region': 403,
  'unstorable-text': 422,
  'invalid-id': 422,
  'upload-size-changed': 409,
  'quota-exceeded': 413,
  'update-required': 426,
  'rate-limited': 429,
  unavailable: 503,
  internal: 500,
};

export function isSyncErrorCode(value: unknown): value is SyncErrorCode {
  return typeof value === 'string' && (syncErrorCodes as readonly string[]).includes(value);
}

/**
 * Whether trying the same request again later can succeed. Network failures are retryable; an
 * answer that says the request itself is wrong is not, and neither is a revoked device.
 */
export function isRetryable(code: SyncErrorCode | 'network'): boolean {
  switch (code) {
    case 'network':
    case 'rate-limited':
    case 'unavailable':
    case 'internal':
    case 'wrong-offset':
      return true;
    case 'invalid-body':
    case 'too-large':
    case 'unauthorized':
    case 'revoked':
    case 'forbidden':
    case 'forbidden-field':
    case 'not-found':
    case 'event-mismatch':
    case 'bad-enrollment-code':
    case 'bad-credentials':
    case 'checksum-mismatch':
    case 'import-invalid':
    case 'outside-region':
    case 'unstorable-text':
    case 'invalid-id':
    case 'upload-size-changed':
    case 'quota-exceeded':
    case 'update-required':
      return false;
  }
}

/** Thrown by the service's handlers; the error handler turns it into a `SyncErrorBody`. */
export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly details: readonly unknown[] | undefined;
  constructor(code: SyncErrorCode, message: string, details?: readonly unknown[]) {
    super(message);
    this.name = 'SyncError';
    this.code = code;
    this.details = details;
  }
}

/**
 * The wait a `rate-limited` or `unavailable` answer asked for, in ms (its details carry `retryAfterSeconds`, as its
 * Retry-After header does); 0 when it asked for none. Capped at an hour.
 */
export function retryAfterMs(details: readonly unknown[] | undefined): number {
  const seconds = (details?.[0] as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? Math.min(seconds, 3600) * 1000
    : 0;
}
