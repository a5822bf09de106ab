const region = `coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true))`;

/**
 * 补报 batches (issue 17): each part of a batch a laptop synced (a diagnostic session with a
 * `backfill` part) is ingested once — its values stored as source `backfill` with the batch id beside
 * them — and its RTU frames forwarded to the platform's receiver; this table says which parts were
 * ingested and what the forwarder did with them (attempts, the last error, when they arrived).
 */
export const migration014 = {
  version: 14,
  name: '补报 batches: ingested parts and their forwarding',
  sql: `
alter table monitoring_values add column batch_id text;

create table backfill_parts (
  session_id text primary key,
  batch_id text not null,
  part int not null,
  parts int not null,
  site_code text not null,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  protocol text not null,
  window_from bigint not null,
  window_to bigint not null,
  frames int not null,
  values_stored int not null,
  ingested_at bigint not null,
  forward_attempts int not null default 0,
  forward_error text,
  forwarded_at bigint,
  forwarded_to text,
  forwarded_bytes bigint
);
create index backfill_parts_unforwarded on backfill_parts (ingested_at) where forwarded_at is null;
create index backfill_parts_batch on backfill_parts (batch_id);

grant select, insert, update on backfill_parts to wrm_app;
alter table backfill_parts enable row level security;
alter table backfill_parts force row level security;
create policy region on backfill_parts using (${region}) with check (${region});
`,
} as const;
