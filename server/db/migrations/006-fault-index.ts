/**
 * A device's fault event must name a fault of its region (server/sync/fault-authorship.ts): each push
 * of fault events looks its fault ids up, across regions, by this index.
 */
export const migration006 = {
  version: 6,
  name: 'fault events by fault id',
  sql: `create index records_fault on records ((doc ->> 'faultId')) where collection = 'fault_events';`,
} as const;
