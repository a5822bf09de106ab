import { detectPlan, summarizeDetect } from '#shared/diagnostics/auto-detect';
import { readMeterProfile } from '#shared/diagnostics/read-profile';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { DiagnosticsLineState, ListenProtocol } from '#shared/host/contract/diagnostics';
import type { HostEventSink, HostHandlers } from '#shared/host/dispatch';
import { systemTimers, type ByteLink, type Timers } from '#shared/protocols/common/byte-link';
import { toHex } from '#shared/protocols/common/hex';
import { labelledString } from '#shared/protocols/common/label';
import { describeModbusReply, describeModbusRequestFrame } from '#shared/protocols/modbus/describe';
import { createModbusMaster, type ModbusMaster } from '#shared/protocols/modbus/master';
import { CodedError, type Result } from '#shared/result';
import { scanForDevice } from './diagnostics-detect';
import { historyPulls, pullDiagnosticsHistory } from './diagnostics-history';
import { runDiagnosticsHj212Qc } from './diagnostics-hj212-qc';
import { hj212Time } from '#shared/protocols/hj212/commands';
import { bytesIn, createFrameLog, exportFrameLog } from './diagnostics-frame-log';
import { createDiagnosticsLine, type DiagnosticsLine } from './diagnostics-line';
import type { ProfileStore } from './diagnostics-profiles';
import { describeRawFrame } from './diagnostics-listen';
import { rawSendBytes } from './diagnostics-raw';
import type { ListenDecoders, Szy206Protocol } from './diagnostics-protocols';

export type DiagnosticsServiceDeps = {
  readonly openLink: (path: string, serial: SerialSettings) => Promise<ByteLink>;
  readonly emit: HostEventSink;
  readonly profiles: ProfileStore;
  /** `<dataDir>/diagnostics`: exported logs. */
  readonly logDir: string;
  readonly szy206: Szy206Protocol;
  readonly listen: ListenDecoders;
  readonly timers?: Timers;
};

type DiagnosticsMethod = Extract<keyof HostHandlers, `diagnostics.${string}`>;

const maxFrames = 20_000;

/** The shared Modbus master over the diagnostics line, every exchange in the frame log. */
function modbusMasterOn(line: DiagnosticsLine): ModbusMaster {
  return createModbusMaster(
    line.channel({ describeTx: describeModbusRequestFrame, describeRx: describeModbusReply }),
  );
}

/** The value of a result, or its failure thrown as a CodedError with the same code and cause. */
function valueOf<T>(result: Result<T>): T {
  if (!result.ok) {
    throw CodedError.from(result.error);
  }
  return result.value;
}

/**
 * The diagnostics host service: holds at most one diagnostics line (a port opened with the crew's
 * settings), runs Modbus / SZY206 transactions and the auto-detect scan on it, listens for
 * self-reports, and records every frame. It never throws anything but CodedErrors, and a port that
 * vanishes closes the line with a message instead of leaving a call hanging.
 */
