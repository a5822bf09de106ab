import type { DecodeResult } from '#shared/protocols/common/decode-result';
import type {
  ListenedFrame,
  ListenProtocol,
  Szy206Answer,
  Szy206Query,
} from '#shared/host/contract/diagnostics';
import { CodedError } from '#shared/result';

export type RtuAddress = { readonly division: string; readonly station: number };
export type Szy206Dialect = 'szy206-2016' | 'sl427-2021';

/** SZY206 / SL/T 427 queries as the diagnostics service needs them (built on the shared codec). */
export type Szy206Protocol = {
  encodeQuery(query: Szy206Query, address: RtuAddress, dialect: Szy206Dialect, now: number): Uint8Array;
  encodeSetClock(address: RtuAddress, dialect: Szy206Dialect, time: number, password: string): Uint8Array;
  decodeAnswer(
    query: Szy206Query,
    bytes: Uint8Array,
    dialect: Szy206Dialect,
    address: RtuAddress,
    now: number,
  ): DecodeResult<Szy206Answer>;
};

/** Self-report decoders for listen mode: a burst of bytes in, the frames found in it out. */
export type ListenDecoders = {
  decode(protocol: ListenProtocol, bytes: Uint8Array, at: number): ListenedFrame[];
};

/** Until a codec is wired, calls fail with a named error instead of guessing at frames. */
export const unavailableSzy206: Szy206Protocol = {
  encodeQuery: () => {
    throw new CodedError('unavailable', 'the SZY206 codec is not part of this build');
  },
  encodeSetClock: () => {
    throw new CodedError('unavailable', 'the SZY206 codec is not part of this build');
  },
  decodeAnswer: () => ({ status: 'invalid', reason: 'the SZY206 codec is not part of this build', skip: 1 }),
};

/** Listen mode without a decoder for the protocol: every burst is shown as raw hex, marked undecoded. */
export const rawListenDecoders: ListenDecoders = {
  decode: (protocol, bytes, at) => [
    {
      at,
      protocol,
      ok: false,
      summary: `${bytes.length} bytes (no ${protocol} decoder)`,
      hex: Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' '),
      values: [],
    },
  ],
};
