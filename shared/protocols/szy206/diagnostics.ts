import type { DecodeResult } from '../common/decode-result';
import { decoded } from '../common/decode-result';
import { CodedError } from '../../result';
import type { DecodedValue, Szy206Answer, Szy206Query } from '../../host/contract/diagnostics';
import type { RtuSnapshot } from '../../diagnostics/rtu-snapshot';
import {
  joinLabelled,
  labelledString,
  protocolLabelOf,
  type LabelledPart,
  type LabelledText,
  type ProtocolLabel,
} from '../common/label';
import { hex2 } from '../common/hex';
import { szy206Afn } from './afn';
import { szy206StatusLabels, szy206TextLabel, type Szy206AnswerText } from './answer-labels';
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
import { formatClock, type Szy206Alarms, type Szy206Clock, type Szy206Password } from './fields';
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

function alarmLabels(alarms: Szy206Alarms): ProtocolLabel[] {
  return alarms.active.map((a) => protocolLabelOf('szy206-alarm', a.key, a.name));
}

/** A value named by one of the answer's fixed words. */
function textValue(key: Szy206AnswerText, value: number | string, unit: string | null): DecodedValue {
  const label = szy206TextLabel(key);
  return { name: label.name, code: label.code, value, unit };
}

function answer(
  query: Szy206Query,
  parts: LabelledText,
  values: readonly DecodedValue[],
  snapshot: Partial<RtuSnapshot>,
): Szy206Answer {
  return { query, summary: labelledString(parts), summaryParts: parts, values, snapshot };
}

const word = (w: number) => `0x${w.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Turns a decoded answer into what the page shows and the snapshot part it fills. Names travel as
 * labels (code + Chinese name); `summary` and the snapshot keep the Chinese text earlier versions saved.
 */
export function szy206Answer(query: Szy206Query, message: Szy206Message, now: number): Szy206Answer {
  const body = message.body;
  switch (body.kind) {
    case 'link-test':
      return answer(query, [szy206TextLabel('link-ok'), ` (${body.meaning})`], [], {});
    case 'clock': {
      const offset = Math.round((clockToEpochMs(body.clock) - now) / 1000);
      const text = formatClock(body.clock);
      return answer(
        query,
        [szy206TextLabel('rtu-clock'), ` ${text} (${offset >= 0 ? '+' : ''}${offset} s)`],
        [textValue('rtu-clock', text, null), textValue('clock-offset', offset, 's')],
        { rtuClock: text, clockOffsetSeconds: offset },
      );
    }
    case 'work-mode':
      return answer(
        query,
        [szy206TextLabel('work-mode'), ` ${body.mode}`],
        [textValue('work-mode', body.mode, null)],
        { workMode: body.mode },
      );
    case 'report-intervals': {
      const kinds = body.intervals.map((i) => ({
        label: protocolLabelOf('szy206-kind', i.kind.key, i.kind.name),
        minutes: i.minutes,
      }));
      return answer(
        query,
        kinds.length === 0
          ? [szy206TextLabel('no-intervals')]
          : joinLabelled(
              kinds.map((k) => [k.label, ` ${k.minutes} min`]),
              ', ',
            ),
        kinds.map((k) => ({ ...k.label, value: k.minutes, unit: 'min' })),
        { intervals: body.intervals.map((i) => ({ kind: i.kind.key, minutes: i.minutes })) },
      );
    }
    case 'values':
    case 'status-alarm': {
      const values = body.kind === 'values' ? body.values : [];
      const named = values.map((v) => ({ v, label: protocolLabelOf('szy206-value', v.key, v.name) }));
      const shown = named.filter((n): n is typeof n & { v: { value: number } } => n.v.value !== null);
      const alarms = alarmLabels(body.alarms);
      const snapshot: Partial<RtuSnapshot> = {
        alarms: alarms.map((a) => a.name),
        status: [
          `${szy206TextLabel('work-mode').name} ${body.status.workMode}`,
          ...szy206StatusLabels(body.status).map((l) => l.name),
        ],
        workMode: body.status.workMode,
        ...(body.kind === 'values'
          ? { values: shown.map(({ v }) => ({ name: v.name, value: v.value, unit: v.unit })) }
          : {}),
      };
      const alarmParts: LabelledPart[] =
        alarms.length === 0
          ? [szy206TextLabel('no-alarm')]
          : joinLabelled(
              alarms.map((a) => [a]),
              szy206TextLabel('list-separator'),
            );
      return answer(
        query,
        joinLabelled([...shown.map(({ v, label }) => [label, ` ${v.value} ${v.unit}`]), alarmParts], ', '),
        [
          ...named.map(({ v, label }) => ({
            ...label,
            value: v.value ?? v.note ?? '',
            unit: v.unit || null,
          })),
          textValue('alarm-word', word(body.alarms.word), null),
          textValue('status-word', word(body.status.word), null),
        ],
        snapshot,
      );
    }
    case 'empty':
    case 'raw':
      return answer(
        query,
        [
          `AFN ${message.afn.toString(16).toUpperCase()} `,
          protocolLabelOf('szy206-afn', hex2(message.afn), message.afnName),
        ],
        [],
        {},
      );
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
