/**
 * Sites gain `instrumentRanges` (sites v3): the measuring range of each element's instrument as the
 * registry lists it, which the audit's `out_of_range` judges by. Stored v2 site documents had none
 * registered: an empty list, as the frozen v2 → v3 step gives laptops.
 */
export const migration013 = {
  version: 13,
  name: 'sites: instrument ranges (sites v3)',
  sql: `
update records set doc = doc || '{"instrumentRanges": []}'::jsonb
  where collection = 'sites' and not (doc ? 'instrumentRanges');
`,
};
