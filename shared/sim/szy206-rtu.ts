import { szy206Afn } from '../protocols/szy206/afn';
import {
  buildClockReply,
  buildLinkTestUp,
  buildRealtimeReply,
  buildReportIntervalsReply,
  buildSelfReport,
  buildStatusAlarmReply,
  buildWorkModeReply,
  type Szy206Reading,
  type Szy206Target,
} from '../protocols/szy206/commands';
import { clockAt, clockToEpochMs } from '../protocols/szy206/diagnostics';
import { encodeSzy206Frame, type Szy206Address, type Szy206Edition } from '../protocols/szy206/frame';
import type { Szy206WorkMode } from '../protocols/szy206/fields';
import { createFrameReader } from '../protocols/common/frame-reader';
import { decodeSzy206Message, type Szy206Message } from '../protocols/szy206/message';
import { sameSzy206Address } from '../protocols/szy206/reply';
import type { FaultAwareSimulator, ProtocolFault } from './run-simulator';
import { fromHex } from '../protocols/common/hex';
import { createSzy206History, type Szy206HistoryOptions } from './szy206-history';

/**
 * An SZY206 / SL/T 427 intake-point RTU: answers link test, clock read/set, work mode, report
 * intervals, real-time values (flow, level, water quality) and status/alarm queries addressed to it,
 * and self-reports (C0H) flow and cumulative volume on its schedule. Pure: time comes in as `now`.
 */
export type Szy206RtuOptions = {
  readonly address: Szy206Address;
  readonly edition?: Szy206Edition;
  readonly workMode?: Szy206WorkMode;
  /** Terminal clock minus true time, ms (a drifting RTU clock for the page to find). */
  readonly clockOffsetMs?: number;
  /** Self-report interval, ms; 0 = never self-report. Default: the flow interval (60 min). */
  readonly reportEveryMs?: number;
  /** Self-report intervals per data kind (minutes) the terminal says it uses. */
  readonly intervals?: readonly { readonly kindCode: number; readonly minutes: number }[];
  readonly alarmWord?: number;
  readonly statusWord?: number;
  /** Flow at time 0 in m³/s, and cumulative volume at time 0 in m³. */
  readonly baseFlow?: number;
  readonly baseVolume?: number;
  /** Sends AFN 02H F0H (login) before its first self-report. */
  readonly login?: boolean;
  /** Stored data (B1H) and event counters (5DH): storage interval, planted gaps, records per frame. */
  readonly history?: Omit<Szy206HistoryOptions, 'baseFlow' | 'baseVolume'>;
};

export type Szy206Rtu = FaultAwareSimulator & {
  readonly address: Szy206Address;
  /** Frames received that were addressed to this terminal, oldest first. */
  readonly served: readonly Szy206Message[];
  readonly workMode: () => Szy206WorkMode;
  readonly clockOffsetMs: () => number;
  /** Readings as the RTU would give them at `now`. */
  reading(kindCode: number, now: number): Szy206Reading;
};

const broadcastStation = 65535;

