// The device database: open it, provide it, write field events, query it live.
export { appDatabaseName, type AppCollections, type AppDatabase } from './database';
export { DatabaseContext, useDatabase } from './database-context';
export { openAppDatabase, type OpenAppDatabaseOptions, type OpenResult } from './open-database';
export { databaseErrorCodes, type DatabaseErrorCode, type DatabaseOpenError } from './open-errors';
export {
  count$,
  findRecords,
  record$,
  records$,
  useLive,
  useRecord,
  useRecords,
  type QueryState,
} from './queries';
export { createAppStorage, durabilityRoutedDexieStorage, type AnyRxStorage } from './storage';
export {
  writeFieldEvent,
  writeFieldEvents,
  writeErrorCodes,
  type FieldEventWrite,
  type WriteErrorCode,
  type WriteFailure,
  type WriteOutcome,
  type WriteResult,
} from './write-events';
