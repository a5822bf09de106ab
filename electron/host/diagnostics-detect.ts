import {
  answeringUnit,
  probeOutcome,
  type DetectAttempt,
  type DetectCandidate,
} from '#shared/diagnostics/auto-detect';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { DetectProgress } from '#shared/host/contract/diagnostics';
import type { ModbusMaster } from '#shared/protocols/modbus/master';
import { CodedError } from '#shared/result';

/** A port opened at one candidate's settings, with the Modbus master on it. */
export type ScanLine = { readonly master: ModbusMaster; readonly close: () => Promise<void> };

export type DetectScanOptions = {
  readonly plan: readonly DetectCandidate[];
  /** Register probed at each candidate. */
  readonly probe: { readonly functionCode: 3 | 4; readonly address: number };
  readonly timeoutMs: number;
  readonly budgetMs: number;
  readonly now: () => number;
  readonly open: (serial: SerialSettings) => Promise<ScanLine>;
  /** Bytes received since the probe began (the frame log counts them). */
  readonly receivedDuring: <T>(probe: () => Promise<T>) => Promise<{ value: T; bytes: number }>;
  readonly progress: (progress: DetectProgress) => void;
  readonly cancelled: () => boolean;
};

export function settingsOf(c: DetectCandidate): SerialSettings {
  return { baudRate: c.baudRate, dataBits: c.dataBits, parity: c.parity, stopBits: c.stopBits };
}

/**
 * Probes the candidates in plan order, reopening the port only when the serial settings change, and
 * stops at the first device that answers (a reply, an exception, or another unit's reply naming
 * itself): one device found is what a crew at one meter wants. Stops when cancelled or out of time.
 * A port failure ('io') ends the scan with that error; the port is always closed.
 */
export async function scanForDevice(
  options: DetectScanOptions,
): Promise<{ attempts: DetectAttempt[]; cancelled: boolean; outOfTime: boolean }> {
  const { plan } = options;
  const startedAt = options.now();
  const attempts: DetectAttempt[] = [];
  let outOfTime = false;
  let open = null as { key: string; line: ScanLine } | null;
  options.progress({ done: 0, total: plan.length, attempt: null, current: plan[0] ?? null });
  try {
    for (const candidate of plan) {
      if (options.cancelled()) {
        break;
      }
      if (options.now() - startedAt > options.budgetMs) {
        outOfTime = true;
        break;
      }
      const serial = settingsOf(candidate);
      const key = `${serial.baudRate}-${serial.parity}-${serial.stopBits}`;
      if (open?.key !== key) {
        await open?.line.close();
        open = { key, line: await options.open(serial) };
      }
      const { master } = open.line;
      const { value: result, bytes } = await options.receivedDuring(() =>
        master.readRegisters(
          candidate.unitId,
          options.probe.functionCode,
          options.probe.address,
          1,
          options.timeoutMs,
        ),
      );
      if (!result.ok && result.error.code === 'io') {
        throw CodedError.from(result.error);
      }
      const attempt: DetectAttempt = { candidate, outcome: probeOutcome(result), bytesReceived: bytes };
      attempts.push(attempt);
      // A late or misaddressed reply names the unit that answered: that device is there.
      const other = answeringUnit(result);
      if (other !== null) {
        attempts.push({ candidate: { ...candidate, unitId: other }, outcome: 'reply', bytesReceived: 0 });
      }
      options.progress({
        done: attempts.length,
        total: plan.length,
        attempt,
        current: plan[attempts.length] ?? null,
      });
      if (attempt.outcome === 'reply' || attempt.outcome === 'exception' || other !== null) {
        break;
      }
    }
  } finally {
    await open?.line.close();
  }
  return { attempts, cancelled: options.cancelled(), outOfTime };
}
