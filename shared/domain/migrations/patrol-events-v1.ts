// FROZEN: patrol_events v0 → v1. Never edit after release and never import live domain code here — a
// later change to the PatrolEvent schema must not change what this step did to migrated documents.

/** A patrol_events document as version 0 stored it (only the fields this step reads or writes). */
type PatrolEventV0 = { readonly [field: string]: unknown };

/**
 * v1 adds `supersedesId` (the earlier answer a checklist answer corrects or withdraws). v0 answers
 * superseded by item and time only and named nothing: null. Which answer is in force does not change.
 */
export function migratePatrolEventV0ToV1(doc: PatrolEventV0): Record<string, unknown> {
  return { ...doc, supersedesId: null };
}
