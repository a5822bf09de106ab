// FROZEN: sites v2 → v3. Never edit after release and never import live domain code here — a later
// change to the Site schema must not change what this step did to documents already migrated.

/** A sites document as version 2 stored it (only the fields this step reads or writes). */
type SiteV2 = { readonly [field: string]: unknown };

/**
 * v3 adds `instrumentRanges` (the measuring range of the instrument of each element, as the registry
 * lists it). v2 had none, so no v2 site has one registered: an empty list.
 */
export function migrateSiteV2ToV3(doc: SiteV2): Record<string, unknown> {
  return { ...doc, instrumentRanges: [] };
}
