// FROZEN: patrol_events v1 → v2. Never edit after release and never import live domain code here — a
// later change to the PatrolEvent schema must not change what this step did to migrated documents.

/** A patrol_events document as version 1 stored it. */
type PatrolEventV1 = { readonly [field: string]: unknown };

/**
 * v2 adds sign-off (`signed`, `sign_off_accepted`, `sign_off_returned`) and the dismissal of a proposed
 * fault. A v1 event was neither a signature nor a review: both new fields are none.
 */
export function migratePatrolEventV1ToV2(doc: PatrolEventV1): Record<string, unknown> {
  return { ...doc, signature: null, refersToId: null };
}
