import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import {
  buildClockReply,
  buildLinkTestUp,
  buildWorkModeReply,
  clockAt,
  szy206DiagnosticsProtocol,
  type Szy206Target,
} from '#shared/protocols/szy206/index';
import { createProfileStore } from './diagnostics-profiles';
import { rawListenDecoders } from './diagnostics-protocols';
import { rawSendBytes } from './diagnostics-raw';
import { createDiagnosticsService } from './diagnostics-service';

const address = { division: '530381', station: 13 };
const target: Szy206Target = { address: { mode: 'division', ...address } };
const ctx = { transport: 'websocket' } as const;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

/** A terminal whose clock runs `offsetMs` ahead: answers by the AFN of each request. */
async function rtuRig(offsetMs: number, workMode: 'debug' | 'self-report' = 'debug') {
  const dir = await mkdtemp(join(tmpdir(), 'wrm-szy-'));
  const service = createDiagnosticsService({
    openLink: () => {
      const [app, rtu] = createMemoryLinkPair();
      rtu.onData((chunk) => {
        // Downlink 68 L 68 C A1 A1 A1 A2 A2 AFN …: the AFN says what is asked.
        const afn = chunk[9];
        const reply =
          afn === 0x02
            ? buildLinkTestUp(target, 'keep-alive')
            : afn === 0x51
              ? buildClockReply(target, clockAt(Date.now() + offsetMs))
              : buildWorkModeReply(target, workMode);
        void rtu.write(reply);
      });
      return Promise.resolve(app);
    },
    emit: () => undefined,
    profiles: createProfileStore({ builtinDir: dir, userDir: dir }),
    logDir: dir,
    szy206: szy206DiagnosticsProtocol,
    listen: rawListenDecoders,
  });
  stops.push(() => service.close());
  await service['diagnostics.open'](
    { path: '/dev/ttyRTU', serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } },
    ctx,
  );
  return service;
}

describe('diagnostics service — SZY206', () => {
  it('runs a link test and reads the clock into the snapshot (offset in seconds)', async () => {
    const service = await rtuRig(125_000);
    const link = await service['diagnostics.szy206Query'](
      { query: 'link-test', address, dialect: 'szy206-2016', timeoutMs: 500 },
      ctx,
    );
    expect(link.query).toBe('link-test');
    const clock = await service['diagnostics.szy206Query'](
      { query: 'clock', address, dialect: 'szy206-2016', timeoutMs: 500 },
      ctx,
    );
    expect(clock.snapshot.clockOffsetSeconds).toBeGreaterThan(110);
    expect(clock.snapshot.clockOffsetSeconds).toBeLessThan(140);
    const frames = await service['diagnostics.frames']({}, ctx);
    const rx = frames.filter((f) => f.direction === 'rx');
    expect(rx).toHaveLength(2);
    // The log keeps the Chinese note; the live frame also carries it as labels for the reader's language.
    expect(rx[1]?.summary).toMatch(/^终端时钟 /);
    expect(rx[1]?.summaryParts?.[0]).toEqual({ code: 'szy206-text:rtu-clock', name: '终端时钟' });
  });

  it('appends the SZY206 CRC-8 and end byte to a typed frame', () => {
    // Constructed down-echo from protocols.md §1.9: 68 08 68 00 53 03 81 0D 00 02 F2 | 1A 16.
    expect(Array.from(rawSendBytes('hex', '68 08 68 00 53 03 81 0D 00 02 F2', 'szy-crc8').slice(-2))).toEqual(
      [0x1a, 0x16],
    );
  });
});
