/**
 * `records_division` served no query: region filters compare a prefix of the division code, which a
 * plain btree on (collection, division_code) cannot answer, so the index only cost every write.
 */
export const migration002 = {
  version: 2,
  name: 'drop the unused records_division index',
  sql: `drop index if exists records_division;`,
};
