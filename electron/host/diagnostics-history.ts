import type { HistoryAnswer } from '#shared/host/contract/diagnostics';
import type { HostParsedArgs } from '#shared/host/contract/index';
import { replyFrames } from '#shared/protocols/backfill';
import type { DecodeResult } from '#shared/protocols/common/decode-result';
import {
  runHistory,
  type HistoryOutcome,
  type HistoryPlan,
  type HistoryStatus,
} from '#shared/protocols/history-run';
import { hj212Time } from '#shared/protocols/hj212/commands';
import { decodeHj212Upload, hj212HistoryKindOf, hj212HistoryPlan } from '#shared/protocols/hj212/history';
import { sl651HistoryPlan, sl651QueryElement, sl651StepOf } from '#shared/protocols/sl651/history';
import { szy206HistoryPlan } from '#shared/protocols/szy206/history';
import { CodedError } from '#shared/result';
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

export type HistoryArgs = HostParsedArgs<'diagnostics.history'>;

/**
 * One query of a history pull: its plan, which of the reply frames go to the platform (SZY206 and
 * SL651: every answer frame; HJ 212: the uploads, not the 9011 / 9012 around them), and what it asks
 * (named in the reason when it did not complete).
 */
export type HistoryPull = {
  readonly what: string;
  readonly plan: HistoryPlan<unknown>;
  readonly forwarded: (bytes: Uint8Array) => DecodeResult<unknown>;
};

const asPull = <S>(what: string, plan: HistoryPlan<S>, forwarded = plan.decodeFrame): HistoryPull => ({
  what,
  plan: plan as HistoryPlan<unknown>,
  forwarded,
});

/**
 * The queries that answer a history call, in its protocol's terms. `now` stamps the SL651 send time
 * and the HJ 212 QN; `serial` numbers SL651 queries. Throws `invalid-argument` for an element SL651
 * has no identifier for, or a window the protocol cannot ask.
 */
export function historyPulls(args: HistoryArgs, now: number, serial: () => number): HistoryPull[] {
  if (!(args.to > args.from)) {
    throw new CodedError('invalid-argument', 'the window must end after it starts');
  }
  if (!('protocol' in args)) {
    const plan = szy206HistoryPlan(
      { address: { mode: 'division', ...args.address }, edition: args.dialect },
      { type: args.type, number: 0, from: args.from, to: args.to },
      args.intervalMinutes,
    );
    return [asPull(`B1H type ${args.type}`, plan)];
  }
  if (args.protocol === 'sl651-2014') {
    const station = {
      centerAddress: args.centerAddress,
      stationAddress: args.stationAddress.toUpperCase(),
      password: args.password.toUpperCase(),
    };
    const step = sl651StepOf(args.intervalMinutes);
    return [...new Set(args.elements)].map((element) => {
      const format = sl651QueryElement(element);
      if (format === null) {
        throw new CodedError('invalid-argument', `SL651 has no element identifier for "${element}"`);
      }
      const plan = sl651HistoryPlan(station, {
        serial: serial(),
        sentAt: now,
        from: args.from,
        to: args.to,
        step,
        element: format,
      });
      return asPull(`38H ${element}`, plan);
    });
  }
  const station = { mn: args.mn, st: args.st, pw: args.pw };
  const { kind, minuteStep } = hj212HistoryKindOf(args.intervalMinutes);
  const plan = hj212HistoryPlan(station, {
    kind,
    from: args.from,
    to: args.to,
    qn: hj212Time(now, true),
    ...(minuteStep === undefined ? {} : { minuteStep }),
  });
  return [asPull(`${kind} data`, plan, (bytes) => decodeHj212Upload(bytes, station, kind))];
}

const severity: readonly HistoryStatus[] = ['complete', 'gap', 'broken', 'timeout', 'failed'];

/**
 * Several queries' answers as one: every record and forwarded frame in query order, the worst status,
 * and the reason of each query that did not complete, named by what it asked. Pure.
 */
export function mergeHistoryAnswers(
  answers: readonly { readonly what: string; readonly answer: HistoryAnswer }[],
): HistoryAnswer {
  let status: HistoryStatus = 'complete';
  for (const { answer } of answers) {
    if (severity.indexOf(answer.status) > severity.indexOf(status)) {
      status = answer.status;
    }
  }
  const reasons = answers
    .filter((a) => a.answer.reason !== null)
    .map((a) => (answers.length === 1 ? (a.answer.reason ?? '') : `${a.what}: ${a.answer.reason ?? ''}`));
  return {
    status,
    reason: reasons.length === 0 ? null : reasons.join('; '),
    records: answers.flatMap((a) => a.answer.records).sort((a, b) => a.time - b.time),
    frames: answers.flatMap((a) => a.answer.frames),
  };
}

/**
 * Runs the pulls one after the other on the line. The frame log's `mark` / `receivedSince` give the
 * hex of every frame the line received during a pull, from which its forwarded frames are cut whole,
 * byte for byte as the station sent them.
 */
export async function pullDiagnosticsHistory(
  line: DiagnosticsLine,
  pulls: readonly HistoryPull[],
  timeoutMs: number,
  log: {
    readonly mark: () => number;
    readonly receivedSince: (mark: number) => readonly { readonly hex: string }[];
  },
): Promise<HistoryAnswer> {
  const answers: { what: string; answer: HistoryAnswer }[] = [];
  for (const pull of pulls) {
    const mark = log.mark();
    const outcome = await runDiagnosticsHistory(line, pull.plan, timeoutMs);
    answers.push({
      what: pull.what,
      answer: {
        status: outcome.status,
        reason: outcome.reason,
        records: outcome.records,
        frames: replyFrames(
          log.receivedSince(mark).map((f) => f.hex),
          pull.forwarded,
        ),
      },
    });
  }
  return mergeHistoryAnswers(answers);
}
