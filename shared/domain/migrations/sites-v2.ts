// FROZEN: sites v1 → v2. Never edit after release and never import live domain code here — a later
// change to the Site schema must not change what this step did to documents already migrated.

/** A sites document as version 1 stored it (only the fields this step reads or writes). */
type SiteV1 = { readonly [field: string]: unknown };

/**
 * v2 adds `station` (the protocol and station address the receiver files frames under). v1 had none,
 * so no v1 site has a station registered: null.
 */
export function migrateSiteV1ToV2(doc: SiteV1): Record<string, unknown> {
  return { ...doc, station: null };
}
