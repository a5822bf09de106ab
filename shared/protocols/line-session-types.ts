import type { ByteLink, Timers } from './common/byte-link';
import type { DecodeResult } from './common/decode-result';
import type { Result } from '../result';

/**
 * One entry of the line's record: every chunk in and out as it crossed the link. Entries with `dropped`
 * repeat received bytes already recorded and say why they were thrown away (noise, bad CRC, stale).
 */
export type LineRecord = {
  readonly at: number;
  readonly direction: 'tx' | 'rx';
  readonly hex: string;
  /** Set when these received bytes were dropped: why (bad CRC, no request in flight, stale …). */
  readonly dropped?: string;
};

export type LineSessionOptions = {
  readonly link: ByteLink;
  readonly timers?: Timers;
  /** Reply timeout when a transaction names none (ms, default 1000). */
  readonly defaultTimeoutMs?: number;
  /**
   * Quiet time after a frame was rejected (bad CRC, wrong unit) before the transaction fails with that
   * reason instead of waiting for the whole timeout (ms, default 30); also the quiet time after which a
   * half frame in listen mode is dropped.
   */
  readonly settleMs?: number;
  /** Silence kept between the end of one transaction and the next request (ms, default 0). */
  readonly frameGapMs?: number;
  /** Oldest records are forgotten beyond this many (default 10 000). */
  readonly maxRecords?: number;
  readonly onRecord?: (record: LineRecord) => void;
  /** High-resolution clock (ms) for the overhead figures; defaults to `timers.now`. */
  readonly clock?: () => number;
};

export type TransactionOptions<T> = {
  /** Decodes the reply at the start of the bytes received since the request went out. */
  readonly decode: (bytes: Uint8Array) => DecodeResult<T>;
  readonly timeoutMs?: number;
};

export type PendingTransaction<T> = {
  readonly result: Promise<Result<T>>;
  /** Gives up: a queued transaction never goes out; one in flight stops waiting ('cancelled'). */
  cancel(reason?: string): void;
};

/** Where the time of transactions went: in our code (busy) against the whole exchange (wall). */
export type LineOverhead = {
  readonly transactions: number;
  /** Mean ms per transaction spent running session and decoder code. */
  readonly meanBusyMs: number;
  /** Mean ms from the request going out to its reply being decoded (device, OS and driver time). */
  readonly meanWaitMs: number;
  /** Mean ms from the transaction starting to its result. */
  readonly meanWallMs: number;
};

export type LineSession = {
  start<T>(request: Uint8Array, options: TransactionOptions<T>): PendingTransaction<T>;
  transact<T>(request: Uint8Array, options: TransactionOptions<T>): Promise<Result<T>>;
  /** Sends bytes that get no reply (broadcast), in turn with transactions. */
  send(bytes: Uint8Array): Promise<Result<void>>;
  /** Decodes frames that arrive with no request in flight (self-reports) and hands them over. */
  listen<T>(
    decode: (bytes: Uint8Array) => DecodeResult<T>,
    onFrame: (value: T, raw: Uint8Array, at: number) => void,
  ): () => void;
  records(): readonly LineRecord[];
  clearRecords(): void;
  overhead(): LineOverhead;
  resetOverhead(): void;
  readonly closed: () => boolean;
  /** Cancels everything pending and closes the link. */
  close(): Promise<void>;
};
