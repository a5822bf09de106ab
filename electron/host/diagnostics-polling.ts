import type { Timers } from '#shared/protocols/common/byte-link';
import type { DecodeResult } from '#shared/protocols/common/decode-result';
import { startPolling, type PollingRun } from '#shared/protocols/polling-run';
import { fail, ok, type Result } from '#shared/result';
import type { DiagnosticsLine } from './diagnostics-line';

/**
 * A polling run on the Diagnostics page's line: the same request every interval through the line's
 * session (so it takes its turn with any other query) and every frame in the page's frame log, which
 * is what a saved diagnostic session keeps beside the run's points.
 */
export type DiagnosticsPollingOptions<T> = {
  readonly request: Uint8Array;
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
  /** The watched value out of one decoded answer, or null when the answer lacks it. */
  readonly pick: (answer: T) => number | null;
  readonly describe: string;
  readonly everyMs: number;
  readonly durationMs: number;
  readonly timeoutMs: number;
  readonly timers: Timers;
};

export function startDiagnosticsPolling<T>(
  line: DiagnosticsLine,
  o: DiagnosticsPollingOptions<T>,
): PollingRun {
  const channel = line.channel({ describeTx: () => o.describe, describeRx: () => `${o.describe}: answer` });
  const read = async (): Promise<Result<number>> => {
    const answer = await channel.transact(o.request, { decode: o.decode, timeoutMs: o.timeoutMs });
    if (!answer.ok) {
      return answer;
    }
    const value = o.pick(answer.value);
    return value === null ? fail('protocol', `${o.describe}: the answer lacks the watched value`) : ok(value);
  };
  return startPolling({ read, everyMs: o.everyMs, durationMs: o.durationMs, timers: o.timers });
}
