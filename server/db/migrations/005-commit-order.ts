/**
 * Pulls page by a write sequence that follows commit order in this database alone, instead of serving
 * only transactions older than the cluster-wide snapshot xmin: one transaction left open anywhere in
 * the cluster (another database, a DBA's psql, a BI tool) held back every device's pull, silently.
 *
 * Every write to `records` — the service's, the CLI's or an operator's in psql — takes the record-order
 * lock (a transaction-level advisory lock) and then its `seq`; the lock is held until the transaction
 * ends and is released only once its commit is visible. So every `seq` a transaction takes is larger
 * than every `seq` of the transactions committed before it, and smaller than every `seq` of those that
 * commit after it: a pull that has seen `seq` N can never be passed by a row that commits later with a
 * smaller one. Writers of records take turns for the short span from their first record write to their
 * commit; readers never wait. `tx` stays as it was, for checkpoints devices took before this.
 */
export const recordOrderLockKey = 74600002;

export const migration005 = {
  version: 5,
  name: 'records are ordered by a commit-ordered write sequence of this database',
  sql: `
create function wrm_record_order() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(${recordOrderLockKey});
  new.seq := nextval('record_seq');
  new.tx := pg_current_xact_id();
  return new;
end $$;

create trigger records_order before insert or update on records
  for each row execute function wrm_record_order();

-- The trigger assigns seq; a default taken before it would only waste numbers.
alter table records alter column seq drop default;

create index records_pull_seq on records (collection, seq);
drop index if exists records_pull;
`,
} as const;
