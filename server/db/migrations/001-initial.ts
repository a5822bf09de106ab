/**
 * The first schema of the sync service. Written in the SQL both PostgreSQL 15 (the platform's server)
 * and PGlite (PostgreSQL 18) accept. A migration, once released, is never edited: add the next one.
 */
export const migration001 = {
  version: 1,
  name: 'records, accounts, devices, enrolment, review, photos, audit; region row-level security',
  sql: `
create sequence record_seq;

-- Every record of every collection of the registry (shared/domain). The service assigns tx (the
-- writing transaction) and seq (write order): pulls page by (tx, seq), never by a device clock.
create table records (
  collection text not null,
  id text not null,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  site_id text,
  doc jsonb not null,
  deleted boolean not null default false,
  tx xid8 not null default pg_current_xact_id(),
  seq bigint not null default nextval('record_seq'),
  received_at bigint not null,
  device_id text,
  primary key (collection, id)
);
create index records_pull on records (collection, tx, seq);
create index records_division on records (collection, division_code);
create index records_site on records (collection, site_id);
create index records_photo_sha on records ((doc ->> 'storedSha256')) where collection = 'photos';

create table accounts (
  id text primary key,
  username text not null unique,
  display_name text not null,
  role text not null check (role in ('technician', 'supervisor', 'admin')),
  scope text not null check (scope ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'),
  password_hash text,
  created_at bigint not null,
  disabled_at bigint
);

create table devices (
  id text primary key,
  account_id text not null references accounts (id),
  name text not null,
  token_hash text not null unique,
  created_at bigint not null,
  last_seen_at bigint,
  revoked_at bigint,
  revoked_by text
);
create index devices_account on devices (account_id);

create table enrollment_codes (
  code_hash text primary key,
  account_id text not null references accounts (id),
  device_name text not null,
  created_at bigint not null,
  expires_at bigint not null,
  used_at bigint,
  used_by_device text,
  created_by text
);

-- Overlapping offline edits of reference records, for a supervisor to decide.
create table review_items (
  id text primary key,
  collection text not null,
  record_id text not null,
  division_code text not null,
  device_id text not null,
  operator_id text not null,
  fields jsonb not null,
  base jsonb,
  proposed jsonb not null,
  current jsonb not null,
  status text not null check (status in ('open', 'accepted', 'rejected')),
  created_at bigint not null,
  decided_at bigint,
  decided_by text,
  note text
);
create index review_items_status on review_items (status, division_code);

-- Rows the service refused (e.g. an event id pushed again with other content), kept for the record.
create table push_rejections (
  id bigserial primary key,
  collection text not null,
  record_id text not null,
  division_code text not null,
  device_id text not null,
  code text not null,
  message text not null,
  doc jsonb not null,
  at bigint not null
);

create table photo_blobs (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bigint not null,
  stored_at bigint not null,
  device_id text not null
);

create table photo_uploads (
  sha256 text not null,
  device_id text not null,
  bytes bigint not null,
  started_at bigint not null,
  primary key (sha256, device_id)
);

create table audit_log (
  id bigserial primary key,
  at bigint not null,
  actor text not null,
  action text not null,
  subject text,
  detail jsonb
);

-- Requests run as wrm_app, a role without BYPASSRLS, with the caller's region in wrm.scope. With no
-- scope set, the policies deny; the platform's own jobs set the scope 'all'.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'wrm_app') then
    begin
      create role wrm_app nologin;
    exception when others then
      null; -- another database of this cluster created it at the same moment
    end;
  end if;
  if not (select rolsuper from pg_roles where rolname = current_user) then
    begin
      execute format('grant wrm_app to %I', current_user);
    exception when others then
      null;
    end;
  end if;
end $$;

grant select, insert, update on records, review_items, push_rejections, photo_blobs, photo_uploads to wrm_app;
grant delete on photo_uploads to wrm_app;
grant select, update on accounts, devices to wrm_app;
grant insert on audit_log to wrm_app;
grant usage on sequence record_seq, push_rejections_id_seq, audit_log_id_seq to wrm_app;

alter table records enable row level security;
alter table records force row level security;
alter table review_items enable row level security;
alter table review_items force row level security;
alter table push_rejections enable row level security;
alter table push_rejections force row level security;

create policy region on records
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
create policy region on review_items
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
create policy region on push_rejections
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
`,
} as const;
