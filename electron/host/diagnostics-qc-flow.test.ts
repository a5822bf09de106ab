import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { szy206DiagnosticsProtocol } from '#shared/protocols/szy206/index';
import { createHj212Analyser, type Hj212AnalyserOptions } from '#shared/sim/hj212-analyser';
import { runSimulator } from '#shared/sim/run-simulator';
import { createProfileStore } from './diagnostics-profiles';
import { rawListenDecoders } from './diagnostics-protocols';
import { createDiagnosticsService } from './diagnostics-service';
import { openSerialLink } from './serial-link';
import { missingTool, openPtyPair, type PtyPair } from './testing/pty-pair';

const ctx = { transport: 'websocket' } as const;
const serialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;
const station = { mn: '88888880000001', st: '21', pw: '123456' };
const text = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex').toString('latin1');

describe.skipIf(missingTool('socat') !== null)(
  'HJ 212 QC through the host service over a socat pty pair',
  () => {
    let pair: PtyPair;
    const stops: (() => Promise<void>)[] = [];
    beforeEach(async () => {
      pair = await openPtyPair();
    });
    afterEach(async () => {
      for (const stop of stops.splice(0).reverse()) {
        await stop();
      }
      await pair.close();
    });

    async function connect(options: Hj212AnalyserOptions) {
      const field = await openSerialLink(pair.b, serialSettings);
      const analyser = createHj212Analyser(options);
      const run = runSimulator(analyser, field, { unsolicitedTickMs: 0, fault: 'none' });
      stops.push(() => field.close());
      stops.push(() => run.stop());
      const dir = await mkdtemp(join(tmpdir(), 'wrm-qc-'));
      const service = createDiagnosticsService({
        openLink: (path, serial) => openSerialLink(path, serial),
        emit: () => undefined,
        profiles: createProfileStore({ builtinDir: dir, userDir: dir }),
        logDir: dir,
        szy206: szy206DiagnosticsProtocol,
        listen: rawListenDecoders,
      });
      stops.push(() => service.close());
      await service['diagnostics.open']({ path: pair.a, serial: serialSettings }, ctx);
      return { service, analyser };
    }

    it('a 2017 zero calibration: 3011 sent, 9011 and 9012 ExeRtn=1 back, every frame in the log', async () => {
      const { service, analyser } = await connect(station);
      const result = await service['diagnostics.hj212Qc'](
        { check: 'zero', polId: 'w21003', ...station, timeoutMs: 3000 },
        ctx,
      );
      expect(result).toMatchObject({ status: 'done', cn: '3011', exeRtn: '1', edition: 'hj212-2017' });
      expect(analyser.received.map((p) => p.cn)).toEqual(['3011']);
      const log = await service['diagnostics.frames']({}, ctx);
      expect(log[0]?.direction).toBe('tx');
      expect(text(log[0]?.hex ?? '')).toMatch(/CN=3011;.*PolId=w21003/);
      expect(
        log
          .filter((f) => f.direction === 'rx')
          .map((f) => text(f.hex))
          .join(''),
      ).toMatch(/CN=9011;.*QnRtn=1.*CN=9012;.*ExeRtn=1/s);
    });

    it('a 2025 standard-sample check: the measured value and the edition come back', async () => {
      const { service } = await connect({ ...station, edition: 'hj212-2025' });
      const result = await service['diagnostics.hj212Qc'](
        { check: 'standard', polId: 'w21003', ...station, timeoutMs: 3000 },
        ctx,
      );
      expect(result).toMatchObject({ status: 'done', cn: '2062', edition: 'hj212-2025' });
      expect(result.values.map((v) => v.key)).toEqual(['w21003-Rtd']);
      expect(Number.isFinite(result.values[0]?.value)).toBe(true);
    });

    it('a 2017 logger does not know 2062: it refuses the check, named so, and the line stays usable', async () => {
      const { service } = await connect(station);
      const standard = await service['diagnostics.hj212Qc'](
        { check: 'standard', polId: 'w21003', ...station, timeoutMs: 400 },
        ctx,
      );
      expect(standard).toMatchObject({
        status: 'refused',
        reason: expect.stringMatching(/refused/) as unknown,
      });
      const zero = await service['diagnostics.hj212Qc'](
        { check: 'zero', polId: 'w21003', ...station, timeoutMs: 3000 },
        ctx,
      );
      expect(zero.status).toBe('done');
    });
  },
);
