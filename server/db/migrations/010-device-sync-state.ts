/**
 * What each laptop has not yet synced, for the operator console: on every push and pull a laptop names
 * its release and its outbox (how many records the service has not stored, and when the oldest was
 * written); the service keeps the last it heard on the device row. No trigger announces these columns
 * (migration 003 lists the columns whose change drops cached principals). The service's region role
 * may read the audit log, which the console shows by region.
 */
export const migration010 = {
  version: 10,
  name: 'device sync state: release and outbox as last reported',
  sql: `
alter table devices add column app_version text;
alter table devices add column outbox_depth integer check (outbox_depth >= 0);
alter table devices add column outbox_oldest_at bigint;
alter table devices add column outbox_reported_at bigint;
-- The console reads the audit log under the admin's region (the rows of accounts of that region).
grant select on audit_log to wrm_app;
`,
} as const;
