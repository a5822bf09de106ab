/**
 * The province policy (shared/verdicts/policy.ts): the one set of thresholds and windows every verdict
 * uses, owned by the service and handed to laptops. One row at most; where none is stored, the service
 * serves the demo province's policy. Requests read it as wrm_app (the service's verdicts may run in a
 * region-scoped transaction); only the service's own connection writes it.
 */
export const migration004 = {
  version: 4,
  name: 'province policy',
  sql: `
create table province_policy (
  singleton boolean primary key default true check (singleton),
  version integer not null check (version >= 1),
  doc jsonb not null,
  updated_at bigint not null,
  updated_by text not null
);
grant select on province_policy to wrm_app;
`,
} as const;
