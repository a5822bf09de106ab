import { decoded, incomplete, invalid, type DecodeResult } from '../common/decode-result';
import { hex4 } from '../common/hex';
import { CodedError } from '../../result';
import { hj212CommandNames, hj212DataFlags, hj212Factor, hj212SystemNames } from './codes';
import { crcHj212, crcHj212Text } from './crc';
import { detectHj212Edition, type Hj212EditionInfo } from './edition';

/**
 * HJ 212-2017 packet: `##` + 4-digit segment length + data segment + 4 hex CRC (appendix A procedure)
 * + CR LF. The segment is `QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;CP=&&…&&`. Decodes from text or bytes
 * (UTF-8; lengths and `consumed` count bytes, which for ASCII text are its characters).
 */
export type Hj212Flag = {
  readonly raw: number;
  /** V5…V0: 0 = HJ/T 212-2005, 1 = HJ 212-2017, 2 = HJ 212-2025 (2025 per public implementations [L–M]). */
  readonly version: number;
  /** D: the packet carries PNUM/PNO (split). */
  readonly split: boolean;
  /** A: the receiver must answer. */
  readonly ackRequired: boolean;
};

export type Hj212FactorValues = {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  /** Rtd, Avg, Min, Max, Cou … as numbers (text that is not a number is kept in `text`). */
  readonly values: Readonly<Record<string, number>>;
  readonly text: Readonly<Record<string, string>>;
  readonly flag: string | null;
  readonly flagName: string | null;
};

export type Hj212Packet = {
  readonly segmentLength: number;
  readonly crc: number;
  readonly qn: string | null;
  readonly st: string | null;
  readonly stName: string | null;
  readonly cn: string;
  readonly cnName: string | null;
  readonly pw: string | null;
  readonly mn: string | null;
  readonly flag: Hj212Flag | null;
  readonly pnum: number | null;
  readonly pno: number | null;
  /** HJ 212-2025 `RF` (1 = 补传 re-sent message) [L–M]; null when absent (always in 2017). */
  readonly rf: number | null;
  /** The data area is SM4-encrypted `{0x…}` text (2025 [L–M]): its fields are not read (no key here). */
  readonly encryptedCp: boolean;
  /** Which edition the packet speaks and why (see edition.ts). */
  readonly edition: Hj212EditionInfo;
  /** CP keys that are not per-factor (DataTime, RtdInterval, QnRtn, ExeRtn …). */
  readonly cpFields: Readonly<Record<string, string>>;
  readonly dataTime: string | null;
  readonly factors: readonly Hj212FactorValues[];
  readonly segment: string;
};

const maxSegment = 9999;

function latin1(input: Uint8Array): string {
  // latin1 view: one character per byte, so indexes and `consumed` stay byte counts.
  let out = '';
  for (const b of input) {
    out += String.fromCharCode(b);
  }
  return out;
}

/** Splits `key=value` items of the data area; values of one item are separated by `,`, items by `;`. */
function parseCp(cp: string): { fields: Record<string, string>; factors: Hj212FactorValues[] } | string {
  const fields: Record<string, string> = {};
  const byCode = new Map<
    string,
    { values: Record<string, number>; text: Record<string, string>; flag: string | null }
  >();
  for (const part of cp.split(/[;,]/)) {
    if (part === '') {
      continue;
    }
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return `CP item "${part.slice(0, 40)}" is not key=value`;
    }
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    const dash = key.indexOf('-');
    if (dash <= 0) {
      fields[key] = value;
      continue;
    }
    const code = key.slice(0, dash);
    const sub = key.slice(dash + 1);
    const entry = byCode.get(code) ?? { values: {}, text: {}, flag: null };
    byCode.set(code, entry);
    if (sub === 'Flag') {
      entry.flag = value;
    } else if (value !== '' && Number.isFinite(Number(value))) {
      entry.values[sub] = Number(value);
    } else {
      entry.text[sub] = value;
    }
  }
  const factors = [...byCode].map(([code, e]) => {
    const info = hj212Factor(code);
    return {
      code,
      name: info.name,
      unit: info.unit,
      values: e.values,
      text: e.text,
      flag: e.flag,
      flagName: e.flag === null ? null : (hj212DataFlags[e.flag] ?? '未知标记'),
    };
  });
  return { fields, factors };
}

function parseSegment(segment: string): Omit<Hj212Packet, 'segmentLength' | 'crc'> | string {
  const cpAt = segment.indexOf('CP=&&');
  if (cpAt < 0) {
    return 'data segment has no CP=&&…&& data area';
  }
  const cpEnd = segment.lastIndexOf('&&');
  if (cpEnd < cpAt + 5) {
    return 'CP data area is not closed with &&';
  }
  const head: Record<string, string> = {};
  for (const part of segment.slice(0, cpAt).split(';')) {
    if (part === '') {
      continue;
    }
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return `segment field "${part.slice(0, 40)}" is not key=value`;
    }
    head[part.slice(0, eq)] = part.slice(eq + 1);
  }
  const cn = head.CN;
  if (cn === undefined || !/^\d{1,4}$/.test(cn)) {
    return cn === undefined
      ? 'data segment has no CN command code'
      : `CN "${cn}" is not a number of up to 4 digits`;
  }
  if (head.QN !== undefined && !/^\d{17}$/.test(head.QN)) {
    return `QN "${head.QN}" is not 17 digits (YYYYMMDDhhmmsszzz)`;
  }
  let flag: Hj212Flag | null = null;
  if (head.Flag !== undefined) {
    const raw = Number(head.Flag);
    if (!/^\d{1,3}$/.test(head.Flag) || raw > 255) {
      return `Flag "${head.Flag}" is not a number 0–255`;
    }
    flag = { raw, version: raw >>> 2, split: (raw & 2) !== 0, ackRequired: (raw & 1) !== 0 };
  }
  const cpText = segment.slice(cpAt + 5, cpEnd);
  const encryptedCp = /^\{0x[0-9A-Fa-f]*\}$/.test(cpText);
  const cp = encryptedCp ? { fields: {}, factors: [] } : parseCp(cpText);
  if (typeof cp === 'string') {
    return cp;
  }
  const num = (v: string | undefined) => (v === undefined || !/^\d+$/.test(v) ? null : Number(v));
  return {
    qn: head.QN ?? null,
    st: head.ST ?? null,
    stName: head.ST === undefined ? null : (hj212SystemNames[head.ST] ?? null),
    cn,
    cnName: hj212CommandNames[cn] ?? null,
    pw: head.PW ?? null,
    mn: head.MN ?? null,
    flag,
    pnum: num(head.PNUM),
    pno: num(head.PNO),
    rf: num(head.RF),
    encryptedCp,
    edition: detectHj212Edition({
      flag: flag?.raw ?? null,
      cn,
      st: head.ST ?? null,
      rf: head.RF ?? null,
      encryptedCp,
    }),
    cpFields: cp.fields,
    dataTime: cp.fields.DataTime ?? null,
    factors: cp.factors,
    segment,
  };
}

