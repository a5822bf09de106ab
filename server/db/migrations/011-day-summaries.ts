/**
 * Day summaries of each site's monitored elements (shared/monitoring/day-summary.ts), one row per
 * site, derived by the service from `monitoring_values` whenever data arrives. Laptops fetch their
 * region's rows changed since they last asked (`GET /v1/monitoring/day-summaries`) — not a sync
 * collection: the device database holds as many RxDB collections as the open-source RxDB allows, and
 * these are the platform's alone, never written on a laptop. Region-scoped like the values.
 */
export const migration011 = {
  version: 11,
  name: 'day summaries of monitored elements',
  sql: `
create table monitoring_day_summaries (
  site_code text primary key,
  division_code text not null check (division_code ~ '^[0-9]{6}$'),
  doc jsonb not null,
  updated_at bigint not null
);
create index monitoring_day_summaries_changed on monitoring_day_summaries (updated_at, site_code);

grant select, insert, update on monitoring_day_summaries to wrm_app;
alter table monitoring_day_summaries enable row level security;
alter table monitoring_day_summaries force row level security;
create policy region on monitoring_day_summaries
  using (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)))
  with check (coalesce(current_setting('wrm.scope', true), '') <> ''
    and (current_setting('wrm.scope', true) = 'all'
      or left(division_code, length(current_setting('wrm.scope', true))) = current_setting('wrm.scope', true)));
`,
} as const;
