// FROZEN: tasks v0 → v1 and task_events v0 → v1. Never edit after release and never import live domain
// code here — a later change to the Task schemas must not change what these steps did to stored documents.

/** A tasks or task_events document as version 0 stored it. */
type TaskV0 = { readonly [field: string]: unknown };

/**
 * tasks v1 adds the reasons `scheduled` and `data_audit` and nothing else: every v0 task is a valid v1
 * task as it was saved, so the step keeps it unchanged (the bump is for the stored reason list).
 */
export function migrateTaskV0ToV1(doc: TaskV0): Record<string, unknown> {
  return { ...doc };
}

/** task_events v1 adds the `excused` type (its reason in `note`); every v0 event is kept as saved. */
export function migrateTaskEventV0ToV1(doc: TaskV0): Record<string, unknown> {
  return { ...doc };
}
