// FROZEN: patrol_events v2 → v3. Never edit after release and never import live domain code here — a
// later change to the PatrolEvent schema must not change what this step did to migrated documents.

/** A patrol_events document as version 2 stored it. */
type PatrolEventV2 = { readonly [field: string]: unknown };

/**
 * v3 adds the `calibration` event (an instrument's 检定/校准 certificate seen on the visit). No v2
 * event was one: the new field is none.
 */
export function migratePatrolEventV2ToV3(doc: PatrolEventV2): Record<string, unknown> {
  return { ...doc, calibration: null };
}
