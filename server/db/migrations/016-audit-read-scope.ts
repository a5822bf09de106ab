/**
 * The region of `monitoring_values` read once per statement, not once per row (issue 16). The policy
 * of migration 009 called `current_setting('wrm.scope')` up to four times for every row it let
 * through; the audit reads a province's month (tens of millions of rows), and on PostgreSQL that
 * check cost nearly as much as reading the rows. The same condition with each setting in a scalar
 * subquery is evaluated once per statement (an init plan) and compared per row. Same rows visible,
 * same rows writable, for every scope.
 */
export const migration016 = {
  version: 16,
  name: 'monitoring values: region read once per statement',
  sql: `
drop policy region on monitoring_values;
create policy region on monitoring_values
  using ((select coalesce(current_setting('wrm.scope', true), '')) <> ''
    and ((select current_setting('wrm.scope', true)) = 'all'
      or left(division_code, length((select current_setting('wrm.scope', true))))
        = (select current_setting('wrm.scope', true))))
  with check ((select coalesce(current_setting('wrm.scope', true), '')) <> ''
    and ((select current_setting('wrm.scope', true)) = 'all'
      or left(division_code, length((select current_setting('wrm.scope', true))))
        = (select current_setting('wrm.scope', true))));
`,
} as const;
