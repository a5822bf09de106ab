import { decoded, invalid, type DecodeResult } from '../common/decode-result';
import { hex2, toHex } from '../common/hex';
import { bcdDigitsLsbFirst } from './bcd';
import { afnCarriesPassword, szy206Afn, szy206AfnName } from './afn';
import {
  clockLength,
  decodeAlarmWord,
  decodeClock,
  decodePassword,
  decodeStatusWord,
  decodeTimeLabel,
  readWordLe,
  szy206DataKind,
  szy206WorkModes,
  timeLabelLength,
  type Szy206Alarms,
  type Szy206Clock,
  type Szy206DataKind,
  type Szy206Password,
  type Szy206Status,
  type Szy206TimeLabel,
  type Szy206WorkMode,
} from './fields';
import {
  decodeSzy206Frame,
  type Szy206Address,
  type Szy206Control,
  type Szy206Direction,
  type Szy206Edition,
  type Szy206Frame,
} from './frame';
import { decodeSzy206Values, szy206GroupBytes, waterQualityLength, type Szy206Value } from './values';

/**
 * Command layer: what a frame means, by AFN and direction. Every AFN the RTU page uses gets a typed
 * body; anything else decodes to `raw` so an unknown vendor AFN still shows its bytes.
 */
export const linkTestCodes = { 0xf0: 'login', 0xf1: 'logout', 0xf2: 'keep-alive' } as const;
export type LinkTestMeaning = (typeof linkTestCodes)[keyof typeof linkTestCodes] | 'unknown';

export type Szy206ReportInterval = { readonly kind: Szy206DataKind; readonly minutes: number };

export type Szy206Body =
  | { readonly kind: 'link-test'; readonly code: number; readonly meaning: LinkTestMeaning }
  | { readonly kind: 'clock'; readonly clock: Szy206Clock }
  | { readonly kind: 'work-mode'; readonly mode: Szy206WorkMode }
  | {
      readonly kind: 'report-intervals';
      readonly mask: number;
      readonly intervals: readonly Szy206ReportInterval[];
    }
  | {
      readonly kind: 'values';
      readonly values: readonly Szy206Value[];
      readonly alarms: Szy206Alarms;
      readonly status: Szy206Status;
    }
  | { readonly kind: 'status-alarm'; readonly alarms: Szy206Alarms; readonly status: Szy206Status }
  /** A downlink query or a confirmation: no data field. */
  | { readonly kind: 'empty' }
  | { readonly kind: 'raw'; readonly hex: string };

export type Szy206Message = {
  readonly edition: Szy206Edition;
  readonly direction: Szy206Direction;
  readonly control: Szy206Control;
  /** The kind named by the control function code (what B0/C0 values are). */
  readonly dataKind: Szy206DataKind;
  readonly splitCounter: number | null;
  readonly address: Szy206Address;
  readonly afn: number;
  readonly afnName: string;
  readonly body: Szy206Body;
  readonly password: Szy206Password | null;
  readonly timeLabel: Szy206TimeLabel | null;
  readonly checksum: number;
};

type Aux = { password: Szy206Password | null; timeLabel: Szy206TimeLabel | null };
type Parsed = { body: Szy206Body; aux: Aux } | string;

/** Reads the AUX bytes after the data: none, Tp, PW, or PW + Tp — told apart by their length. */
function readAux(payload: Uint8Array, at: number, edition: Szy206Edition, what: string): Aux | string {
  const rest = payload.length - at;
  const tp = timeLabelLength(edition);
  const label = (from: number): Szy206TimeLabel | string => decodeTimeLabel(payload, from, edition);
  if (rest === 0) {
    return { password: null, timeLabel: null };
  }
  if (rest === tp) {
    const t = label(at);
    return typeof t === 'string' ? t : { password: null, timeLabel: t };
  }
  if (rest === 2) {
    return { password: decodePassword(payload, at), timeLabel: null };
  }
  if (rest === 2 + tp) {
    const t = label(at + 2);
    return typeof t === 'string' ? t : { password: decodePassword(payload, at), timeLabel: t };
  }
  return `${what}: ${rest} bytes after the data are neither PW (2), Tp (${tp}) nor PW + Tp (${2 + tp})`;
}

