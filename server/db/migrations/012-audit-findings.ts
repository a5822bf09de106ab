/**
 * The data audit as data arrives (issue 16). Findings are records of the `audit_findings` collection
 * (one per `auditFindingKey`, under the id derived from it, so the latest judgement of a finding
 * replaces the earlier one; its site's division code scopes it like every record), and the crews'
 * handling of them records of `audit_finding_events`. The service keeps, per site:
 * - `audit_cursors`: how far its series is audited (`horizon`) and the core's cursor there (the tail
 *   of each element's series and the flow/volume pair the next chunk needs), plus the cursor at the
 *   last day boundary, from which a value arriving late for the current day is re-audited;
 * - `audit_dirty`: sites with values stored since their last audit and the earliest device time
 *   among them. The receiver and the file import mark a site in the transaction that stores its
 *   values (one statement per batch); the audit loop takes marks with `skip locked`, so any node may
 *   run it and a mark is never lost to a crash between storing and auditing.
 */
export const migration012 = {
  version: 12,
  name: 'data audit as data arrives: cursors, dirty sites, findings by site',
  sql: `
create table audit_cursors (
  site_code text primary key,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  stream_from bigint not null,
  horizon bigint not null,
  cursor jsonb not null,
  day_horizon bigint,
  day_cursor jsonb,
  updated_at bigint not null
);

create table audit_dirty (
  site_code text primary key,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  earliest bigint not null,
  marked_at bigint not null
);

-- Values whose device time may be from a wrong clock, by receipt: stamped after their receipt, or a
-- receiver's value stamped more than a day before it (the policy's tolerances are at least 0 and a day;
-- the core decides). The audit reads the ones received in its window from here.
create index monitoring_values_wrong_clock on monitoring_values (site_code, received_at)
  where time > received_at or (source = 'receiver' and received_at - time > 86400000);

-- records forces row-level security even on its owner: act for the whole platform, this transaction only.
select set_config('wrm.scope', 'all', true);
-- The audit finds the sites of its marks by code, a batch at a time.
create index records_site_code on records ((doc ->> 'code')) where collection = 'sites';
create index records_audit_finding_site on records ((doc ->> 'siteCode'), ((doc ->> 'from')::bigint))
  where collection = 'audit_findings';
create index records_audit_event_finding on records ((doc ->> 'findingKey'))
  where collection = 'audit_finding_events';

grant select, insert, update, delete on audit_cursors, audit_dirty to wrm_app;

alter table audit_cursors enable row level security;
alter table audit_cursors force row level security;
alter table audit_dirty enable row level security;
alter table audit_dirty force row level security;
create policy region on audit_cursors
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
create policy region on audit_dirty
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
`,
} as const;
