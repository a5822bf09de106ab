import { buildDiagnosticSession, type SessionInput } from '#shared/diagnostics/session-record';
import { diagnosticSessionSchema, type DiagnosticSession } from '#shared/domain/schemas/diagnostic-session';
import type { Author } from '#shared/patrol/author';
import { buildBackfillParts, type BackfillBatchInput } from '#shared/protocols/backfill';
import type { AuditFinding } from '#shared/verdicts/audit/finding';
import { fail, ok, type Result } from '#shared/result';

/**
 * The 补报 batch as the diagnostic sessions it is saved in: the first session's id names the batch,
 * every part is one session (the wire log goes with the first), each linked to the site, the fault and
 * the findings it answers. Pure: the panel writes what this returns.
 */
export function backfillSessions(
  session: Omit<SessionInput, 'values' | 'verdicts' | 'snapshot'>,
  batch: Omit<BackfillBatchInput, 'batchId'>,
  author: Author,
): Result<DiagnosticSession[]> {
  const first = buildDiagnosticSession({ ...session, values: [], verdicts: [], snapshot: null }, author);
  if (!first.ok) {
    return first;
  }
  let parts;
  try {
    parts = buildBackfillParts({ ...batch, batchId: first.value.id });
  } catch (error) {
    return fail('invalid-argument', error instanceof Error ? error.message : String(error));
  }
  const out: DiagnosticSession[] = [];
  for (const part of parts) {
    const base =
      part.part === 1
        ? first.value
        : { ...first.value, id: author.newId(), frames: [], summary: first.value.summary };
    const parsed = diagnosticSessionSchema.safeParse({ ...base, backfill: part });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(
        'invalid-argument',
        `backfill batch: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    out.push(parsed.data);
  }
  return ok(out);
}

/** A gap the crew may recover: a `missing` finding of the site, a fault's window, or typed in. */
export type BackfillChoice = {
  readonly key: string;
  readonly kind: 'finding' | 'fault';
  readonly from: number;
  readonly to: number;
  readonly findingKeys: readonly string[];
  /** The finding's element (an SL651 query asks for it alone); null for a fault's window. */
  readonly element: string | null;
};

/**
 * The site's open `missing` findings as windows (a finding's `to` is its last missing slot, so the
 * window ends one interval after it), longest first.
 */
export function findingChoices(
  findings: readonly { readonly key: string; readonly finding: AuditFinding; readonly open: boolean }[],
  intervalMinutes: number,
): BackfillChoice[] {
  return findings
    .filter((f) => f.open && f.finding.rule === 'missing')
    .map((f) => ({
      key: f.key,
      kind: 'finding' as const,
      from: f.finding.from,
      to: f.finding.to + intervalMinutes * 60_000,
      findingKeys: [f.key],
      element: f.finding.element,
    }))
    .sort((a, b) => b.to - b.from - (a.to - a.from));
}
