import type { DecodeResult } from '#shared/protocols/common/decode-result';
import { fromHex } from '#shared/protocols/common/hex';
import { decodeHj212Packet } from '#shared/protocols/hj212/packet';
import { decodeModbusRequest } from '#shared/protocols/modbus/requests';
import { decodeModbusResponse } from '#shared/protocols/modbus/responses';
import { decodeNmeaLine } from '#shared/protocols/nmea/sentence';
import { decodeSl651Message } from '#shared/protocols/sl651/message';
import type { Szy206Edition } from '#shared/protocols/szy206/frame';
import { decodeSzy206Message, type Szy206Message } from '#shared/protocols/szy206/message';
import { CodedError } from '#shared/result';
import { printJson, type CliCommand, type CliIo } from '../io';

/**
 * `wrm decode <protocol> <frame>`: one frame to JSON for crews and scripts. Hex for the binary
 * protocols (spaces allowed, all remaining arguments joined), text for HJ 212 and NMEA. An invalid
 * frame exits 1 with `{ "error": … }` naming what is wrong.
 */
const usage = `usage: wrm decode <modbus-rtu|szy206|sl651|hj212|nmea> [--edition 2016|427] <frame>
  binary protocols take hex (spaces, colons and 0x allowed); hj212 and nmea take the text
  (a missing CR LF at the end of an HJ 212 packet is added; "\\r\\n" typed literally is understood).
`;

const protocols = ['modbus-rtu', 'szy206', 'sl651', 'hj212', 'nmea'] as const;
type Protocol = (typeof protocols)[number];

/** Bytes as hex strings in the JSON (scripts read them; arrays of numbers help nobody). */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Uint8Array
        ? Array.from(v, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')
        : v,
    ),
  ) as unknown;
}

const isChecksumProblem = (reason: string) => /^(CS|CRC) expected|checksum mismatch/.test(reason);

type Outcome =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: string; crcValid?: boolean };

function fromResult<T>(
  result: DecodeResult<T>,
  length: number,
  shape: (value: T) => Record<string, unknown>,
): Outcome {
  if (result.status === 'incomplete') {
    return {
      ok: false,
      error: `frame is incomplete: ${length} bytes given${result.needed === null ? '' : `, at least ${result.needed} more needed`}`,
    };
  }
  if (result.status === 'invalid') {
    return {
      ok: false,
      error: result.reason,
      ...(isChecksumProblem(result.reason) ? { crcValid: false } : {}),
    };
  }
  if (result.consumed < length) {
    return {
      ok: false,
      error: `${length - result.consumed} bytes after the end of the frame (frame is ${result.consumed} bytes)`,
    };
  }
  return { ok: true, value: { crcValid: true, ...shape(result.value) } };
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function szy206Shape(m: Szy206Message): Record<string, unknown> {
  return {
    edition: m.edition,
    direction: m.direction,
    afn: hex2(m.afn),
    afnName: m.afnName,
    address:
      m.address.mode === 'division'
        ? { division: m.address.division, station: m.address.station }
        : { stationCode: m.address.stationCode },
    control: m.control,
    dataKind: m.dataKind,
    splitCounter: m.splitCounter,
    body: m.body,
    password: m.password,
    timeLabel: m.timeLabel,
    checksum: hex2(m.checksum),
  };
}

function decodeSzy206(bytes: Uint8Array, edition: Szy206Edition | null): Outcome {
  const editions: Szy206Edition[] = edition === null ? ['szy206-2016', 'sl427-2021'] : [edition];
  let first: Outcome | null = null;
  for (const e of editions) {
    const outcome = fromResult(decodeSzy206Message(bytes, e), bytes.length, szy206Shape);
    if (outcome.ok) {
      return outcome;
    }
    first ??= outcome;
  }
  return first ?? { ok: false, error: 'no edition given' };
}

function decodeModbus(bytes: Uint8Array): Outcome {
  const asRequest = fromResult(decodeModbusRequest(bytes), bytes.length, (v) => ({ frame: 'request', ...v }));
  if (asRequest.ok) {
    return asRequest;
  }
  const asResponse = fromResult(decodeModbusResponse(bytes), bytes.length, (v) => ({
    frame: 'response',
    ...v,
  }));
  if (asResponse.ok) {
    return asResponse;
  }
  return {
    ...asRequest,
    error: `not a valid request (${asRequest.error}) nor response (${asResponse.error})`,
  };
}

function textFrame(text: string, protocol: 'hj212' | 'nmea'): string {
  const unescaped = text.replace(/\\r/g, '\r').replace(/\\n/g, '\n');
  return protocol === 'hj212' && !unescaped.endsWith('\r\n')
    ? `${unescaped.replace(/[\r\n]+$/, '')}\r\n`
    : unescaped;
}

export function decodeFrame(
  protocol: Protocol,
  frame: string,
  edition: Szy206Edition | null = null,
): Outcome {
  if (protocol === 'hj212') {
    const text = textFrame(frame, protocol);
    return fromResult(decodeHj212Packet(text), new TextEncoder().encode(text).length, (p) => ({ ...p }));
  }
  if (protocol === 'nmea') {
    const r = decodeNmeaLine(textFrame(frame, protocol));
    return r.status === 'ok'
      ? { ok: true, value: { crcValid: true, ...r.value } }
      : fromResult(r, frame.length, () => ({}));
  }
  let bytes: Uint8Array;
  try {
    bytes = fromHex(frame);
  } catch (error) {
    return { ok: false, error: error instanceof CodedError ? error.message : String(error) };
  }
  if (bytes.length === 0) {
    return { ok: false, error: 'no frame given' };
  }
  switch (protocol) {
    case 'modbus-rtu':
      return decodeModbus(bytes);
    case 'szy206':
      return decodeSzy206(bytes, edition);
    case 'sl651':
      return fromResult(decodeSl651Message(bytes), bytes.length, (m) => ({ ...m }));
  }
}

function fail(io: CliIo, message: string): number {
  io.stderr(`wrm decode: ${message}\n${usage}`);
  return 2;
}

export const decodeCommand: CliCommand = (args, io) => {
  const rest = [...args];
  let edition: Szy206Edition | null = null;
  const editionAt = rest.indexOf('--edition');
  if (editionAt >= 0) {
    const value = rest[editionAt + 1];
    if (value !== '2016' && value !== '427') {
      return Promise.resolve(fail(io, `--edition "${value ?? ''}" must be 2016 or 427`));
    }
    edition = value === '427' ? 'sl427-2021' : 'szy206-2016';
    rest.splice(editionAt, 2);
  }
  const [name, ...frameParts] = rest;
  if (name === undefined || name === '--help' || name === 'help') {
    io.stdout(usage);
    return Promise.resolve(name === undefined ? 2 : 0);
  }
  const protocol = protocols.find((p) => p === name);
  if (protocol === undefined) {
    return Promise.resolve(fail(io, `unknown protocol "${name}" (${protocols.join(', ')})`));
  }
  if (frameParts.length === 0) {
    return Promise.resolve(fail(io, 'no frame given'));
  }
  const outcome = decodeFrame(
    protocol,
    frameParts.join(protocol === 'hj212' || protocol === 'nmea' ? ' ' : ''),
    edition,
  );
  if (!outcome.ok) {
    printJson(io, { error: outcome.error, ...(outcome.crcValid === false ? { crcValid: false } : {}) });
    return Promise.resolve(1);
  }
  printJson(io, jsonSafe({ protocol, ...outcome.value }));
  return Promise.resolve(0);
};
