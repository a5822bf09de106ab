/**
 * What several service processes on one database must share, moved out of process memory and the
 * local disk:
 * - photo bytes: content-addressed in `photo_blob_parts` (PostgreSQL, chunked), or in an S3-compatible
 *   store (then only the bookkeeping is here);
 * - uploads in progress: one row per (photo, device), tied to the photo record and its region, with
 *   the resume offset; the received chunks in `photo_upload_parts` (inline bytes, or null when they
 *   are objects in S3);
 * - which regions hold a photo (`photo_grants`): the region of a record whose device uploaded the
 *   bytes. Naming a hash in a record proves nothing; uploading the bytes does;
 * - the sign-in guard's failure counts and the request budgets (unlogged: a crash forgets them, which
 *   only ends a lockout early).
 *
 * Uploads in progress were files on each node's disk; they are not carried over (the laptop asks
 * where the upload stands and starts again). Photos stored before are granted to the region of each
 * photo record pushed by the device that uploaded them.
 */
export const migration007 = {
  version: 7,
  name: 'photos, uploads, sign-in guard and request budgets shared by every node',
  sql: `
create table photo_blob_parts (
  sha256 text not null,
  n integer not null,
  data bytea not null,
  primary key (sha256, n)
);

drop table photo_uploads;
create table photo_uploads (
  id text primary key,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  device_id text not null,
  record_id text not null,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  bytes bigint not null check (bytes > 0),
  received bigint not null default 0,
  started_at bigint not null,
  touched_at bigint not null,
  unique (sha256, device_id)
);
create index photo_uploads_device on photo_uploads (device_id);
create index photo_uploads_touched on photo_uploads (touched_at);

create table photo_upload_parts (
  upload_id text not null references photo_uploads (id) on delete cascade,
  at_byte bigint not null,
  bytes integer not null,
  data bytea,
  primary key (upload_id, at_byte)
);

create table photo_grants (
  sha256 text not null,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  record_id text not null,
  device_id text not null,
  granted_at bigint not null,
  primary key (sha256, division_code, record_id)
);
insert into photo_grants (sha256, division_code, record_id, device_id, granted_at)
  select b.sha256, r.division_code, r.id, b.device_id, b.stored_at
  from photo_blobs b
  join records r on r.collection = 'photos' and r.doc ->> 'storedSha256' = b.sha256 and r.device_id = b.device_id
  on conflict do nothing;

create unlogged table sign_in_failures (
  key text primary key,
  failures integer not null,
  window_start bigint not null
);

create unlogged table request_budgets (
  device_id text primary key,
  tokens double precision not null,
  at bigint not null
);
`,
} as const;
