import type { Szy206Message } from './message';
import { decodeSzy206Message } from './message';
import type { DecodeResult } from '../common/decode-result';
import type { Szy206Address, Szy206Edition } from './frame';

/**
 * Pairs an answer with the query that asked for it: an uplink frame from the same terminal with the
 * same AFN (and, for B0H, the same data kind). A frame that fails this is another station's traffic
 * or a self-report arriving in between, not the answer.
 */
export function sameSzy206Address(a: Szy206Address, b: Szy206Address): boolean {
  if (a.mode === 'division' && b.mode === 'division') {
    return a.division === b.division && a.station === b.station;
  }
  if (a.mode === 'station-code' && b.mode === 'station-code') {
    return a.stationCode.toUpperCase() === b.stationCode.toUpperCase();
  }
  return false;
}

export type Szy206Expectation = {
  readonly address: Szy206Address;
  /** The AFN(s) that answer: a set-clock (11H) is answered with 11H, a clock query with 51H. */
  readonly afn: number | readonly number[];
  /** B0H: the data kind asked for. */
  readonly functionCode?: number;
};

/** Why `reply` is not the answer expected, or null when it is. */
export function szy206ReplyMismatch(expect: Szy206Expectation, reply: Szy206Message): string | null {
  if (reply.direction !== 'up') {
    return 'frame is downlink (DIR=0), not a terminal answer';
  }
  if (!sameSzy206Address(expect.address, reply.address)) {
    const shown =
      reply.address.mode === 'division'
        ? `${reply.address.division}/${reply.address.station}`
        : reply.address.stationCode;
    return `answer from another terminal (${shown})`;
  }
  const afns = typeof expect.afn === 'number' ? [expect.afn] : expect.afn;
  if (!afns.includes(reply.afn)) {
    const hex = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
    return `answer has AFN ${hex(reply.afn)}, expected ${afns.map(hex).join(' or ')}`;
  }
  if (expect.functionCode !== undefined && reply.control.functionCode !== expect.functionCode) {
    return `answer carries data kind ${reply.control.functionCode}, expected ${expect.functionCode}`;
  }
  return null;
}

/** A decoder for a transaction: frames that decode but answer something else are `invalid` with the reason. */
export function szy206ReplyDecoder(
  expect: Szy206Expectation,
  edition: Szy206Edition,
): (bytes: Uint8Array) => DecodeResult<Szy206Message> {
  return (bytes) => {
    const result = decodeSzy206Message(bytes, edition);
    if (result.status !== 'ok') {
      return result;
    }
    const mismatch = szy206ReplyMismatch(expect, result.value);
    return mismatch === null ? result : { status: 'invalid', reason: mismatch, skip: result.consumed };
  };
}
