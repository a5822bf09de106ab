import { afterEach, describe, expect, it } from 'vitest';
import { detectPlan } from '#shared/diagnostics/auto-detect';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { DetectProgress } from '#shared/host/contract/diagnostics';
import { createLineSession } from '#shared/protocols/line-session';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { createModbusMaster } from '#shared/protocols/modbus/master';
import { createModbusSlave } from '#shared/sim/modbus-slave';
import { runSimulator } from '#shared/sim/run-simulator';
import { CodedError } from '#shared/result';
import { scanForDevice, type DetectScanOptions } from './diagnostics-detect';

// A real line session and Modbus master over an in-memory link; the simulated meter answers only at
// 19200 8E1, unit 3 (any other settings: silence, as on a wire at the wrong baud rate).
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

function rig(overrides: Partial<DetectScanOptions> = {}) {
  const opened: string[] = [];
  const closed: string[] = [];
  const progress: DetectProgress[] = [];
  let received = 0;
  const open = (serial: SerialSettings) => {
    const key = `${serial.baudRate}-${serial.parity}-${serial.stopBits}`;
    opened.push(key);
    const [app, device] = createMemoryLinkPair();
    if (serial.baudRate === 19200 && serial.parity === 'even') {
      const run = runSimulator(createModbusSlave({ unitId: 3, holding: { 0: 42 } }), device);
      stops.push(() => run.stop());
    }
    const session = createLineSession({
      link: app,
      onRecord: (r) => {
        received += r.direction === 'rx' ? r.hex.split(' ').length : 0;
      },
    });
    return Promise.resolve({
      master: createModbusMaster(session),
      close: async () => {
        closed.push(key);
        await session.close();
      },
    });
  };
  const options: DetectScanOptions = {
    plan: detectPlan({ baudRates: [9600, 19200], parities: ['none', 'even'], unitIds: [1, 3] }),
    probe: { functionCode: 3, address: 0 },
    timeoutMs: 50,
    budgetMs: 10_000,
    now: () => Date.now(),
    open,
    receivedDuring: async (probe) => {
      const before = received;
      const value = await probe();
      return { value, bytes: received - before };
    },
    progress: (p) => void progress.push(p),
    cancelled: () => false,
    ...overrides,
  };
  return { options, opened, closed, progress };
}

describe('auto-detect scan', () => {
  it('probes until the meter answers, reopens the port only when the settings change, and closes it', async () => {
    const at = (baudRate: number, parity: 'none' | 'even', unitId: number) =>
      ({ baudRate, parity, dataBits: 8, stopBits: 1, unitId }) as const;
    const { options, opened, closed, progress } = rig({
      plan: [
        at(9600, 'none', 1),
        at(9600, 'none', 3),
        at(19200, 'even', 1),
        at(19200, 'even', 3),
        at(4800, 'none', 1),
      ],
    });
    const scan = await scanForDevice(options);
    const found = scan.attempts.at(-1);
    expect(found).toMatchObject({
      candidate: { baudRate: 19200, parity: 'even', unitId: 3 },
      outcome: 'reply',
    });
    expect(found?.bytesReceived).toBe(7);
    expect(scan.attempts.slice(0, -1).every((a) => a.outcome !== 'reply')).toBe(true);
    const tried = scan.attempts.map(
      (a) => `${a.candidate.baudRate}-${a.candidate.parity}-${a.candidate.stopBits}`,
    );
    expect(opened).toEqual(tried.filter((k, i) => i === 0 || k !== tried[i - 1]));
    expect(opened).toEqual(['9600-none-1', '19200-even-1']);
    expect(scan.attempts).toHaveLength(4);
    expect(closed).toEqual(opened);
    expect(progress[0]).toMatchObject({ done: 0, attempt: null, total: options.plan.length });
    expect(progress.at(-1)).toMatchObject({ done: scan.attempts.length, attempt: found });
    expect(scan).toMatchObject({ cancelled: false, outOfTime: false });
  });

  it('stops when cancelled or out of time, and says which', async () => {
    const cancelled = await scanForDevice(rig({ cancelled: () => true }).options);
    expect(cancelled).toMatchObject({ attempts: [], cancelled: true, outOfTime: false });
    let t = 0;
    const late = rig({
      now: () => (t += 600),
      budgetMs: 1000,
    });
    const timedOut = await scanForDevice(late.options);
    expect(timedOut.outOfTime).toBe(true);
    expect(timedOut.attempts.length).toBeLessThan(late.options.plan.length);
    expect(late.closed).toEqual(late.opened);
  });

  it('ends with the port’s own error when the port fails, and still closes it', async () => {
    const { options, closed, opened } = rig();
    const failing = {
      ...options,
      open: async (serial: SerialSettings) => {
        const line = await options.open(serial);
        return {
          ...line,
          master: {
            ...line.master,
            readRegisters: () =>
              Promise.resolve({
                ok: false as const,
                error: { code: 'io' as const, message: 'EIO', cause: { kind: 'port-vanished' as const } },
              }),
          },
        };
      },
    };
    const error = await scanForDevice(failing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).lineCause).toEqual({ kind: 'port-vanished' });
    expect(closed).toEqual(opened);
  });
});