function intervals(payload: Uint8Array, edition: Szy206Edition): { body: Szy206Body; end: number } | string {
  if (payload.length < 2) {
    return `report intervals need a 2-byte kind mask, found ${payload.length} bytes`;
  }
  const mask = readWordLe(payload, 0);
  const list: Szy206ReportInterval[] = [];
  let at = 2;
  for (let bit = 0; bit < 16; bit += 1) {
    if (mask & (1 << bit)) {
      if (at + 2 > payload.length) {
        return `report-interval mask 0x${mask.toString(16).toUpperCase().padStart(4, '0')} announces more intervals than the ${payload.length} bytes hold`;
      }
      const digits = bcdDigitsLsbFirst(payload, at, 2);
      if (digits === null) {
        return `report interval of kind ${bit + 1} (${toHex(payload.slice(at, at + 2))}) is not BCD`;
      }
      // Mask bit i is the data kind of control function code i + 1 (bit 0 雨量, bit 2 流量) [L].
      list.push({ kind: szy206DataKind(bit + 1, edition), minutes: Number(digits) });
      at += 2;
    }
  }
  return { body: { kind: 'report-intervals', mask, intervals: list }, end: at };
}

/** Where a values area ends: for B0 the Tp is optional, so try without it first. */
function valuesEnd(
  payload: Uint8Array,
  kind: number,
  edition: Szy206Edition,
  needsTp: boolean,
): number | string {
  const tp = timeLabelLength(edition);
  const fixedTail = 4 + (needsTp ? tp : 0);
  if (kind === 10) {
    const length = waterQualityLength(payload, 0, edition);
    if (length === null) {
      return `water-quality data needs a 5-byte mask, found ${payload.length} bytes`;
    }
    return length;
  }
  const group = szy206GroupBytes(kind);
  const whole = (n: number) => n >= 0 && (group === 0 || n % group === 0);
  // Flow RTUs may be configured to send instantaneous flow without the cumulative volume [M].
  const flowOnly = (n: number) => n >= 0 && kind === 3 && n % 5 === 0;
  const withoutTp = payload.length - fixedTail;
  const withTp = payload.length - 4 - tp;
  for (const test of [whole, flowOnly]) {
    if (test(withoutTp)) {
      return withoutTp;
    }
    if (!needsTp && test(withTp)) {
      return withTp;
    }
  }
  return `${payload.length} data bytes of kind ${kind} are not whole values + alarm (2) + status (2)${needsTp ? ` + Tp (${tp})` : ''}`;
}

function valuesBody(frame: Szy206Frame, edition: Szy206Edition, needsTp: boolean): Parsed {
  const { payload } = frame;
  const kind = frame.control.functionCode;
  const end = valuesEnd(payload, kind, edition, needsTp);
  if (typeof end === 'string') {
    return end;
  }
  if (end + 4 > payload.length) {
    return `alarm and status words (4 bytes) missing after ${end} value bytes`;
  }
  const values = decodeSzy206Values(kind, payload.slice(0, end), edition);
  if (!values.ok) {
    return values.problem;
  }
  const aux = readAux(payload, end + 4, edition, szy206AfnName(frame.afn));
  if (typeof aux === 'string') {
    return aux;
  }
  if (needsTp && aux.timeLabel === null) {
    return `self-report AFN ${hex2(frame.afn)} has no time label Tp`;
  }
  return {
    body: {
      kind: 'values',
      values: values.values,
      alarms: decodeAlarmWord(readWordLe(payload, end), edition),
      status: decodeStatusWord(readWordLe(payload, end + 2)),
    },
    aux,
  };
}

function fixed(
  frame: Szy206Frame,
  edition: Szy206Edition,
  length: number,
  make: () => Szy206Body | string,
): Parsed {
  if (frame.payload.length < length) {
    return `${szy206AfnName(frame.afn)} (AFN ${hex2(frame.afn)}) needs ${length} data bytes, found ${frame.payload.length}`;
  }
  const body = make();
  if (typeof body === 'string') {
    return body;
  }
  const aux = readAux(frame.payload, length, edition, szy206AfnName(frame.afn));
  return typeof aux === 'string' ? aux : { body, aux };
}

