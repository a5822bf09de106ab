import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  answeringUnit,
  detectPlan,
  probeOutcome,
  summarizeDetect,
  type DetectAttempt,
  type DetectCandidate,
} from '../../shared/diagnostics/auto-detect';
import { readMeterProfile } from '../../shared/diagnostics/read-profile';
import type { RecordedFrame } from '../../shared/diagnostics/session-record';
import type { SerialSettings } from '../../shared/domain/schemas/equipment';
import type { DiagnosticsLineState, ListenProtocol } from '../../shared/host/contract/diagnostics';
import type { HostEventSink, HostHandlers } from '../../shared/host/dispatch';
import { systemTimers, type ByteLink, type Timers } from '../../shared/protocols/common/byte-link';
import { toHex } from '../../shared/protocols/common/hex';
import { labelledString } from '../../shared/protocols/common/label';
import { describeModbusReply, describeModbusRequestFrame } from '../../shared/protocols/modbus/describe';
import { createModbusMaster, type ModbusMaster } from '../../shared/protocols/modbus/master';
import { CodedError, type Result } from '../../shared/result';
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
  let frames: RecordedFrame[] = [];
  let listening: ListenProtocol | null = null;
  let detectCancel: (() => void) | null = null;

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

  const recordFrame = (frame: RecordedFrame) => {
    frames.push(frame);
    if (frames.length > maxFrames) {
      frames = frames.slice(frames.length - maxFrames);
    }
    deps.emit('diagnostics.frame', frame);
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
    'diagnostics.frames': () => frames,
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
      let outOfTime = false;
      const startedAt = timers.now();
      detectCancel = () => {
        cancelled = true;
      };
      const probe = args.probe ?? { functionCode: 3 as const, address: 0 };
      const attempts: DetectAttempt[] = [];
      publish({ state: 'detecting', path: args.path, serial: null, message: null });
      deps.emit('diagnostics.detectProgress', {
        done: 0,
        total: plan.length,
        attempt: null,
        current: plan[0] ?? null,
      });
      let open = null as { key: string; line: DiagnosticsLine; master: ModbusMaster } | null;
      try {
        for (const candidate of plan) {
          if (cancelled) {
            break;
          }
          if (timers.now() - startedAt > args.budgetMs) {
            outOfTime = true;
            break;
          }
          const serial = settingsOf(candidate);
          const key = `${serial.baudRate}-${serial.parity}-${serial.stopBits}`;
          if (open?.key !== key) {
            await open?.line.close();
            const opened = await openLine(args.path, serial, true);
            open = { key, line: opened, master: modbusMasterOn(opened) };
          }
          const before = frames.length;
          const result = await open.master.readRegisters(
            candidate.unitId,
            probe.functionCode,
            probe.address,
            1,
            args.timeoutMs,
          );
          if (!result.ok && result.error.code === 'io') {
            throw CodedError.from(result.error);
          }
          const received = frames
            .slice(before)
            .filter((f) => f.direction === 'rx')
            .reduce((n, f) => n + Math.ceil(f.hex.length / 3), 0);
          const attempt: DetectAttempt = {
            candidate,
            outcome: probeOutcome(result),
            bytesReceived: received,
          };
          attempts.push(attempt);
          // A late or misaddressed reply names the unit that answered: that device is there.
          const other = answeringUnit(result);
          if (other !== null) {
            attempts.push({ candidate: { ...candidate, unitId: other }, outcome: 'reply', bytesReceived: 0 });
          }
          deps.emit('diagnostics.detectProgress', {
            done: attempts.length,
            total: plan.length,
            attempt,
            current: plan[attempts.length] ?? null,
          });
          if (attempt.outcome === 'reply' || attempt.outcome === 'exception' || other !== null) {
            break; // one device found is what a crew at one meter wants; the summary says where
          }
        }
      } finally {
        await open?.line.close();
        detectCancel = null;
        publish({ state: 'closed', path: null, serial: null, message: null });
      }
      return summarizeDetect(attempts, cancelled, outOfTime);
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
        const before = frames.length;
        await l.send(
          bytes,
          describeRawFrame(bytes, 'tx') ?? `raw ${mode}${crc === 'none' ? '' : ` + ${crc}`}`,
        );
        // Replies are collected as bursts by the line; wait for them so the call returns what came back.
        await new Promise<void>((resolve) => timers.setTimeout(resolve, waitMs));
        return {
          sentHex: toHex(bytes),
          received: frames.slice(before).filter((f) => f.direction === 'rx'),
        };
      }),
    'diagnostics.exportLog': async ({ name }) => {
      await mkdir(deps.logDir, { recursive: true });
      const file = join(
        deps.logDir,
        `${name ?? `diagnostics-${new Date(timers.now()).toISOString().replace(/[:.]/g, '-')}`}.log`,
      );
      const header = `# wrm-field diagnostics log\n# port ${state.path ?? '-'} ${state.serial ? describeSerial(state.serial) : ''}\n`;
      await writeFile(file, header, 'utf8');
      await appendFile(
        file,
        frames
          .map(
            (f) =>
              `${new Date(f.at).toISOString()} ${f.direction.toUpperCase()} ${f.hex}${f.summary ? `  ; ${f.summary}` : ''}\n`,
          )
          .join(''),
        'utf8',
      );
      return { path: file, frames: frames.length };
    },
    'diagnostics.clearLog': () => {
      const cleared = frames.length;
      frames = [];
      return { cleared };
    },
    'diagnostics.listProfiles': () => deps.profiles.list(),
    'diagnostics.saveProfile': ({ profile }) => deps.profiles.save(profile),
    close: async () => {
      detectCancel?.();
      await closeLine();
    },
  };
}

function settingsOf(c: DetectCandidate): SerialSettings {
  return { baudRate: c.baudRate, dataBits: c.dataBits, parity: c.parity, stopBits: c.stopBits };
}

export function describeSerial(s: SerialSettings): string {
  return `${s.baudRate} ${s.dataBits}${s.parity[0]?.toUpperCase() ?? 'N'}${s.stopBits}`;
}