export function createDiagnosticsService(
  deps: DiagnosticsServiceDeps,
): Pick<HostHandlers, DiagnosticsMethod> & { readonly close: () => Promise<void> } {
  const timers = deps.timers ?? systemTimers;
  let line: DiagnosticsLine | null = null;
  let state: DiagnosticsLineState = { state: 'closed', path: null, serial: null, message: null };
  const frames = createFrameLog({ maxFrames, onFrame: (frame) => deps.emit('diagnostics.frame', frame) });
  const recordFrame = frames.record;
  let listening: ListenProtocol | null = null;
  let detectCancel: (() => void) | null = null;
  // SL651 流水号 of the history queries this service sends.
  let historySerial = 0;

  const publish = (next: DiagnosticsLineState) => {
    state = next;
    deps.emit('diagnostics.state', state);
    deps.emit(
      'serial.connection',
      state.state === 'closed' || state.path === null || state.serial === null
        ? null
        : { path: state.path, baudRate: state.serial.baudRate },
    );
  };

  const onBurst = (bytes: Uint8Array, at: number) => {
    const protocol = listening;
    if (protocol === null) {
      const parts = describeRawFrame(bytes, 'rx');
      recordFrame({
        at,
        direction: 'rx',
        hex: toHex(bytes),
        summary: parts === null ? null : labelledString(parts),
        ...(parts === null ? {} : { summaryParts: parts }),
      });
      return;
    }
    for (const f of deps.listen.decode(protocol, bytes, at)) {
      recordFrame({
        at,
        direction: 'rx',
        hex: f.hex,
        summary: f.summary,
        ...(f.summaryParts === undefined ? {} : { summaryParts: f.summaryParts }),
      });
      deps.emit('diagnostics.listened', f);
    }
  };

  const openLine = async (path: string, serial: SerialSettings, quiet = false): Promise<DiagnosticsLine> => {
    const link = await deps.openLink(path, serial);
    const opened = createDiagnosticsLine({
      link,
      timers,
      onFrame: recordFrame,
      onBurst,
      onClose: (error) => {
        if (line === opened) {
          line = null;
          listening = null;
          publish({
            state: 'closed',
            path,
            serial,
            message: error ? `${path} closed: ${error.message}` : `${path} closed`,
            cause:
              error instanceof CodedError && error.lineCause !== undefined
                ? error.lineCause
                : { kind: error ? 'port-vanished' : 'port-closed', path },
          });
        }
      },
    });
    if (!quiet) {
      line = opened;
    }
    return opened;
  };

  const closeLine = async () => {
    const current = line;
    line = null;
    listening = null;
    await current?.close();
  };

  const requireLine = (): DiagnosticsLine => {
    if (detectCancel !== null) {
      throw new CodedError('busy', 'auto-detect is scanning the port; cancel it first', {
        kind: 'line-busy',
      });
    }
    if (line === null || line.closed()) {
      throw new CodedError('unavailable', 'no diagnostics port is open: connect first', {
        kind: 'not-connected',
      });
    }
    return line;
  };

  const busy = async <T>(job: (l: DiagnosticsLine) => Promise<T>): Promise<T> => {
    const l = requireLine();
    const before = state.state;
    if (before === 'open') {
      publish({ ...state, state: 'busy' });
    }
    try {
      return await job(l);
    } finally {
      if (line === l && state.state === 'busy') {
        publish({ ...state, state: before === 'open' ? 'open' : state.state });
      }
    }
  };

  return {
    'diagnostics.open': async ({ path, serial }) => {
      if (detectCancel !== null) {
        throw new CodedError('busy', 'auto-detect is scanning the port; cancel it first', {
          kind: 'line-busy',
        });
      }
      await closeLine();
      await openLine(path, serial);
      publish({ state: 'open', path, serial, message: null });
      return state;
    },
    'diagnostics.close': async () => {
      detectCancel?.();
      await closeLine();
      publish({ state: 'closed', path: null, serial: null, message: null });
      return state;
    },
    'diagnostics.state': () => state,
    'diagnostics.frames': () => frames.list(),
    'diagnostics.modbusRead': (args) =>
      busy(async (l) => {
        const registers = valueOf(
          await modbusMasterOn(l).readRegisters(
            args.unitId,
            args.functionCode,
            args.address,
            args.quantity,
            args.timeoutMs,
          ),
        );
        return { registers, summary: `${registers.length} registers from ${args.address}` };
      }),
    'diagnostics.modbusWrite': (args) =>
      busy(async (l) => {
        valueOf(
          await modbusMasterOn(l).request(
            { unitId: args.unitId, functionCode: 0x10, address: args.address, values: args.values },
            args.timeoutMs,
          ),
        );
        return { summary: `wrote ${args.values.length} registers at ${args.address}` };
      }),
    'diagnostics.readProfile': async ({ unitId, profileId, timeoutMs }) => {
      const profile = await deps.profiles.get(profileId);
      return busy(async (l) =>
        valueOf(await readMeterProfile(modbusMasterOn(l), profile, unitId, timeoutMs, timers.now)),
      );
    },
    'diagnostics.detect': async (args) => {
      if (detectCancel !== null) {
        throw new CodedError('busy', 'auto-detect is already running', { kind: 'line-busy' });
      }
      await closeLine();
      const plan = detectPlan({
        ...(args.baudRates ? { baudRates: args.baudRates } : {}),
        ...(args.parities ? { parities: args.parities } : {}),
        ...(args.unitIds ? { unitIds: args.unitIds } : {}),
        ...(args.preferred ? { preferred: args.preferred } : {}),
        limit: args.limit,
      });
      let cancelled = false;
      detectCancel = () => {
        cancelled = true;
      };
      publish({ state: 'detecting', path: args.path, serial: null, message: null });
      try {
        const scan = await scanForDevice({
          plan,
          probe: args.probe ?? { functionCode: 3, address: 0 },
          timeoutMs: args.timeoutMs,
          budgetMs: args.budgetMs,
          now: timers.now,
          open: async (serial) => {
            const opened = await openLine(args.path, serial, true);
            return { master: modbusMasterOn(opened), close: () => opened.close() };
          },
          receivedDuring: async (probe) => {
            const mark = frames.mark();
            const value = await probe();
            return { value, bytes: bytesIn(frames.receivedSince(mark)) };
          },
          progress: (progress) => deps.emit('diagnostics.detectProgress', progress),
          cancelled: () => cancelled,
        });
        return summarizeDetect(scan.attempts, scan.cancelled, scan.outOfTime);
      } finally {
        detectCancel = null;
        publish({ state: 'closed', path: null, serial: null, message: null });
      }
    },
    'diagnostics.detectCancel': () => {
      const running = detectCancel !== null;
      detectCancel?.();
      return { cancelled: running };
    },
    'diagnostics.szy206Query': ({ query, address, dialect, timeoutMs }) =>
      busy(async (l) => {
        const tx = deps.szy206.encodeQuery(query, address, dialect, timers.now());
        return l.transact(tx, {
          timeoutMs,
          describeTx: `SZY206 query ${query}`,
          decode: (bytes) => deps.szy206.decodeAnswer(query, bytes, dialect, address, timers.now()),
          describeRx: (a) => a.summaryParts ?? a.summary,
        });
      }),
    'diagnostics.szy206SetClock': ({ address, dialect, time, password, timeoutMs }) =>
      busy(async (l) => {
        const at = time ?? timers.now();
        const tx = deps.szy206.encodeSetClock(address, dialect, at, password);
        return l.transact(tx, {
          timeoutMs,
          describeTx: `SZY206 set clock ${new Date(at).toISOString()}`,
          decode: (bytes) => deps.szy206.decodeAnswer('clock', bytes, dialect, address, timers.now()),
          describeRx: (a) => a.summaryParts ?? a.summary,
        });
      }),
    'diagnostics.history': (args) =>
      busy((l) => {
        const pulls = historyPulls(args, timers.now(), () => (historySerial = (historySerial % 65535) + 1));
        return pullDiagnosticsHistory(l, pulls, args.timeoutMs, frames);
      }),
    'diagnostics.hj212Qc': ({ check, polId, mn, st, pw, edition, timeoutMs }) =>
      busy((l) =>
        runDiagnosticsHj212Qc(
          l,
          { mn, st, pw },
          { check, polId, qn: hj212Time(timers.now(), true), ...(edition === undefined ? {} : { edition }) },
          timeoutMs,
        ),
      ),
    'diagnostics.listenStart': ({ protocol }) => {
      requireLine();
      listening = protocol;
      publish({ ...state, state: 'listening' });
      return state;
    },
    'diagnostics.listenStop': () => {
      listening = null;
      if (line !== null && state.state === 'listening') {
        publish({ ...state, state: 'open' });
      }
      return state;
    },
    'diagnostics.rawSend': ({ mode, data, crc, waitMs }) =>
      busy(async (l) => {
        const bytes = rawSendBytes(mode, data, crc);
        const mark = frames.mark();
        await l.send(
          bytes,
          describeRawFrame(bytes, 'tx') ?? `raw ${mode}${crc === 'none' ? '' : ` + ${crc}`}`,
        );
        // Replies are collected as bursts by the line; wait for them so the call returns what came back.
        await new Promise<void>((resolve) => timers.setTimeout(resolve, waitMs));
        return {
          sentHex: toHex(bytes),
          received: frames.receivedSince(mark),
        };
      }),
    'diagnostics.exportLog': async ({ name }) => {
      const path = await exportFrameLog(deps.logDir, name, timers.now(), state, frames.list());
      return { path, frames: frames.list().length };
    },
    'diagnostics.clearLog': () => ({ cleared: frames.clear() }),
    'diagnostics.listProfiles': () => deps.profiles.list(),
    'diagnostics.saveProfile': ({ profile }) => deps.profiles.save(profile),
    close: async () => {
      detectCancel?.();
      await closeLine();
      if (state.state !== 'closed') {
        publish({ state: 'closed', path: null, serial: null, message: null });
      }
    },
  };
}