function interpret(frame: Szy206Frame, edition: Szy206Edition): Parsed {
  const { afn, payload } = frame;
  const up = frame.control.direction === 'up';
  switch (afn) {
    case szy206Afn.linkTest:
      return fixed(frame, edition, 1, () => {
        const code = payload[0] ?? 0;
        return {
          kind: 'link-test',
          code,
          meaning: linkTestCodes[code as keyof typeof linkTestCodes] ?? 'unknown',
        };
      });
    case szy206Afn.setClock:
    case szy206Afn.queryClock:
      if (!up && afn === szy206Afn.queryClock) {
        break;
      }
      return fixed(frame, edition, clockLength, () => {
        const clock = decodeClock(payload, 0);
        return typeof clock === 'string' ? clock : { kind: 'clock', clock };
      });
    case szy206Afn.setWorkMode:
    case szy206Afn.queryWorkMode:
      if (!up && afn === szy206Afn.queryWorkMode) {
        break;
      }
      return fixed(frame, edition, 1, () => {
        const mode = szy206WorkModes[payload[0] ?? 0xff];
        return mode === undefined ? `work mode ${payload[0] ?? 0} is not 0–3` : { kind: 'work-mode', mode };
      });
    case szy206Afn.setReportIntervals:
    case szy206Afn.queryReportIntervals: {
      if (!up && afn === szy206Afn.queryReportIntervals) {
        break;
      }
      const parsed = intervals(payload, edition);
      if (typeof parsed === 'string') {
        return parsed;
      }
      const aux = readAux(payload, parsed.end, edition, szy206AfnName(afn));
      return typeof aux === 'string' ? aux : { body: parsed.body, aux };
    }
    case szy206Afn.queryStatusAlarm:
      if (!up) {
        break;
      }
      return fixed(frame, edition, 4, () => ({
        kind: 'status-alarm',
        alarms: decodeAlarmWord(readWordLe(payload, 0), edition),
        status: decodeStatusWord(readWordLe(payload, 2)),
      }));
    case szy206Afn.queryRealtime:
      if (!up) {
        break;
      }
      return valuesBody(frame, edition, false);
    case szy206Afn.selfReport:
    case szy206Afn.randomAlarmReport:
      if (!up) {
        break;
      }
      return valuesBody(frame, edition, true);
    default:
  }
  // Downlink queries and confirmations carry no data field; only AUX may follow.
  const dataLess =
    !up && (payload.length === 0 || (afn >= 0x50 && afn <= 0x65) || afn === 0xb0 || afn === 0xc0);
  if (dataLess) {
    const aux = readAux(payload, 0, edition, szy206AfnName(afn));
    if (typeof aux !== 'string') {
      return { body: { kind: 'empty' }, aux };
    }
  }
  const aux =
    !up && afnCarriesPassword(afn)
      ? readAux(payload, payload.length - 2 - timeLabelLength(edition), edition, '')
      : null;
  const dataEnd =
    aux !== null && typeof aux !== 'string' ? payload.length - 2 - timeLabelLength(edition) : payload.length;
  return {
    body: { kind: 'raw', hex: toHex(payload.slice(0, Math.max(0, dataEnd)), '') },
    aux: aux !== null && typeof aux !== 'string' ? aux : { password: null, timeLabel: null },
  };
}

/** Frame + meaning. Never throws; a frame whose data does not fit its AFN is `invalid` with the reason. */
export function decodeSzy206Message(
  bytes: Uint8Array,
  edition: Szy206Edition = 'szy206-2016',
): DecodeResult<Szy206Message> {
  const framed = decodeSzy206Frame(bytes, edition);
  if (framed.status !== 'ok') {
    return framed;
  }
  const frame = framed.value;
  const parsed = interpret(frame, edition);
  if (typeof parsed === 'string') {
    return invalid(`AFN ${hex2(frame.afn)} ${frame.control.direction}: ${parsed}`, framed.consumed);
  }
  return decoded(
    {
      edition,
      direction: frame.control.direction,
      control: frame.control,
      dataKind: szy206DataKind(frame.control.functionCode, edition),
      splitCounter: frame.splitCounter,
      address: frame.address,
      afn: frame.afn,
      afnName: szy206AfnName(frame.afn),
      body: parsed.body,
      password: parsed.aux.password,
      timeLabel: parsed.aux.timeLabel,
      checksum: frame.checksum,
    },
    framed.consumed,
  );
}
