import {
  buildHj212Realtime,
  hj212Time,
  type Hj212Reading,
  type Hj212Station,
} from '../protocols/hj212/commands';
import { crcHj212Text } from '../protocols/hj212/crc';
import { decodeHj212Packet, encodeHj212Packet, type Hj212Packet } from '../protocols/hj212/packet';
import { createFrameReader } from '../protocols/common/frame-reader';
import { hj212FlagFor } from '../protocols/hj212/edition';
import type { FaultAwareSimulator, ProtocolFault } from './run-simulator';
import { createHj212History, type Hj212HistoryOptions } from './hj212-history';

/**
 * A water-quality analyser / data logger speaking HJ 212-2017 (or 2025, `edition`): sends real-time data (CN=2011) every
 * RtdInterval seconds, answers "get / set real-time interval" (1061/1062) with 9011 request answer and
 * the result, and answers 9014 to nothing (it is the centre that acknowledges data). Pure.
 */
export type Hj212AnalyserFactor = {
  readonly code: string;
  /** Typical value and the swing around it over a day. */
  readonly base: number;
  readonly swing: number;
  readonly decimals?: number;
};

export const defaultAnalyserFactors: readonly Hj212AnalyserFactor[] = [
  { code: 'w01010', base: 18.5, swing: 2, decimals: 1 },
  { code: 'w01001', base: 7.4, swing: 0.3 },
  { code: 'w01009', base: 8.1, swing: 1 },
  { code: 'w01014', base: 420, swing: 30, decimals: 1 },
  { code: 'w01003', base: 12, swing: 5, decimals: 1 },
  { code: 'w01019', base: 2.8, swing: 0.6 },
  { code: 'w21003', base: 0.32, swing: 0.1 },
  { code: 'w21011', base: 0.05, swing: 0.02, decimals: 3 },
  { code: 'w21001', base: 1.1, swing: 0.3 },
];

export type Hj212AnalyserOptions = Hj212Station & {
  readonly factors?: readonly Hj212AnalyserFactor[];
  /** RtdInterval in seconds (30–3600 per the standard), default 60. */
  readonly rtdIntervalSeconds?: number;
  /** Stored minute / hour / day statistics: upload variant, planted gaps, minute interval. */
  readonly history?: Hj212HistoryOptions;
  /**
   * Edition the logger speaks (default 2017): the Flag version bits of everything it sends (2025's
   * value per public implementations [L–M]), and 2062 标样核查 answered only in 2025.
   */
  readonly edition?: 'hj212-2017' | 'hj212-2025';
};

export type Hj212Analyser = FaultAwareSimulator & {
  readonly rtdIntervalSeconds: () => number;
  readonly received: readonly Hj212Packet[];
  readings(now: number): Hj212Reading[];
};

