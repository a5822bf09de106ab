import type { DecodeResult } from '../common/decode-result';
import { decoded } from '../common/decode-result';
import { CodedError } from '../../result';
import type { Szy206Answer, Szy206Query } from '../../host/contract/diagnostics';
import type { RtuSnapshot } from '../../diagnostics/rtu-snapshot';
import { szy206Afn } from './afn';
import {
  buildLinkTest,
  buildQueryRealtime,
  buildQueryStatusAlarm,
  buildReadClock,
  buildReadReportIntervals,
  buildReadWorkMode,
  buildSetClock,
  type Szy206Target,
} from './commands';
import {
  formatClock,
  type Szy206Alarms,
  type Szy206Clock,
  type Szy206Password,
  type Szy206Status,
} from './fields';
import type { Szy206Edition } from './frame';
import type { Szy206Message } from './message';
import { szy206ReplyDecoder } from './reply';

/**
 * The RTU page's view of SZY206: one query name in, the frame to send out; the answer back as a
 * summary, display values and the part of the configuration snapshot it fills. Matches the host's
 * `Szy206Protocol` (electron/host/diagnostics-protocols.ts) so the service only wires it.
 */
export type RtuAddress = { readonly division: string; readonly station: number };

/** Terminals keep Beijing time (UTC+8, no daylight saving). */
const chinaOffsetMs = 8 * 3600_000;

