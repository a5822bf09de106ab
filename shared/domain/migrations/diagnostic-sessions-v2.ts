// FROZEN: diagnostic_sessions v1 → v2. Never edit after release and never import live domain code
// here — a later change to the DiagnosticSession schema must not change what this step did.

/** A diagnostic session as version 1 stored it. */
type DiagnosticSessionV1 = { readonly [field: string]: unknown };

/** v2 adds one optional field, `pollingRuns`: a v1 session ran none, so it is carried over as is. */
export function migrateDiagnosticSessionV1ToV2(doc: DiagnosticSessionV1): Record<string, unknown> {
  return { ...doc };
}
