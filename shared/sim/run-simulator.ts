import type { ByteLink, Timers } from '../protocols/common/byte-link';
import { systemTimers } from '../protocols/common/byte-link';
import type { RunningSimulator, Simulator, SimulatorFault } from './simulator';

/** The faults whose bytes depend on the protocol (checksum place, address field, error reply). */
export type ProtocolFault = 'bad-crc' | 'wrong-address' | 'exception';

/**
 * A simulator that knows how to show protocol faults on its own replies. Without `withFault` the
 * runner falls back to generic damage: bad-crc flips the last byte, wrong-address flips the first,
 * exception sends the reply unchanged.
 */
export type FaultAwareSimulator = Simulator & {
  withFault?(reply: Uint8Array, fault: ProtocolFault): Uint8Array;
};

export type SimulatorTrafficEvent = {
  readonly at: number;
  readonly direction: 'rx' | 'tx';
  readonly bytes: Uint8Array;
  /** Set on tx bytes that are injected noise rather than a reply. */
  readonly noise?: boolean;
};

export type RunSimulatorOptions = {
  readonly timers?: Timers;
  readonly fault?: SimulatorFault;
  /** Reply delay for the 'slow' fault, in ms (default 1000). */
  readonly slowDelayMs?: number;
  /** How often `unsolicited(now)` is polled, in ms (default 100); 0 turns unsolicited frames off. */
  readonly unsolicitedTickMs?: number;
  /** Seed of the noise generator for the 'garbage' fault, so runs repeat. */
  readonly seed?: number;
  /** Every byte in and out, for the `wrm sim` log and tests. */
  readonly onTraffic?: (event: SimulatorTrafficEvent) => void;
  /** A write failed (the link vanished): the runner stops itself and reports why. */
  readonly onError?: (error: Error) => void;
};

export type SimulatorRun = RunningSimulator & {
  readonly fault: () => SimulatorFault;
  setFault(fault: SimulatorFault, slowDelayMs?: number): void;
  /** Replies sent, replies held back (silent), noise bursts: counters for tests and the sim log. */
  readonly stats: () => { readonly requests: number; readonly replies: number; readonly suppressed: number };
};

/** xorshift32: small deterministic noise, enough to make 'garbage' reproducible. */
function noiseGenerator(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0 || 0x9e3779b9;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}

function genericFault(reply: Uint8Array, fault: ProtocolFault): Uint8Array {
  const copy = reply.slice();
  if (copy.length === 0 || fault === 'exception') {
    return copy;
  }
  const index = fault === 'bad-crc' ? copy.length - 1 : 0;
  copy[index] = (copy[index] ?? 0) ^ 0xff;
  return copy;
}

/**
 * Puts any Simulator on a ByteLink: feeds it what arrives, writes its replies in order with the
 * configured fault, and polls its unsolicited frames on a timer. `stop` detaches from the link (it
 * does not close it: whoever opened the link closes it).
 */
export function runSimulator(
  simulator: FaultAwareSimulator,
  link: ByteLink,
  options: RunSimulatorOptions = {},
): SimulatorRun {
  const timers = options.timers ?? systemTimers;
  const noise = noiseGenerator(options.seed ?? 1);
  let fault: SimulatorFault = options.fault ?? 'none';
  let slowDelayMs = options.slowDelayMs ?? 1000;
  let stopped = false;
  let requests = 0;
  let replies = 0;
  let suppressed = 0;
  const pending = new Set<unknown>();
  let writeChain: Promise<void> = Promise.resolve();

  const send = (bytes: Uint8Array, isNoise = false) => {
    writeChain = writeChain.then(async () => {
      if (stopped) {
        return;
      }
      options.onTraffic?.({ at: timers.now(), direction: 'tx', bytes, ...(isNoise ? { noise: true } : {}) });
      try {
        await link.write(bytes);
      } catch (error) {
        stop();
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    });
  };

  const later = (fn: () => void, ms: number) => {
    const handle = timers.setTimeout(() => {
      pending.delete(handle);
      if (!stopped) {
        fn();
      }
    }, ms);
    pending.add(handle);
  };

  const deliver = (reply: Uint8Array) => {
    switch (fault) {
      case 'none':
        replies += 1;
        send(reply);
        return;
      case 'silent':
        suppressed += 1;
        return;
      case 'bad-crc':
      case 'wrong-address':
      case 'exception':
        replies += 1;
        send(simulator.withFault?.(reply, fault) ?? genericFault(reply, fault));
        return;
      case 'slow':
        replies += 1;
        later(() => send(reply), slowDelayMs);
        return;
      case 'garbage': {
        // Noise before the reply; every third reply drowns in it entirely.
        send(noise(3 + (requests % 6)), true);
        if (requests % 3 === 0) {
          suppressed += 1;
        } else {
          replies += 1;
          send(reply);
        }
      }
    }
  };

  const removeData = link.onData((chunk) => {
    if (stopped) {
      return;
    }
    const now = timers.now();
    options.onTraffic?.({ at: now, direction: 'rx', bytes: chunk });
    let replies: readonly Uint8Array[];
    try {
      replies = simulator.receive(chunk, now);
    } catch (error) {
      // A simulator bug must not take the port's event loop down with it: report and keep serving.
      options.onError?.(
        new Error(`simulator ${simulator.name} failed on ${chunk.length} bytes: ${String(error)}`),
      );
      return;
    }
    for (const reply of replies) {
      requests += 1;
      deliver(reply);
    }
  });
  const removeClose = link.onClose(() => stop());

  const tickMs = options.unsolicitedTickMs ?? 100;
  const tick = () => {
    for (const frame of simulator.unsolicited?.(timers.now()) ?? []) {
      if (fault !== 'silent') {
        send(frame);
      }
    }
    later(tick, tickMs);
  };
  if (simulator.unsolicited !== undefined && tickMs > 0) {
    later(tick, tickMs);
  }

  function stop(): void {
    if (stopped) {
      return;
    }
    stopped = true;
    removeData();
    removeClose();
    for (const handle of pending) {
      timers.clearTimeout(handle);
    }
    pending.clear();
  }

  return {
    link,
    fault: () => fault,
    setFault: (next, delayMs) => {
      fault = next;
      if (delayMs !== undefined) {
        slowDelayMs = delayMs;
      }
    },
    stats: () => ({ requests, replies, suppressed }),
    stop: async () => {
      stop();
      await writeChain;
    },
  };
}
