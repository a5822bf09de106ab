import type { ElementCode } from '#shared/monitoring/values';
import { hj212Elements, sl651Elements, szy206Elements } from '#shared/monitoring/protocol-elements';
import { szy206AddressText, type StationProtocol } from '#shared/monitoring/station-address';
import { buildHj212DataAck, decodeHj212Packet, type Hj212Packet } from '#shared/protocols/hj212/index';
import {
  buildSl651Confirmation,
  decodeSl651Frame,
  decodeSl651Message,
  type Sl651Message,
} from '#shared/protocols/sl651/index';
import {
  buildLinkTest,
  buildReportConfirmation,
  decodeSzy206Frame,
  decodeSzy206Message,
  szy206Afn,
  type Szy206Address,
  type Szy206Message,
  type Szy206TimeLabel,
} from '#shared/protocols/szy206/index';
import type { Framed, QuarantineReason } from './framing';

/**
 * What a frame means to the receiver: which station sent it (before the registry is asked), then —
 * read with the edition the registry names — its values and the answer the protocol wants. Only
 * uplink frames are taken; a centre's own downlink frame arriving here is malformed traffic.
 */
export type StationKey = { readonly protocol: StationProtocol; readonly address: string };

export type ReceivedValue = {
  readonly element: ElementCode;
  /** Device time, ms since epoch. */
  readonly time: number;
  readonly value: number;
  readonly flag: string | null;
};

export type Interpretation =
  | {
      readonly ok: true;
      readonly values: readonly ReceivedValue[];
      /** The answer to send once the frame is stored (null: the protocol wants none). */
      readonly reply: Uint8Array | null;
      /** Keep-alives and log-ins carry no data: answered, not stored. */
      readonly store: boolean;
    }
  | { readonly ok: false; readonly code: QuarantineReason; readonly detail: string };

const refused = (code: QuarantineReason, detail: string): Interpretation => ({ ok: false, code, detail });
const beijingOffsetMs = 8 * 3_600_000;

/** The station addresses a frame may be registered under (SZY206 frames fit both editions' keys). */
export function stationKeys(framed: Framed): StationKey[] {
  switch (framed.family) {
    case 'szy206': {
      const keys: StationKey[] = [];
      const asDivision = decodeSzy206Frame(framed.bytes, 'szy206-2016');
      if (asDivision.status === 'ok' && asDivision.value.address.mode === 'division') {
        const text = szy206AddressText(asDivision.value.address.division, asDivision.value.address.station);
        keys.push({ protocol: 'szy206-2016', address: text }, { protocol: 'sl427-2021', address: text });
      }
      const asCode = decodeSzy206Frame(framed.bytes, 'sl427-2021');
      if (asCode.status === 'ok' && asCode.value.address.mode === 'station-code') {
        keys.push({ protocol: 'sl427-2021', address: asCode.value.address.stationCode.toUpperCase() });
      }
      return keys;
    }
    case 'sl651': {
      const frame = decodeSl651Frame(framed.bytes);
      return frame.status === 'ok' ? [{ protocol: 'sl651-2014', address: frame.value.stationAddress }] : [];
    }
    case 'hj212': {
      const packet = decodeHj212Packet(framed.bytes);
      return packet.status === 'ok' && packet.value.mn !== null
        ? [{ protocol: 'hj212-2017', address: packet.value.mn.toUpperCase() }]
        : [];
    }
  }
}

/** Reads the frame as the registered station's protocol. */
export function interpretFrame(
  framed: Framed,
  protocol: StationProtocol,
  receivedAt: number,
): Interpretation {
  switch (protocol) {
    case 'szy206-2016':
    case 'sl427-2021': {
      const message = decodeSzy206Message(framed.bytes, protocol);
      return message.status === 'ok'
        ? szy206(message.value, receivedAt)
        : refused('malformed', message.status === 'invalid' ? message.reason : 'incomplete');
    }
    case 'sl651-2014': {
      const message = decodeSl651Message(framed.bytes);
      return message.status === 'ok'
        ? sl651(message.value)
        : refused('malformed', message.status === 'invalid' ? message.reason : 'incomplete');
    }
    case 'hj212-2017': {
      const packet = decodeHj212Packet(framed.bytes);
      return packet.status === 'ok'
        ? hj212(packet.value)
        : refused('malformed', packet.status === 'invalid' ? packet.reason : 'incomplete');
    }
  }
}

// ---- SZY206 / SL/T 427 ----

/**
 * Tp of SZY206-2016 has day, hour, minute and second only: the month is the latest one that puts the
 * time no later than a day after receipt (Beijing time). SL/T 427 carries month and year.
 */
