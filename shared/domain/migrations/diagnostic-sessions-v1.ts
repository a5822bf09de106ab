// FROZEN: diagnostic_sessions v0 → v1. Never edit after release and never import live domain code
// here — a later change to the DiagnosticSession schema must not change what this step did.

/** A diagnostic session as version 0 stored it. */
type DiagnosticSessionV0 = { readonly [field: string]: unknown };

/**
 * v1 adds optional fields only: a verdict's `code` and `params`, a value's `names`. A v0 session has
 * neither — its verdicts and values keep the text they were saved with — so it is carried over as is.
 */
export function migrateDiagnosticSessionV0ToV1(doc: DiagnosticSessionV0): Record<string, unknown> {
  return { ...doc };
}
