import { createNmeaLineSplitter, NmeaError, parseNmeaLine } from '#shared/geo/nmea-position';
import { gnssBaudRates, type GnssStatus } from '#shared/host/contract/gnss';
import type { HostEventSink, HostHandlers } from '#shared/host/dispatch';
import { CodedError } from '#shared/result';

/** One open serial port as the GNSS reader needs it (the node implementation wraps `serialport`). */
export type SerialLink = {
  onData(listener: (chunk: Uint8Array) => void): void;
  onClose(listener: (error: Error | null) => void): void;
  close(): Promise<void>;
};

export type GnssServiceDeps = {
  readonly openLink: (path: string, baudRate: number) => Promise<SerialLink>;
  readonly emit: HostEventSink;
  readonly now?: () => number;
  /** How long one baud rate is listened to before auto-detection moves on, and before a quiet port is reported. */
  readonly probeMs?: number;
};

type GnssMethod = Extract<keyof HostHandlers, `gnss.${string}`>;

const off: GnssStatus = {
  state: 'off',
  path: null,
  baudRate: null,
  sentences: 0,
  garbageBytes: 0,
  message: null,
};

/** The opener's coded error as it is (its cause came from the OS's error number), else an io error. */
function openFailure(path: string, baudRate: number, error: unknown): CodedError {
  if (error instanceof CodedError) {
    return error;
  }
  const text = error instanceof Error ? error.message : String(error);
  return new CodedError('io', `cannot open ${path} at ${baudRate} bps: ${text}`, {
    kind: 'open-failed',
    path,
  });
}

/**
 * Reads NMEA from a receiver: GGA and RMC become fixes, everything else is counted. A receiver at the
 * wrong baud rate, or a device that is not a receiver, shows up as bytes that never form a sentence,
 * and the status says so in words.
 */
export function createGnssService(
  deps: GnssServiceDeps,
): Pick<HostHandlers, GnssMethod> & { readonly close: () => Promise<void> } {
  const now = deps.now ?? Date.now;
  const probeMs = deps.probeMs ?? 2500;
  let status: GnssStatus = off;
  let link: SerialLink | null = null;
  let generation = 0;
  let watchdog: ReturnType<typeof setTimeout> | null = null;

  const publish = (next: GnssStatus) => {
    const changed =
      next.state !== status.state ||
      next.message !== status.message ||
      next.path !== status.path ||
      next.baudRate !== status.baudRate;
    status = next;
    if (changed) {
      deps.emit('gnss.status', status);
    }
  };

  const stop = async () => {
    generation += 1;
    if (watchdog !== null) {
      clearTimeout(watchdog);
      watchdog = null;
    }
    const current = link;
    link = null;
    await current?.close().catch(() => undefined);
    publish(off);
  };

  /** Listens on an open link; resolves how many valid sentences arrived within `probeMs` (for auto-baud). */
  const attach = (l: SerialLink, path: string, baudRate: number, gen: number) => {
    const splitter = createNmeaLineSplitter();
    let sentences = 0;
    let invalidBytes = 0;
    let lastProblem: string | null = null;
    const garbage = () => splitter.garbageBytes + invalidBytes;
    l.onData((chunk) => {
      if (gen !== generation) {
        return;
      }
      for (const line of splitter.push(chunk)) {
        try {
          const parsed = parseNmeaLine(line);
          sentences += 1;
          if (parsed.kind === 'fix') {
            const f = parsed.fix;
            deps.emit('gnss.fix', {
              lat: f.position.lat,
              lng: f.position.lng,
              accuracyM: f.accuracyM,
              quality: f.quality,
              satellites: f.satellites,
              utcTime: f.utcTime,
              at: now(),
            });
            publish({ state: 'fix', path, baudRate, sentences, garbageBytes: garbage(), message: null });
          } else if (parsed.kind === 'no-fix') {
            publish({ state: 'no-fix', path, baudRate, sentences, garbageBytes: garbage(), message: null });
          }
        } catch (error) {
          if (!(error instanceof NmeaError)) {
            throw error;
          }
          invalidBytes += line.length;
          lastProblem = error.message;
        }
      }
      status = { ...status, sentences, garbageBytes: garbage() };
    });
    l.onClose((error) => {
      if (gen === generation) {
        link = null;
        publish({
          ...status,
          state: 'error',
          message: `the port ${path} closed${error ? `: ${error.message}` : ''} — is the receiver unplugged?`,
        });
      }
    });
    return {
      sentences: () => sentences,
      garbage,
      quietMessage: () =>
        `no NMEA sentences from ${path} at ${baudRate} bps${garbage() > 0 ? ` (${garbage()} bytes that were not NMEA${lastProblem ? `; last: ${lastProblem}` : ''})` : ''} — wrong baud rate, or not a GNSS receiver?`,
    };
  };

  const open = async (path: string, baudRate: number): Promise<SerialLink> => {
    try {
      return await deps.openLink(path, baudRate);
    } catch (error) {
      throw openFailure(path, baudRate, error);
    }
  };

  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  return {
    'gnss.start': async ({ path, baudRate }) => {
      await stop();
      const gen = generation;
      if (baudRate !== 'auto') {
        const l = await open(path, baudRate);
        link = l;
        const probe = attach(l, path, baudRate, gen);
        publish({ state: 'searching', path, baudRate, sentences: 0, garbageBytes: 0, message: null });
        watchdog = setTimeout(() => {
          if (gen === generation && probe.sentences() === 0) {
            publish({ ...status, state: 'error', message: probe.quietMessage() });
          }
        }, probeMs * 2);
        return status;
      }
      let garbage = 0;
      for (const rate of gnssBaudRates) {
        publish({
          state: 'searching',
          path,
          baudRate: rate,
          sentences: 0,
          garbageBytes: garbage,
          message: null,
        });
        const l = await open(path, rate);
        link = l;
        const probe = attach(l, path, rate, gen);
        const until = now() + probeMs;
        while (now() < until && probe.sentences() < 2 && gen === generation && link === l) {
          await wait(50);
        }
        if (gen !== generation) {
          return status;
        }
        if (probe.sentences() >= 2) {
          return status;
        }
        garbage += probe.garbage();
        link = null;
        await l.close().catch(() => undefined);
      }
      generation += 1;
      const message = `no NMEA sentences from ${path} at any of ${gnssBaudRates.join(', ')} bps${garbage > 0 ? ` (${garbage} bytes that were not NMEA)` : ''} — is this a GNSS receiver?`;
      publish({ state: 'error', path, baudRate: null, sentences: 0, garbageBytes: garbage, message });
      throw new CodedError('protocol', message);
    },
    'gnss.stop': async () => {
      await stop();
      return status;
    },
    'gnss.status': () => status,
    close: stop,
  };
}