export function createSzy206Rtu(options: Szy206RtuOptions): Szy206Rtu {
  const edition = options.edition ?? 'szy206-2016';
  const target: Szy206Target = { address: options.address, edition };
  const reader = createFrameReader((bytes) => decodeSzy206Message(bytes, edition));
  const intervals = options.intervals ?? [{ kindCode: 3, minutes: 60 }];
  const reportEveryMs =
    options.reportEveryMs ?? (intervals.find((i) => i.kindCode === 3)?.minutes ?? 60) * 60_000;
  const baseFlow = options.baseFlow ?? 0.25;
  const baseVolume = options.baseVolume ?? 106_182;
  const served: Szy206Message[] = [];
  let workMode: Szy206WorkMode = options.workMode ?? 'self-report';
  let clockOffsetMs = options.clockOffsetMs ?? 0;
  let nextReportAt: number | null = null;
  let loggedIn = !(options.login ?? false);
  const history = createSzy206History(target, { ...options.history, baseFlow, baseVolume });

  // A slow daily swing around the base flow; the volume integrates it so both stay consistent.
  const flowAt = (now: number) => baseFlow * (1 + 0.2 * Math.sin((2 * Math.PI * now) / 86_400_000));
  // The totaliser counts from the first moment the RTU is asked or reports (its "power-on").
  let startedAt: number | null = null;
  const volumeAt = (now: number) => {
    startedAt ??= now;
    return baseVolume + Math.max(0, Math.round((baseFlow * (now - startedAt)) / 1000));
  };

  const reading = (kindCode: number, now: number): Szy206Reading => {
    const base = { kindCode, alarmWord: options.alarmWord ?? 0, statusWord: statusWord() };
    switch (kindCode) {
      case 3:
        return { ...base, values: [Math.round(flowAt(now) * 1000) / 1000, volumeAt(now)] };
      case 2:
        return { ...base, values: [12.345] };
      case 10:
        return {
          ...base,
          quality: [
            { bit: 0, value: 18.5 },
            { bit: 1, value: 7.25 },
            { bit: 2, value: 8.1 },
          ],
        };
      default:
        return { ...base, values: [] };
    }
  };

  function statusWord(): number {
    const modeBits = ['compatible', 'self-report', 'query-answer', 'debug'].indexOf(workMode) & 0x03;
    return ((options.statusWord ?? 0) & ~0x03) | modeBits;
  }

  const addressedToMe = (m: Szy206Message) =>
    m.direction === 'down' &&
    (sameSzy206Address(m.address, options.address) ||
      (m.address.mode === 'division' && m.address.station === broadcastStation));

  function answer(m: Szy206Message, now: number): Uint8Array | null {
    const body = m.body;
    switch (m.afn) {
      case szy206Afn.linkTest:
        return body.kind === 'link-test'
          ? buildLinkTestUp(target, body.meaning === 'unknown' ? 'keep-alive' : body.meaning)
          : null;
      case szy206Afn.queryClock:
        return buildClockReply(target, clockAt(now + clockOffsetMs));
      case szy206Afn.setClock:
        if (body.kind !== 'clock') {
          return null;
        }
        clockOffsetMs = clockToEpochMs(body.clock) - now;
        return buildClockReply(target, body.clock, szy206Afn.setClock);
      case szy206Afn.queryWorkMode:
        return buildWorkModeReply(target, workMode);
      case szy206Afn.setWorkMode:
        if (body.kind !== 'work-mode') {
          return null;
        }
        workMode = body.mode;
        return buildWorkModeReply(target, workMode, szy206Afn.setWorkMode);
      case szy206Afn.queryReportIntervals:
        return buildReportIntervalsReply(target, intervals);
      case szy206Afn.queryRealtime:
        return buildRealtimeReply(target, reading(m.control.functionCode, now));
      case szy206Afn.queryStatusAlarm:
        return buildStatusAlarmReply(target, options.alarmWord ?? 0, statusWord());
      default:
        return null; // confirmations (C0H down) and commands this RTU does not implement
    }
  }

  return {
    name: 'szy206-rtu',
    address: options.address,
    served,
    workMode: () => workMode,
    clockOffsetMs: () => clockOffsetMs,
    reading,
    receive(chunk, now) {
      const replies: Uint8Array[] = [];
      for (const event of reader.push(chunk)) {
        if (event.kind !== 'frame' || !addressedToMe(event.value)) {
          continue;
        }
        served.push(event.value);
        const reply = answer(event.value, now);
        const broadcast =
          event.value.address.mode === 'division' && event.value.address.station === broadcastStation;
        const body = event.value.body;
        const stored =
          reply === null
            ? history.answer(
                {
                  afn: event.value.afn,
                  payload: body.kind === 'raw' ? fromHex(body.hex) : new Uint8Array(0),
                },
                now,
              )
            : null;
        if (!broadcast) {
          replies.push(...(reply === null ? (stored ?? []) : [reply]));
        }
      }
      return replies;
    },
    unsolicited(now) {
      if (reportEveryMs <= 0 || workMode === 'query-answer') {
        return [];
      }
      const out: Uint8Array[] = [];
      if (!loggedIn) {
        loggedIn = true;
        out.push(buildLinkTestUp(target, 'login'));
      }
      if (nextReportAt === null) {
        nextReportAt = now;
      }
      if (now >= nextReportAt) {
        const clock = clockAt(now + clockOffsetMs);
        out.push(buildSelfReport(target, reading(3, now), { ...clock, allowedDelayMinutes: 10 }));
        nextReportAt = now + reportEveryMs;
      }
      return out;
    },
    withFault(reply: Uint8Array, fault: ProtocolFault) {
      const copy = reply.slice();
      if (fault === 'bad-crc') {
        copy[copy.length - 2] = (copy[copy.length - 2] ?? 0) ^ 0x5a;
        return copy;
      }
      const decoded = decodeSzy206Message(reply, edition);
      if (decoded.status !== 'ok') {
        return copy;
      }
      const m = decoded.value;
      if (fault === 'wrong-address') {
        // Another terminal of the same county answers: station + 1, CS recomputed so only the address is wrong.
        const address: Szy206Address =
          m.address.mode === 'division'
            ? { ...m.address, station: (m.address.station + 1) % 65535 }
            : m.address;
        const payloadStart = 3 + 1 + (m.control.split ? 1 : 0) + 5 + 1;
        return encodeSzy206Frame({
          control: m.control,
          address,
          afn: m.afn,
          payload: reply.slice(payloadStart, reply.length - 2),
        });
      }
      // 'exception': the answer comes back with its data field missing, which the centre must reject by name.
      return encodeSzy206Frame({ control: m.control, address: m.address, afn: m.afn });
    },
  };
}
