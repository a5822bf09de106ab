// FROZEN: readings v0 → v1. Never edit after release and never import live domain code here — a later
// change to the Reading schema must not change what this step did to documents already migrated.

/** A readings document as version 0 stored it (only the fields this step reads or writes). */
type ReadingV0 = { readonly [field: string]: unknown };

/**
 * v1 adds `withdrawn` (a record that takes back the reading it names). Every v0 reading was a value,
 * never a withdrawal: false.
 */
export function migrateReadingV0ToV1(doc: ReadingV0): Record<string, unknown> {
  return { ...doc, withdrawn: false };
}
