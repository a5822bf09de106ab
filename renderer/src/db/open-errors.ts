/** Why the device database could not be opened. None of these ever leads to the data being reset. */
export const databaseErrorCodes = [
  /** The host's key does not match the key the data was encrypted with. */
  'wrong-key',
  /** A collection's stored schema differs from this build's at the same version (a missed bump). */
  'schema-changed',
  /** A migration step failed; the old documents are still there. */
  'migration-failed',
  /** The disk or the browser's storage quota is full. */
  'quota',
  /** IndexedDB refused to open or read (corrupted files, blocked, unavailable). */
  'storage-unavailable',
  /** The host could not give the database key. */
  'key-unavailable',
  'unknown',
] as const;
export type DatabaseErrorCode = (typeof databaseErrorCodes)[number];

export type DatabaseOpenError = {
  readonly code: DatabaseErrorCode;
  readonly message: string;
  /** The underlying error's code or name, for support (e.g. `DB1`, `UnknownError`). */
  readonly cause: string;
};

type ErrorLike = {
  readonly code?: unknown;
  readonly name?: unknown;
  readonly message?: unknown;
  readonly inner?: unknown;
};

function describe(error: unknown): { code: string; name: string; message: string; inner: unknown } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  return {
    code: typeof e.code === 'string' ? e.code : '',
    name: typeof e.name === 'string' ? e.name : '',
    message: typeof e.message === 'string' ? e.message : String(error),
    inner: e.inner,
  };
}

const storageErrorNames = new Set([
  'OpenFailedError',
  'DatabaseClosedError',
  'UnknownError',
  'VersionError',
  'InvalidStateError',
  'MissingAPIError',
  'DataError',
  'AbortError',
  'NotFoundError',
  'DataCloneError',
  'ReadOnlyError',
]);

/** Maps an error thrown while opening (RxDB codes, Dexie/IndexedDB names) to a code the UI explains. */
export function classifyOpenError(error: unknown, phase: 'open' | 'migrate'): DatabaseOpenError {
  const { code, name, message, inner } = describe(error);
  const innerName = describe(inner).name;
  const cause = code || name || innerName || 'Error';
  const firstLine = message.split('\n')[0] ?? message;
  if (phase === 'migrate') {
    return { code: 'migration-failed', message: firstLine, cause };
  }
  if (code === 'DB1') {
    return { code: 'wrong-key', message: 'the database key does not match the stored data', cause };
  }
  if (code === 'DB6') {
    return { code: 'schema-changed', message: firstLine, cause };
  }
  if (name === 'QuotaExceededError' || innerName === 'QuotaExceededError') {
    return { code: 'quota', message: firstLine, cause };
  }
  if (storageErrorNames.has(name) || storageErrorNames.has(innerName)) {
    return { code: 'storage-unavailable', message: firstLine, cause };
  }
  return { code: 'unknown', message: firstLine, cause };
}
