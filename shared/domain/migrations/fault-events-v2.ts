// FROZEN: fault_events v1 → v2. Never edit after release and never import live domain code here — a
// later change to the FaultEvent schema must not change what this step did to migrated documents.

/** A fault_events document as version 1 stored it (only the fields this step reads or writes). */
type FaultEventV1 = { readonly partsReplaced?: unknown; readonly [field: string]: unknown };

/**
 * v2 adds structured parts, dispatch, the crew's acceptance and on-site verification, and sign-off. A
 * v1 repair named its parts only: each name becomes one part, quantity 1, no serial (the names stay in
 * `partsReplaced`). The other new fields are none: a v1 event was not dispatched, linked to an item or
 * signed. `skipReason` stays absent: a v1 repair was never asked for 开始处理 first, and the fold reads
 * its absence as "saved before v2" (null would be a v2 repair that skipped without a reason).
 */
export function migrateFaultEventV1ToV2(doc: FaultEventV1): Record<string, unknown> {
  const names = Array.isArray(doc.partsReplaced)
    ? doc.partsReplaced.filter((p): p is string => typeof p === 'string' && p.trim().length > 0)
    : [];
  return {
    ...doc,
    parts: names.map((part) => ({ part: part.trim(), quantity: 1, serial: null })),
    itemId: null,
    assignee: null,
    dueAt: null,
    signature: null,
  };
}
