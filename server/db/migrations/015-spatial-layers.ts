const scopeSetting = `coalesce(current_setting('wrm.scope', true), '')`;
/** A layer is seen by a caller whose region overlaps the layer's (a county sees its province's layers). */
const overlaps = `${scopeSetting} <> ''
    and (${scopeSetting} = 'all'
      or left(region, length(${scopeSetting})) = ${scopeSetting}
      or left(${scopeSetting}, length(region)) = region)`;
/** A layer is written only by a caller whose region holds the layer's. */
const within = `${scopeSetting} <> ''
    and (${scopeSetting} = 'all' or left(region, length(${scopeSetting})) = ${scopeSetting})`;

/**
 * Spatial layers (issue 19): the province's county and township outlines with their division codes,
 * water-source protection zones and monitored river reaches, imported by an admin from GeoJSON, an
 * ESRI Shapefile (.zip) or KML. A layer is replaced whole: its features are written in the import's
 * one transaction, and `version` rises so laptops fetch it again.
 */
export const migration015 = {
  version: 15,
  name: 'spatial layers: outlines, protection zones and river reaches',
  sql: `
create table spatial_layers (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  kind text not null check (kind in ('division', 'protection_zone', 'river_reach')),
  name text not null,
  region text not null check (region ~ '^[0-9]{2}$' or region ~ '^[0-9]{4}$' or region ~ '^[0-9]{6}$'),
  source_format text not null check (source_format in ('geojson', 'shapefile', 'kml')),
  source_name text not null,
  feature_count int not null,
  position_count int not null,
  bbox jsonb not null,
  version bigint not null,
  imported_at bigint not null,
  imported_by text not null
);

create table spatial_features (
  layer_id text not null references spatial_layers (id) on delete cascade,
  seq int not null,
  region text not null,
  code text,
  name text,
  site_codes text[] not null default '{}',
  water_source text,
  geometry jsonb not null,
  primary key (layer_id, seq)
);

grant select, insert, update, delete on spatial_layers, spatial_features to wrm_app;
alter table spatial_layers enable row level security;
alter table spatial_layers force row level security;
create policy region_read on spatial_layers for select using (${overlaps});
create policy region_write on spatial_layers for insert with check (${within});
create policy region_update on spatial_layers for update using (${within}) with check (${within});
create policy region_delete on spatial_layers for delete using (${within});
alter table spatial_features enable row level security;
alter table spatial_features force row level security;
create policy region_read on spatial_features for select using (${overlaps});
create policy region_write on spatial_features for insert with check (${within});
create policy region_delete on spatial_features for delete using (${within});
`,
} as const;
