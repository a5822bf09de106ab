// FROZEN: sites v0 → v1. Never edit after release and never import live domain code here — a later
// change to the Site schema must not change what this step did to documents already migrated.

/** A sites document as version 0 stored it (only the fields this step reads or writes). */
type SiteV0 = { readonly [field: string]: unknown };

/**
 * v1 adds `allowedDelayMinutes` (how late a report may arrive and still count). v0 had no such
 * setting, so every v0 site takes the health configuration's default for its kind: null.
 */
export function migrateSiteV0ToV1(doc: SiteV0): Record<string, unknown> {
  return { ...doc, allowedDelayMinutes: null };
}