/** Decodes the packet at the start of the input; names what is wrong (header, length, CRC, CR LF, fields). */
export function decodeHj212Packet(input: string | Uint8Array): DecodeResult<Hj212Packet> {
  // Text is taken as UTF-8 bytes: the length field counts what goes on the wire (same as characters for ASCII).
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const text = latin1(bytes);
  if (text.length === 0) {
    return incomplete(12);
  }
  if (!text.startsWith('##')) {
    if (text === '#') {
      return incomplete(1);
    }
    // Resync on the next ## — or on a final # that may be the first half of one.
    const next = text.indexOf('##', 1);
    return invalid(
      `packet header expected ##, found ${JSON.stringify(text.slice(0, 2))}`,
      next >= 0 ? next : text.endsWith('#') ? text.length - 1 : text.length,
    );
  }
  if (text.length < 6) {
    return /^##\d*$/.test(text)
      ? incomplete(6 - text.length)
      : invalid(`length field ${JSON.stringify(text.slice(2, 6))} is not 4 digits`, 2);
  }
  const lengthField = text.slice(2, 6);
  if (!/^\d{4}$/.test(lengthField)) {
    return invalid(`length field ${JSON.stringify(lengthField)} is not 4 digits`, 2);
  }
  const length = Number(lengthField);
  const total = 6 + length + 6;
  const crlf = text.indexOf('\r\n', 6);
  if (crlf >= 0 && crlf !== 6 + length + 4) {
    return invalid(
      `length field says ${lengthField} but segment is ${Math.max(0, crlf - 10)} characters`,
      crlf + 2,
    );
  }
  if (text.length < total) {
    return incomplete(total - text.length);
  }
  if (crlf < 0) {
    return invalid(
      `packet end expected CR LF after ${total - 2} characters, found ${JSON.stringify(text.slice(total - 2, total))}`,
      2,
    );
  }
  const crcText = text.slice(6 + length, 6 + length + 4);
  if (!/^[0-9A-Fa-f]{4}$/.test(crcText)) {
    return invalid(`CRC field ${JSON.stringify(crcText)} is not 4 hex digits`, total);
  }
  const segmentBytes = bytes.slice(6, 6 + length);
  const expected = crcHj212(segmentBytes);
  const found = Number.parseInt(crcText, 16);
  if (expected !== found) {
    return invalid(`CRC expected ${hex4(expected)}, found ${crcText.toUpperCase()}`, total, {
      kind: 'crc-mismatch',
    });
  }
  const parsed = parseSegment(new TextDecoder().decode(segmentBytes));
  if (typeof parsed === 'string') {
    return invalid(parsed, total);
  }
  return decoded({ segmentLength: length, crc: found, ...parsed }, total);
}

export type Hj212PacketInput = {
  readonly qn?: string;
  readonly st: string;
  readonly cn: string;
  readonly pw: string;
  readonly mn: string;
  readonly flag?: number;
  /** A split message: packet count and this packet's number (1-based), written after Flag. */
  readonly pnum?: number;
  readonly pno?: number;
  /** HJ 212-2025 补传 mark `RF=1`, written after PNUM/PNO (2025 only [L–M]). */
  readonly rf?: 1;
  /** The data area between CP=&& and && as text. */
  readonly cp: string;
};

/** Builds the whole packet text with length, CRC and CR LF. Throws `invalid-argument` when too long. */
export function encodeHj212Packet(input: Hj212PacketInput): string {
  const segment = [
    ...(input.qn === undefined ? [] : [`QN=${input.qn}`]),
    `ST=${input.st}`,
    `CN=${input.cn}`,
    `PW=${input.pw}`,
    `MN=${input.mn}`,
    ...(input.flag === undefined ? [] : [`Flag=${input.flag}`]),
    ...(input.pnum === undefined ? [] : [`PNUM=${input.pnum}`]),
    ...(input.pno === undefined ? [] : [`PNO=${input.pno}`]),
    ...(input.rf === undefined ? [] : [`RF=${input.rf}`]),
    `CP=&&${input.cp}&&`,
  ].join(';');
  const length = new TextEncoder().encode(segment).length;
  if (length > maxSegment) {
    throw new CodedError(
      'invalid-argument',
      `data segment of ${length} characters does not fit the 4-digit length`,
    );
  }
  return `##${String(length).padStart(4, '0')}${segment}${hex4(crcHj212Text(segment))}\r\n`;
}
