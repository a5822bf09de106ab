// FROZEN: readings v1 → v2. Never edit after release and never import live domain code here — a later
// change to the Reading schema must not change what this step did to documents already migrated.

/** A readings document as version 1 stored it (only the fields this step reads or writes). */
type ReadingV1 = { readonly [field: string]: unknown };

/** v2 adds `swap` (a meter or RTU swap). No v1 reading was one: null. */
export function migrateReadingV1ToV2(doc: ReadingV1): Record<string, unknown> {
  return { ...doc, swap: null };
}
