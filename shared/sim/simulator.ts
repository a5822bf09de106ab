import type { ByteLink } from '../protocols/common/byte-link';

/** Faults a simulator can be told to show, for tests, benchmarks and crew training. */
export const simulatorFaults = [
  'none',
  'silent', // never answers
  'bad-crc', // answers with a wrong checksum
  'wrong-address', // answers as another unit / station
  'exception', // Modbus: exception reply; water protocols: a negative or error reply
  'slow', // answers after the configured delay
  'garbage', // sends noise bytes before (and sometimes instead of) the answer
] as const;
export type SimulatorFault = (typeof simulatorFaults)[number];

/**
 * A simulated device: it is fed what arrives on its line and says what to send back. Pure over bytes;
 * `runSimulator` (shared/sim/run-simulator.ts) puts one on a ByteLink with faults and delays.
 */
export type Simulator = {
  readonly name: string;
  /** Bytes received since the last complete request; returns replies to send, in order (may be none). */
  receive(chunk: Uint8Array, now: number): readonly Uint8Array[];
  /** Frames the device sends on its own (self-reports, real-time data) when `now` has come; optional. */
  unsolicited?(now: number): readonly Uint8Array[];
};

export type RunningSimulator = {
  readonly link: ByteLink;
  stop(): Promise<void>;
};
