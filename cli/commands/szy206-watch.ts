import { createLineSession } from '#shared/protocols/line-session';
import { pollPointsCsv, pollStats, startPolling } from '#shared/protocols/polling-run';
import { decodeSzy206Answer, encodeSzy206Query } from '#shared/protocols/szy206/diagnostics';
import { fail, ok, type Result } from '#shared/result';
import { openSerialLink } from '../../electron/host/serial-link';
import { printJson, type CliIo } from '../io';
import { defaultCliLang } from '../lang';
import type { Szy206QueryOptions } from './szy206';

/**
 * `wrm szy206 realtime --every <s> --for <s>`: watches one real-time value (a drifting meter) by asking
 * the RTU on a fixed schedule over one line session, printing each point as it comes and the run's
 * min / max / mean / standard deviation at the end (Ctrl-C ends the run early with what it has).
 */
export type WatchOptions = Pick<Szy206QueryOptions, 'division' | 'station' | 'edition' | 'timeoutMs'> & {
  readonly everyMs: number;
  readonly durationMs: number;
  /** The value's code (`szy206-value:flow`) or name; default the first value of the answer. */
  readonly value: string | null;
  readonly csv: boolean;
};

export async function watchSzy206(
  port: string,
  settings: Parameters<typeof openSerialLink>[1],
  o: WatchOptions,
  io: CliIo,
  json: boolean,
): Promise<number> {
  const link = await openSerialLink(port, settings);
  const session = createLineSession({ link, defaultTimeoutMs: o.timeoutMs });
  const address = { division: o.division, station: o.station };
  const request = encodeSzy206Query('realtime', address, o.edition);
  const read = async (): Promise<Result<number>> => {
    const answer = await session.transact(request, {
      decode: (bytes) => decodeSzy206Answer('realtime', bytes, o.edition, address, Date.now()),
      timeoutMs: o.timeoutMs,
    });
    if (!answer.ok) {
      return answer;
    }
    const picked = answer.value.values.find(
      (v) =>
        o.value === null || v.code === o.value || v.code === `szy206-value:${o.value}` || v.name === o.value,
    );
    return picked !== undefined && typeof picked.value === 'number'
      ? ok(picked.value)
      : fail('protocol', `the answer has no numeric value ${o.value ?? ''}`.trim());
  };
  const zh = (io.lang ?? defaultCliLang) === 'zh';
  const run = startPolling({
    read,
    everyMs: o.everyMs,
    durationMs: o.durationMs,
    timers: {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    onPoint: (p) => {
      if (!json && !o.csv) {
        io.stdout(
          `${new Date(p.at + 8 * 3_600_000).toISOString().slice(11, 19)}  ${p.value ?? (zh ? `无读数（${p.error ?? ''}）` : `no reading (${p.error ?? ''})`)}\n`,
        );
      }
    },
  });
  void io.interrupted.then(() => run.stop());
  const points = await run.done;
  await session.close();
  const stats = pollStats(points);
  if (json) {
    printJson(io, { everyMs: o.everyMs, durationMs: o.durationMs, points, stats });
  } else if (o.csv) {
    io.stdout(pollPointsCsv(points));
  } else {
    const f = (n: number | null) => (n === null ? '—' : String(Math.round(n * 10_000) / 10_000));
    io.stdout(
      zh
        ? `${stats.count} 次读数（有效 ${stats.valid}）：最小 ${f(stats.min)}，最大 ${f(stats.max)}，平均 ${f(stats.mean)}，标准差 ${f(stats.std)}\n`
        : `${stats.count} reads (${stats.valid} valid): min ${f(stats.min)}, max ${f(stats.max)}, mean ${f(stats.mean)}, std ${f(stats.std)}\n`,
    );
  }
  return stats.valid > 0 ? 0 : 1;
}
