import { runHistory, type HistoryPlan, type HistoryRecord } from '../history-run';
import type { LineSession } from '../line-session-types';
import { hj212Elements } from '../../monitoring/protocol-elements';
import { CodedError } from '../../result';
import type { Hj212Station } from './commands';
import { hj212FlagFor, type Hj212Edition } from './edition';
import { buildHj212Reply, decodeHj212StationPacket, hj212TimeToEpoch } from './history';
import { encodeHj212Packet, type Hj212Packet } from './packet';

/**
 * Analyser quality control over HJ 212, only where the reference has a command (protocols-history.md):
 *
 * - `zero` and `span` → CN 3011 零点/量程校准 (HJ 212-2017 附录C [H]). The standard has ONE command for
 *   both: nothing in the request tells a zero calibration from a span calibration, so the two checks send
 *   the same frame and the analyser does what it is set up to do. It is a calibration (校准), not a check
 *   (核查), and its answer is only 9011 QnRtn + 9012 ExeRtn: the standard as we have it names no upload
 *   of the calibration's values. The request's `PolId=<factor>` follows the 3011–3015 pattern [M].
 * - `standard` → CN 2062 标样核查, new in HJ 212-2025 [L–M: public implementations only, no copy of the
 *   2025 text]. Its request and upload fields are not known: we send `PolId=<factor>` as for 3011 and
 *   read whatever factor values the upload carries (`<factor>-<name>=<number>`), with no pass/fail
 *   verdict (no threshold is in the reference).
 *
 * Zero check / span check as *checks with a result upload* (零点核查, 跨度核查) are not in the reference:
 * none is invented here.
 */
export type Hj212QcCheck = 'zero' | 'span' | 'standard';

export const hj212QcChecks: readonly Hj212QcCheck[] = ['zero', 'span', 'standard'];

export const hj212QcCommand: Readonly<
  Record<Hj212QcCheck, { readonly cn: string; readonly edition: Exclude<Hj212Edition, 'unknown'> }>
> = {
  zero: { cn: '3011', edition: 'hj212-2017' },
  span: { cn: '3011', edition: 'hj212-2017' },
  standard: { cn: '2062', edition: 'hj212-2025' },
};

export type Hj212QcRequest = {
  readonly check: Hj212QcCheck;
  /** Factor code of the analyser (w01018 COD, w21003 NH3-N …). */
  readonly polId: string;
  /** QN of the request (YYYYMMDDhhmmsszzz): 9011/9012 carry it back. */
  readonly qn: string;
  /**
   * Edition to speak. Default: the command's own edition (3011 → 2017, 2062 → 2025). A 2025 logger gets
   * 3011 with the 2025 Flag (3011 is kept in 2025 per implementations [L–M]); 2062 in 2017 is refused.
   */
  readonly edition?: Exclude<Hj212Edition, 'unknown'>;
};

/** Host → logger: Flag = edition version + ack, as the standard's control examples (Flag=5 in 2017). */
export function buildHj212QcRequest(station: Hj212Station, request: Hj212QcRequest): string {
  const command = hj212QcCommand[request.check];
  const edition = request.edition ?? command.edition;
  if (command.edition === 'hj212-2025' && edition !== 'hj212-2025') {
    throw new CodedError('invalid-argument', `CN ${command.cn} exists only in HJ 212-2025`);
  }
  if (!/^\d{17}$/.test(request.qn)) {
    throw new CodedError('invalid-argument', `QN "${request.qn}" is not 17 digits`);
  }
  if (!/^[a-z]\d{5}$/.test(request.polId)) {
    throw new CodedError('invalid-argument', `PolId "${request.polId}" is not a factor code like w01018`);
  }
  return encodeHj212Packet({
    qn: request.qn,
    st: station.st,
    cn: command.cn,
    pw: station.pw,
    mn: station.mn,
    flag: hj212FlagFor(edition, { ack: true }),
    cp: `PolId=${request.polId}`,
  });
}

export type Hj212QcState = {
  readonly accepted: boolean | null;
  readonly refusal: string | null;
  readonly exeRtn: string | null;
  /** Uploads of the check's CN (2062) between 9011 and 9012. */
  readonly uploads: readonly Hj212Packet[];
  /** The edition the logger's replies speak (from the first reply), or null before one. */
  readonly edition: Hj212Packet['edition'] | null;
};

/** ExeRtn words (protocols.md, HJ 212-2017 [H]). */
export const hj212ExeRtnNames: Readonly<Record<string, string>> = {
  '1': '执行成功',
  '2': '执行失败，但不知道原因',
  '3': '命令请求条件错误',
  '4': '通讯超时',
  '5': '系统繁忙不能执行',
  '6': '系统故障',
  '100': '没有数据',
};