export function clockAt(epochMs: number): Szy206Clock {
  const d = new Date(epochMs + chinaOffsetMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

export function clockToEpochMs(clock: Szy206Clock): number {
  return (
    Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) - chinaOffsetMs
  );
}

/** "0123" → algorithm 0, key 123; "123" → algorithm 0, key 123. */
export function parsePassword(text: string): Szy206Password {
  if (!/^\d{1,4}$/.test(text)) {
    throw new CodedError(
      'invalid-argument',
      `password "${text}" is not 1–4 digits (algorithm digit + 3-digit key)`,
    );
  }
  const padded = text.padStart(4, '0');
  return { algorithm: Number(padded[0]), key: Number(padded.slice(1)) };
}

function target(address: RtuAddress, edition: Szy206Edition): Szy206Target {
  return { address: { mode: 'division', division: address.division, station: address.station }, edition };
}

/** The flow kind (3) is what intake-point RTUs report; the page asks for it. */
export const realtimeKindForPage = 3;

export function encodeSzy206Query(
  query: Szy206Query,
  address: RtuAddress,
  edition: Szy206Edition,
): Uint8Array {
  const t = target(address, edition);
  switch (query) {
    case 'link-test':
      return buildLinkTest(t);
    case 'clock':
      return buildReadClock(t);
    case 'work-mode':
      return buildReadWorkMode(t);
    case 'intervals':
      return buildReadReportIntervals(t);
    case 'realtime':
      return buildQueryRealtime(t, realtimeKindForPage);
    case 'status':
      return buildQueryStatusAlarm(t);
  }
}

export function encodeSzy206SetClock(
  address: RtuAddress,
  edition: Szy206Edition,
  time: number,
  password: string,
): Uint8Array {
  const clock = clockAt(time);
  return buildSetClock(target(address, edition), clock, {
    password: parsePassword(password),
    timeLabel: { ...clock, allowedDelayMinutes: 0 },
  });
}

const expectedAfn: Record<Szy206Query, number | readonly number[]> = {
  'link-test': szy206Afn.linkTest,
  clock: [szy206Afn.queryClock, szy206Afn.setClock],
  'work-mode': szy206Afn.queryWorkMode,
  intervals: szy206Afn.queryReportIntervals,
  realtime: szy206Afn.queryRealtime,
  status: szy206Afn.queryStatusAlarm,
};

function alarmNames(alarms: Szy206Alarms): string[] {
  return alarms.active.map((a) => a.name);
}

function statusNames(status: Szy206Status): string[] {
  const out = [`工作模式 ${status.workMode}`, status.powerSource === 'battery' ? '蓄电池供电' : '交流供电'];
  if (status.icCardEnabled) {
    out.push('IC卡功能有效');
  }
  if (status.fixedValueControlOn) {
    out.push('定值控制投入');
  }
  if (status.pumpRunning) {
    out.push('水泵工作');
  }
  if (status.cabinetDoorBit) {
    out.push('箱门状态位置位');
  }
  return out;
}

/** Turns a decoded answer into what the page shows and the snapshot part it fills. */
export function szy206Answer(query: Szy206Query, message: Szy206Message, now: number): Szy206Answer {
  const body = message.body;
  switch (body.kind) {
    case 'link-test':
      return { query, summary: `链路正常 (${body.meaning})`, values: [], snapshot: {} };
    case 'clock': {
      const offset = Math.round((clockToEpochMs(body.clock) - now) / 1000);
      const text = formatClock(body.clock);
      return {
        query,
        summary: `终端时钟 ${text} (${offset >= 0 ? '+' : ''}${offset} s)`,
        values: [
          { name: '终端时钟', value: text, unit: null },
          { name: '时钟偏差', value: offset, unit: 's' },
        ],
        snapshot: { rtuClock: text, clockOffsetSeconds: offset },
      };
    }
    case 'work-mode':
      return {
        query,
        summary: `工作模式 ${body.mode}`,
        values: [{ name: '工作模式', value: body.mode, unit: null }],
        snapshot: { workMode: body.mode },
      };
    case 'report-intervals':
      return {
        query,
        summary: body.intervals.map((i) => `${i.kind.name} ${i.minutes} min`).join(', ') || '无自报种类',
        values: body.intervals.map((i) => ({ name: i.kind.name, value: i.minutes, unit: 'min' })),
        snapshot: { intervals: body.intervals.map((i) => ({ kind: i.kind.key, minutes: i.minutes })) },
      };
    case 'values':
    case 'status-alarm': {
      const values = body.kind === 'values' ? body.values : [];
      const shown = values.filter((v): v is typeof v & { value: number } => v.value !== null);
      const snapshot: Partial<RtuSnapshot> = {
        alarms: alarmNames(body.alarms),
        status: statusNames(body.status),
        workMode: body.status.workMode,
        ...(body.kind === 'values'
          ? { values: shown.map((v) => ({ name: v.name, value: v.value, unit: v.unit })) }
          : {}),
      };
      const alarmText = body.alarms.active.length === 0 ? '无报警' : alarmNames(body.alarms).join('、');
      return {
        query,
        summary: [...shown.map((v) => `${v.name} ${v.value} ${v.unit}`), alarmText].join(', '),
        values: [
          ...values.map((v) => ({ name: v.name, value: v.value ?? v.note ?? '', unit: v.unit || null })),
          {
            name: '报警字',
            value: `0x${body.alarms.word.toString(16).toUpperCase().padStart(4, '0')}`,
            unit: null,
          },
          {
            name: '状态字',
            value: `0x${body.status.word.toString(16).toUpperCase().padStart(4, '0')}`,
            unit: null,
          },
        ],
        snapshot,
      };
    }
    case 'empty':
    case 'raw':
      return {
        query,
        summary: `AFN ${message.afn.toString(16).toUpperCase()} ${message.afnName}`,
        values: [],
        snapshot: {},
      };
  }
}

export function decodeSzy206Answer(
  query: Szy206Query,
  bytes: Uint8Array,
  edition: Szy206Edition,
  address: RtuAddress,
  now: number,
): DecodeResult<Szy206Answer> {
  const decode = szy206ReplyDecoder(
    {
      address: { mode: 'division', division: address.division, station: address.station },
      afn: expectedAfn[query],
      ...(query === 'realtime' ? { functionCode: realtimeKindForPage } : {}),
    },
    edition,
  );
  const result = decode(bytes);
  return result.status === 'ok' ? decoded(szy206Answer(query, result.value, now), result.consumed) : result;
}

/** The object the host's diagnostics service takes as `szy206` (same shape as its Szy206Protocol). */
export const szy206DiagnosticsProtocol = {
  encodeQuery: (query: Szy206Query, address: RtuAddress, dialect: Szy206Edition, _now: number) =>
    encodeSzy206Query(query, address, dialect),
  encodeSetClock: encodeSzy206SetClock,
  decodeAnswer: (
    query: Szy206Query,
    bytes: Uint8Array,
    dialect: Szy206Edition,
    address: RtuAddress,
    now: number,
  ) => decodeSzy206Answer(query, bytes, dialect, address, now),
};
