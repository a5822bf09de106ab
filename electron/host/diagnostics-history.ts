import { runHistory, type HistoryOutcome, type HistoryPlan } from '#shared/protocols/history-run';
import type { DiagnosticsLine } from './diagnostics-line';

/**
 * History pull on the Diagnostics page's own line: the same session (one transaction in flight) and
 * the same frame log, so the query, every reply frame and every acknowledgement land in the saved
 * diagnostic session as evidence for a 补报 batch. The service calls this with a protocol's plan.
 */
export function runDiagnosticsHistory<S>(
  line: DiagnosticsLine,
  plan: HistoryPlan<S>,
  timeoutMs: number,
): Promise<HistoryOutcome> {
  const request = plan.request;
  const channel = line.channel({
    describeTx: (bytes) =>
      bytes.length === request.length && bytes.every((b, i) => b === request[i])
        ? 'history query'
        : 'history acknowledgement',
    describeRx: (value) => {
      const read = value as { readonly done: boolean; readonly broken: string | null };
      if (read.broken !== null) {
        return `history answer; a damaged frame was dropped: ${read.broken}`;
      }
      return read.done ? 'history answer, last frame' : 'history answer, acknowledgement due';
    },
  });
  return runHistory(channel, plan, timeoutMs);
}
