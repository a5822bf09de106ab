import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLinkPair } from '#shared/protocols/line-session-testing';
import { szy206DiagnosticsProtocol } from '#shared/protocols/szy206/index';
import { runSimulator } from '#shared/sim/run-simulator';
import { createSzy206Rtu } from '#shared/sim/szy206-rtu';
import { createProfileStore } from './diagnostics-profiles';
import { rawListenDecoders } from './diagnostics-protocols';
import { createDiagnosticsService } from './diagnostics-service';

const address = { division: '530381', station: 13 };
const beijing = (text: string) => Date.parse(`${text}+08:00`);
const from = beijing('2026-07-01T00:00:00');
const to = beijing('2026-07-02T00:00:00');
const loss = { from: beijing('2026-07-01T06:00:00'), to: beijing('2026-07-01T09:00:00') };
const ctx = { transport: 'websocket' } as const;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

describe('diagnostics service — 补报 history pull (SZY206 simulator on a memory line)', () => {
  it('returns the slots and the RTU’s reply frames byte for byte, every frame in the log', async () => {
    const sent: string[] = [];
    const dir = await mkdtemp(join(tmpdir(), 'wrm-bf-'));
    const service = createDiagnosticsService({
      openLink: () => {
        const [app, field] = createMemoryLinkPair();
        const rtu = createSzy206Rtu({
          address: { mode: 'division', ...address },
          reportEveryMs: 0,
          history: { gaps: [loss], perFrame: 10, intervalMinutes: 60 },
        });
        // What the RTU writes, as it writes it: the frames the batch must keep unchanged.
        const write = field.write.bind(field);
        field.write = (bytes: Uint8Array) => {
          sent.push(Buffer.from(bytes).toString('hex'));
          return write(bytes);
        };
        const run = runSimulator(rtu, field, { unsolicitedTickMs: 0, fault: 'none' });
        stops.push(() => run.stop());
        return Promise.resolve(app);
      },
      emit: () => undefined,
      profiles: createProfileStore({ builtinDir: dir, userDir: dir }),
      logDir: dir,
      szy206: szy206DiagnosticsProtocol,
      listen: rawListenDecoders,
    });
    stops.unshift(() => service.close());
    await service['diagnostics.open'](
      { path: '/dev/ttyRTU', serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } },
      ctx,
    );
    const answer = await service['diagnostics.history'](
      { address, dialect: 'szy206-2016', type: 2, from, to, intervalMinutes: 60, timeoutMs: 1000 },
      ctx,
    );
    expect(answer.status).toBe('gap');
    expect(answer.records).toHaveLength(24);
    expect(answer.records.filter((r) => r.value === null).map((r) => r.time)).toEqual([
      loss.from,
      loss.from + 3_600_000,
      loss.from + 7_200_000,
    ]);
    expect(answer.frames).toHaveLength(3); // 24 records, 10 a frame
    expect(answer.frames.join('')).toBe(sent.join(''));
    const log = await service['diagnostics.frames']({}, ctx);
    expect(log.filter((f) => f.direction === 'tx')[0]?.summary).toBe('history query');
  });
});
