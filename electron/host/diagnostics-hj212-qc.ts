import type { Hj212Station } from '#shared/protocols/hj212/commands';
import { runHj212Qc, type Hj212QcRequest, type Hj212QcResult } from '#shared/protocols/hj212/qc';
import type { DiagnosticsLine } from './diagnostics-line';

/**
 * Analyser QC (HJ 212 3011 零点/量程校准, 2025's 2062 标样核查) on the Diagnostics page's own line:
 * the request, each reply and any 9014 land in the frame log, so the saved QC record carries them.
 */
export function runDiagnosticsHj212Qc(
  line: DiagnosticsLine,
  station: Hj212Station,
  request: Hj212QcRequest,
  timeoutMs: number,
): Promise<Hj212QcResult> {
  const channel = line.channel({
    describeTx: () => `HJ 212 QC ${request.check} (${request.polId})`,
    describeRx: (value) =>
      (value as { readonly done: boolean }).done ? 'HJ 212 QC answer, last frame' : 'HJ 212 QC answer',
  });
  return runHj212Qc(channel, station, request, timeoutMs);
}
