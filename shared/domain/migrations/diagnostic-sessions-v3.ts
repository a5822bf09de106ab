// FROZEN: diagnostic_sessions v2 → v3. Never edit after release and never import live domain code
// here — a later change to the DiagnosticSession schema must not change what this step did.

/** A diagnostic session as version 2 stored it. */
type DiagnosticSessionV2 = { readonly [field: string]: unknown };

/** v3 adds one optional field, `backfill` (a 补报 batch part): a v2 session recovered none. */
export function migrateDiagnosticSessionV2ToV3(doc: DiagnosticSessionV2): Record<string, unknown> {
  return { ...doc };
}
