// The device database: open it, provide it, write field events, query it live.
export { useDatabase } from './database-context';
export { findRecords, records$, useLive, useRecord, useRecords } from './queries';
export { writeFieldEvent, writeFieldEvents, type FieldEventWrite } from './write-events';
