// FROZEN: fault_events v0 → v1. Never edit after release and never import live domain code here — a
// later change to the FaultEvent schema must not change what this step did to migrated documents.

/** A fault_events document as version 0 stored it. */
type FaultEventV0 = { readonly [field: string]: unknown };

/**
 * v1 adds the `withdrawn` event type and nothing else: every v0 event is a valid v1 event as it was
 * saved, so the step keeps it unchanged (the version bump is for the stored schema's new type list).
 */
export function migrateFaultEventV0ToV1(doc: FaultEventV0): Record<string, unknown> {
  return { ...doc };
}
