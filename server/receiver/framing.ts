import { decoded, incomplete, invalid, type DecodeResult } from '#shared/protocols/common/decode-result';
import { decodeHj212Packet } from '#shared/protocols/hj212/index';
import { decodeSl651Frame } from '#shared/protocols/sl651/index';
import { decodeSzy206Frame } from '#shared/protocols/szy206/index';

/**
 * Framing of the receiver's byte stream, told apart by each frame's first bytes: `68` SZY206 / SL/T
 * 427, `7E 7E` SL651 (HEX/BCD), `01` SL651 ASCII, `##` HJ 212. The existing codecs frame and check
 * each; this only picks the codec and classifies what it refuses, so a stream reader keeps every byte
 * either in a frame or in a quarantined piece with a reason.
 */
export type FrameFamily = 'szy206' | 'sl651' | 'hj212';

/** Why bytes were not taken as a frame (the quarantine's reason codes). */
export type QuarantineReason = 'unknown-station' | 'crc-mismatch' | 'malformed' | 'oversize' | 'unsupported';

export type Framed = { readonly family: FrameFamily; readonly bytes: Uint8Array };

/** Bytes that may begin a frame of one of the protocols. */
const startBytes = [0x68, 0x7e, 0x23, 0x01];

function nextStart(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i += 1) {
    if (startBytes.includes(bytes[i] ?? -1)) {
      return i;
    }
  }
  return bytes.length;
}

/** An invalid result whose reason starts with its quarantine code (`crc-mismatch: …`). */
function refuse<T>(code: QuarantineReason, reason: string, skip: number): DecodeResult<T> {
  return invalid(`${code}: ${reason}`, skip);
}

/** The quarantine code of a `dropped` piece (what `refuse` put in front of its reason). */
export function quarantineReasonOf(reason: string): { code: QuarantineReason; detail: string } {
  const at = reason.indexOf(': ');
  const code = reason.slice(0, at) as QuarantineReason;
  const known: readonly string[] = [
    'unknown-station',
    'crc-mismatch',
    'malformed',
    'oversize',
    'unsupported',
  ];
  return known.includes(code)
    ? { code, detail: reason.slice(at + 2) }
    : { code: 'malformed', detail: reason };
}

function classify<T>(
  result: DecodeResult<T>,
  family: FrameFamily,
  bytes: Uint8Array,
  crcFrameLength: () => number,
): DecodeResult<Framed> {
  if (result.status === 'incomplete') {
    return result;
  }
  if (result.status === 'ok') {
    return decoded({ family, bytes: bytes.slice(0, result.consumed) }, result.consumed);
  }
  if (result.cause?.kind === 'crc-mismatch') {
    // The frame was delimited whole (length and end byte held); keep all of it as the evidence.
    return refuse('crc-mismatch', result.reason, crcFrameLength());
  }
  return refuse('malformed', result.reason, nextStart(bytes, Math.max(1, result.skip)));
}

/** One frame (or one refused piece) at the start of `bytes`, of whichever protocol its first bytes say. */
export function decodeReceiverFrame(bytes: Uint8Array): DecodeResult<Framed> {
  if (bytes.length === 0) {
    return incomplete(1);
  }
  const first = bytes[0] ?? 0;
  if (first === 0x68) {
    return classify(decodeSzy206Frame(bytes), 'szy206', bytes, () => (bytes[1] ?? 0) + 5);
  }
  if (first === 0x7e) {
    return classify(
      decodeSl651Frame(bytes),
      'sl651',
      bytes,
      () => ((((bytes[11] ?? 0) & 0x0f) << 8) | (bytes[12] ?? 0)) + 17,
    );
  }
  if (first === 0x23) {
    return classify(decodeHj212Packet(bytes), 'hj212', bytes, () => Number(latinSlice(bytes, 2, 6)) + 12);
  }
  if (first === 0x01) {
    // SL651 ASCII mode: no verified frame to build a codec on (protocols.md 4.2); kept, not parsed.
    return refuse(
      'unsupported',
      'SL651 ASCII frame (SOH 01), not decoded by this receiver',
      nextStart(bytes, 1),
    );
  }
  return refuse(
    'malformed',
    `no frame starts with 0x${first.toString(16).padStart(2, '0')}`,
    nextStart(bytes, 1),
  );
}

function latinSlice(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.slice(from, to));
}