export function createHj212Analyser(options: Hj212AnalyserOptions): Hj212Analyser {
  const factors = options.factors ?? defaultAnalyserFactors;
  const edition = options.edition ?? 'hj212-2017';
  const editionFlag = hj212FlagFor(edition);
  const station: Hj212Station = {
    st: options.st,
    pw: options.pw,
    mn: options.mn,
    flag: options.flag ?? editionFlag,
  };
  const reader = createFrameReader((bytes) => decodeHj212Packet(bytes));
  const received: Hj212Packet[] = [];
  const enc = new TextEncoder();
  let rtdIntervalSeconds = options.rtdIntervalSeconds ?? 60;
  let nextAt: number | null = null;
  const history = createHj212History(station, factors, options.history);

  const readings = (now: number): Hj212Reading[] =>
    factors.map((f, i) => ({
      code: f.code,
      rtd: f.base + f.swing * Math.sin((2 * Math.PI * now) / 86_400_000 + i),
      decimals: f.decimals ?? 2,
    }));

  const reply = (cn: string, qn: string, cp: string) =>
    enc.encode(
      encodeHj212Packet({ qn, st: '91', cn, pw: station.pw, mn: station.mn, flag: editionFlag, cp }),
    );

  function answer(p: Hj212Packet, now: number): Uint8Array[] {
    const qn = p.qn ?? hj212Time(now, true);
    if (p.mn !== null && p.mn !== station.mn) {
      return []; // another station's command on a shared line
    }
    if (p.pw !== null && p.pw !== station.pw) {
      return [reply('9011', qn, 'QnRtn=3')]; // PW 错误
    }
    const stored = history.answer(p, now);
    if (stored !== null) {
      return stored.map((text) => enc.encode(text));
    }
    switch (p.cn) {
      case '1061':
        return [
          reply('9011', qn, 'QnRtn=1'),
          enc.encode(
            encodeHj212Packet({
              qn,
              st: station.st,
              cn: '1061',
              pw: station.pw,
              mn: station.mn,
              flag: editionFlag,
              cp: `RtdInterval=${rtdIntervalSeconds}`,
            }),
          ),
          reply('9012', qn, 'ExeRtn=1'),
        ];
      case '1062': {
        const seconds = Number(p.cpFields.RtdInterval);
        if (!Number.isInteger(seconds) || seconds < 30 || seconds > 3600) {
          return [reply('9011', qn, 'QnRtn=1'), reply('9012', qn, 'ExeRtn=3')];
        }
        rtdIntervalSeconds = seconds;
        nextAt = now + seconds * 1000;
        return [reply('9011', qn, 'QnRtn=1'), reply('9012', qn, 'ExeRtn=1')];
      }
      case '3011': {
        // 零点/量程校准 (one command for both [H]): accepted and reported done at once for a factor the
        // analyser measures — a real analyser takes minutes; the standard sends no values back.
        const known = factors.some((f) => f.code === p.cpFields.PolId);
        return [reply('9011', qn, 'QnRtn=1'), reply('9012', qn, known ? 'ExeRtn=1' : 'ExeRtn=3')];
      }
      case '2062': {
        if (edition !== 'hj212-2025') {
          return [reply('9011', qn, 'QnRtn=8')]; // CN 错: 2062 is not a 2017 command
        }
        // 标样核查 (2025 [L–M]): the simulator's plausible answer, its own assumption of the fields —
        // the measured value of the standard sample as <PolId>-Rtd, within ±3 % of the factor's base.
        const f = factors.find((x) => x.code === p.cpFields.PolId);
        if (f === undefined) {
          return [reply('9011', qn, 'QnRtn=1'), reply('9012', qn, 'ExeRtn=3')];
        }
        const measured = f.base * (1 + 0.03 * Math.sin(now / 3_600_000));
        const upload = encodeHj212Packet({
          qn: hj212Time(now, true),
          st: station.st,
          cn: '2062',
          pw: station.pw,
          mn: station.mn,
          flag: editionFlag,
          cp: `DataTime=${hj212Time(now)};${f.code}-Rtd=${measured.toFixed(f.decimals ?? 2)},${f.code}-Flag=N`,
        });
        return [reply('9011', qn, 'QnRtn=1'), enc.encode(upload), reply('9012', qn, 'ExeRtn=1')];
      }
      case '9014':
      case '9013':
        return [];
      default:
        return [reply('9011', qn, 'QnRtn=100')];
    }
  }

  return {
    name: 'hj212-analyser',
    received,
    rtdIntervalSeconds: () => rtdIntervalSeconds,
    readings,
    receive(chunk, now) {
      const out: Uint8Array[] = [];
      for (const event of reader.push(chunk)) {
        if (event.kind === 'frame') {
          received.push(event.value);
          out.push(...answer(event.value, now));
        }
      }
      return out;
    },
    unsolicited(now) {
      if (nextAt !== null && now < nextAt) {
        return [];
      }
      nextAt = now + rtdIntervalSeconds * 1000;
      return [enc.encode(buildHj212Realtime(station, now, readings(now)))];
    },
    withFault(bytes: Uint8Array, fault: ProtocolFault) {
      const text = new TextDecoder().decode(bytes);
      if (fault === 'bad-crc') {
        const at = text.length - 6;
        const wrong = ((Number.parseInt(text.slice(at, at + 4), 16) ^ 0x1111) & 0xffff)
          .toString(16)
          .toUpperCase()
          .padStart(4, '0');
        return enc.encode(`${text.slice(0, at)}${wrong}\r\n`);
      }
      const decoded = decodeHj212Packet(bytes);
      if (decoded.status !== 'ok') {
        return bytes;
      }
      // wrong-address: another MN; exception: the request is refused (QnRtn=2 拒绝请求).
      const segment =
        fault === 'wrong-address'
          ? decoded.value.segment.replace(
              `MN=${station.mn}`,
              `MN=${station.mn.slice(0, -1)}${station.mn.endsWith('9') ? '0' : '9'}`,
            )
          : decoded.value.segment.replace(/CN=\d+;/, 'CN=9011;').replace(/CP=&&.*&&$/, 'CP=&&QnRtn=2&&');
      return enc.encode(
        `##${String(enc.encode(segment).length).padStart(4, '0')}${segment}${crcHj212Text(segment).toString(16).toUpperCase().padStart(4, '0')}\r\n`,
      );
    },
  };
}
