/**
 * Monitoring data the service receives itself (issue 16): every raw frame the receiver accepted, kept
 * as evidence with its receipt time and peer; the values decoded from frames or read from platform
 * files (one per site, element, device time and source — a 补报 or a file never overwrites what a
 * frame said); and the quarantine, where frames from unknown stations, with bad CRCs or that do not
 * parse are kept with the reason instead of being dropped. Sites gain `station` (sites v2); stored
 * v1 site documents get `station: null`, and an index finds a site by its station for each frame.
 */
export const migration009 = {
  version: 9,
  name: 'monitoring data: raw frames, values, quarantine',
  sql: `
create table monitoring_frames (
  id bigserial primary key,
  received_at bigint not null,
  peer text not null,
  protocol text not null check (protocol in ('szy206-2016', 'sl427-2021', 'sl651-2014', 'hj212-2017')),
  site_code text not null,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  bytes bytea not null
);
create index monitoring_frames_site on monitoring_frames (site_code, received_at);

create table monitoring_values (
  site_code text not null,
  element text not null,
  time bigint not null,
  value double precision not null,
  flag text,
  source text not null check (source in ('receiver', 'file', 'backfill')),
  received_at bigint not null,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  frame_id bigint references monitoring_frames (id),
  primary key (site_code, element, time, source)
);
create index monitoring_values_site_time on monitoring_values (site_code, time);

create table monitoring_quarantine (
  id bigserial primary key,
  at bigint not null,
  peer text not null,
  protocol text,
  reason text not null check (reason in ('unknown-station', 'crc-mismatch', 'malformed', 'oversize', 'unsupported')),
  detail text not null,
  bytes bytea not null
);
create index monitoring_quarantine_at on monitoring_quarantine (at);

-- records forces row-level security even on its owner: act for the whole platform, this transaction only.
select set_config('wrm.scope', 'all', true);
update records set doc = doc || '{"station": null}'::jsonb
  where collection = 'sites' and not (doc ? 'station');
create index records_site_station on records ((doc -> 'station' ->> 'protocol'), (doc -> 'station' ->> 'address'))
  where collection = 'sites';

grant select, insert on monitoring_frames, monitoring_values, monitoring_quarantine to wrm_app;
grant usage on sequence monitoring_frames_id_seq, monitoring_quarantine_id_seq to wrm_app;

alter table monitoring_frames enable row level security;
alter table monitoring_frames force row level security;
alter table monitoring_values enable row level security;
alter table monitoring_values force row level security;
create policy region on monitoring_frames
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
create policy region on monitoring_values
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
`,
} as const;