export function timeLabelToEpoch(label: Szy206TimeLabel, receivedAt: number): number {
  const at = (year: number, month: number) =>
    Date.UTC(year, month, label.day, label.hour, label.minute, label.second) - beijingOffsetMs;
  if (label.year !== null && label.month !== null) {
    return at(label.year, label.month - 1);
  }
  const local = new Date(receivedAt + beijingOffsetMs);
  let year = local.getUTCFullYear();
  let month = local.getUTCMonth();
  for (let i = 0; i < 3; i += 1) {
    const t = at(year, month);
    if (t <= receivedAt + 86_400_000 && new Date(t + beijingOffsetMs).getUTCDate() === label.day) {
      return t;
    }
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
  }
  return at(year, month);
}

function szy206(message: Szy206Message, receivedAt: number): Interpretation {
  if (message.direction !== 'up') {
    return refused('malformed', `downlink frame (DIR=0, AFN ${message.afn.toString(16)}) sent to the centre`);
  }
  const target = { address: message.address satisfies Szy206Address, edition: message.edition };
  if (message.body.kind === 'link-test') {
    const meaning = message.body.meaning === 'unknown' ? 'keep-alive' : message.body.meaning;
    return { ok: true, values: [], reply: buildLinkTest(target, meaning), store: false };
  }
  if (message.body.kind !== 'values') {
    return refused(
      'unsupported',
      `AFN ${message.afn.toString(16).toUpperCase()} (${message.afnName}) carries no values`,
    );
  }
  const time = message.timeLabel === null ? receivedAt : timeLabelToEpoch(message.timeLabel, receivedAt);
  const values: ReceivedValue[] = [];
  for (const v of message.body.values) {
    const element = szy206Elements[v.key];
    // Point 0 only: the registry ties one site to one measuring point of its terminal.
    if (element !== undefined && v.value !== null && v.point === 0) {
      values.push({ element, time, value: v.value, flag: null });
    }
  }
  const confirm = message.afn === szy206Afn.selfReport || message.afn === szy206Afn.randomAlarmReport;
  return { ok: true, values, reply: confirm ? buildReportConfirmation(target, message) : null, store: true };
}

// ---- SL651 ----

/** "20YY-MM-DD hh:mm[:ss]" in Beijing time → ms since epoch. */
function beijingText(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}${text.length === 16 ? ':00' : ''}+08:00`);
}

function sl651(message: Sl651Message): Interpretation {
  if (message.direction !== 'up') {
    return refused('malformed', 'downlink frame sent to the centre');
  }
  if (message.multiPacket) {
    return refused('unsupported', `multi-packet message (function ${message.functionCode.toString(16)})`);
  }
  const time = beijingText(message.observedAt ?? message.sentAt);
  if (!Number.isFinite(time)) {
    return refused('malformed', `time ${message.observedAt ?? message.sentAt} is not a date`);
  }
  const values: ReceivedValue[] = [];
  for (const item of message.items) {
    const element = item.kind === 'value' ? sl651Elements[item.element.code] : undefined;
    if (item.kind === 'value' && element !== undefined && item.value !== null) {
      values.push({ element, time, value: item.value, flag: null });
    }
  }
  const sent = /^20(\d\d)-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(message.sentAt);
  const n = (i: number) => Number(sent?.[i] ?? 0);
  // Every report is confirmed with ESC (stay on line), as the verified confirmation does (§6.4).
  const reply =
    message.functionCode === 0x2f
      ? null
      : buildSl651Confirmation(
          {
            centerAddress: message.centerAddress,
            stationAddress: message.stationAddress,
            password: message.password,
            functionCode: message.functionCode,
            serial: message.serial,
            sentAt: { year: 2000 + n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6) },
          },
          'ESC',
        );
  return { ok: true, values, reply, store: message.functionCode !== 0x2f };
}

// ---- HJ 212 ----

/** Data uploads: real-time (Rtd), minute / hour / day statistics (Avg). */
const dataCommands: Readonly<Record<string, string>> = {
  '2011': 'Rtd',
  '2051': 'Avg',
  '2061': 'Avg',
  '2031': 'Avg',
};

function hj212(packet: Hj212Packet): Interpretation {
  const field = dataCommands[packet.cn];
  const reply =
    packet.flag?.ackRequired === true && packet.qn !== null && packet.mn !== null
      ? new TextEncoder().encode(
          buildHj212DataAck({ st: packet.st ?? '91', pw: packet.pw ?? '', mn: packet.mn }, packet.qn),
        )
      : null;
  if (field === undefined) {
    return refused('unsupported', `CN ${packet.cn} (${packet.cnName ?? 'unknown'}) carries no data`);
  }
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(packet.dataTime ?? '');
  if (m === null) {
    return refused('malformed', `DataTime "${packet.dataTime ?? ''}" is not YYYYMMDDhhmmss`);
  }
  const time = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  if (!Number.isFinite(time)) {
    return refused('malformed', `DataTime "${packet.dataTime ?? ''}" is not a date`);
  }
  const values: ReceivedValue[] = [];
  for (const factor of packet.factors) {
    const element = hj212Elements[factor.code];
    const value = factor.values[field];
    if (element !== undefined && value !== undefined) {
      values.push({ element, time, value, flag: factor.flag });
    }
  }
  return { ok: true, values, reply, store: true };
}