/** The pure QC transaction on the history runner: 9011, uploads of the check's CN (9014 if asked), 9012. */
export function hj212QcPlan(station: Hj212Station, request: Hj212QcRequest): HistoryPlan<Hj212QcState> {
  const cn = hj212QcCommand[request.check].cn;
  const enc = new TextEncoder();
  return {
    request: enc.encode(buildHj212QcRequest(station, request)),
    initial: { accepted: null, refusal: null, exeRtn: null, uploads: [], edition: null },
    decodeFrame: (bytes) => decodeHj212StationPacket(bytes, station),
    fold: (state, frame) => {
      const p = frame as Hj212Packet;
      const seen = { ...state, edition: state.edition ?? p.edition };
      if (p.cn === '9011' && p.qn === request.qn) {
        const rtn = p.cpFields.QnRtn ?? '';
        return rtn === '1'
          ? { state: { ...seen, accepted: true }, ack: null, done: false }
          : {
              state: { ...seen, accepted: false, refusal: `request refused: QnRtn=${rtn}` },
              ack: null,
              done: true,
            };
      }
      if (p.cn === '9012' && p.qn === request.qn) {
        const rtn = p.cpFields.ExeRtn ?? '';
        const refusal =
          rtn === '1' ? null : `execution failed: ExeRtn=${rtn} ${hj212ExeRtnNames[rtn] ?? ''}`.trim();
        return { state: { ...seen, exeRtn: rtn, refusal }, ack: null, done: true };
      }
      if (p.cn === cn && cn !== '3011') {
        const ack =
          p.flag?.ackRequired && p.qn !== null ? enc.encode(buildHj212Reply(station, '9014', p.qn)) : null;
        return { state: { ...seen, uploads: [...state.uploads, p] }, ack, done: false };
      }
      return { state, ack: null, done: false };
    },
    records: (state) => hj212QcValues(state),
    missing: () => null,
    refusal: (state) => state.refusal,
  };
}

/** Every number the uploads carry, one record per factor and value name (key `w01018-Rtd` …). */
export function hj212QcValues(state: Hj212QcState): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (const u of state.uploads) {
    const time = (u.dataTime === null ? null : hj212TimeToEpoch(u.dataTime)) ?? 0;
    for (const f of u.factors) {
      for (const [name, value] of Object.entries(f.values)) {
        out.push({
          key: `${f.code}-${name}`,
          element: hj212Elements[f.code] ?? null,
          time,
          value,
          flag: f.flag,
        });
      }
    }
  }
  return out;
}

/** What a QC run leaves: saved as the instrument's QC record inside the diagnostic session. */
export type Hj212QcResult = {
  readonly check: Hj212QcCheck;
  readonly cn: string;
  readonly polId: string;
  readonly status: 'done' | 'refused' | 'failed' | 'timeout';
  readonly exeRtn: string | null;
  readonly exeRtnName: string | null;
  readonly values: readonly { readonly key: string; readonly value: number; readonly flag: string | null }[];
  readonly edition: Hj212Edition | null;
  readonly editionReason: string | null;
  readonly reason: string | null;
  /** What the reference leaves open about this check, for the record and the screen. */
  readonly uncertainty: string;
};

export const hj212QcUncertainty: Readonly<Record<Hj212QcCheck, string>> = {
  zero: 'CN 3011 is one 零点/量程校准 command in HJ 212-2017: zero and span send the same frame; only ExeRtn comes back',
  span: 'CN 3011 is one 零点/量程校准 command in HJ 212-2017: zero and span send the same frame; only ExeRtn comes back',
  standard:
    'CN 2062 标样核查 is from public HJ 212-2025 implementations; its request and upload fields are unverified, values are shown as sent, no pass/fail',
};

/** The result of a QC run from the runner's end state and how it ended. Pure. */
export function hj212QcResult(
  request: Pick<Hj212QcRequest, 'check' | 'polId'>,
  state: Hj212QcState,
  end: 'done' | 'timeout' | 'failed',
  failureReason: string | null = null,
): Hj212QcResult {
  const status =
    state.accepted === false || (state.exeRtn !== null && state.exeRtn !== '1') ? 'refused' : end;
  return {
    check: request.check,
    cn: hj212QcCommand[request.check].cn,
    polId: request.polId,
    status,
    exeRtn: state.exeRtn,
    exeRtnName: state.exeRtn === null ? null : (hj212ExeRtnNames[state.exeRtn] ?? null),
    values: hj212QcValues(state).flatMap((r) =>
      r.value === null ? [] : [{ key: r.key, value: r.value, flag: r.flag }],
    ),
    edition: state.edition?.edition ?? null,
    editionReason: state.edition?.reason ?? null,
    reason: state.refusal ?? failureReason,
    uncertainty: hj212QcUncertainty[request.check],
  };
}

/**
 * Runs one QC check on a line session (the host's and the CLI's): the history runner carries the
 * exchange (9011, uploads with 9014 where asked, 9012); the last folded state is kept for the result.
 */
export async function runHj212Qc(
  line: Pick<LineSession, 'transact'>,
  station: Hj212Station,
  request: Hj212QcRequest,
  timeoutMs: number,
): Promise<Hj212QcResult> {
  const plan = hj212QcPlan(station, request);
  let last = plan.initial;
  const outcome = await runHistory(
    line,
    {
      ...plan,
      fold: (state, frame) => {
        const step = plan.fold(state, frame);
        last = step.state;
        return step;
      },
    },
    timeoutMs,
  );
  const end = outcome.status === 'timeout' ? 'timeout' : outcome.failure !== null ? 'failed' : 'done';
  return hj212QcResult(request, last, end, outcome.failure?.message ?? null);
}
