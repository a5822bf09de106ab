import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { main } from './main';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, interrupted: new Promise(() => {}) },
    out: () => out,
    err: () => err,
  };
}

async function run(...argv: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string }> {
  const c = capture();
  const code = await main(['decode', ...argv], c.io);
  return { code, json: c.out() === '' ? {} : (JSON.parse(c.out()) as Record<string, unknown>), err: c.err() };
}

const c0 = '681A68B35303810D00C00059000000826110000001106000004508090A3516';

describe('wrm decode', () => {
  it('decodes the verified SZY206 frame with address, AFN and direction', async () => {
    const { code, json } = await run('szy206', c0);
    expect(code).toBe(0);
    expect(json).toMatchObject({
      protocol: 'szy206',
      crcValid: true,
      address: { division: '530381', station: 13 },
      afn: 'C0',
      direction: 'up',
      timeLabel: { day: 9, hour: 8, minute: 45, second: 0, allowedDelayMinutes: 10 },
    });
    expect((json.body as { values: { value: number }[] }).values.map((v) => v.value)).toEqual([5.9, 106182]);
  });

  it('joins hex given as separate arguments and reads SL/T 427 when told', async () => {
    const { json } = await run('szy206', '68 08 68 80', '53 03 81 0D 00', '02 F0 73 16');
    expect(json).toMatchObject({ afn: '02', direction: 'up', body: { meaning: 'login' } });
    const edition = await run('--edition', '427', 'szy206', '680768335303810D00B0AA16');
    expect(edition.json).toMatchObject({ edition: 'sl427-2021', direction: 'down', afn: 'B0' });
  });

  it('exits 1 naming the wrong CS, a cut frame and bad hex', async () => {
    expect(await run('szy206', c0.replace(/3516$/, '3616'))).toMatchObject({
      code: 1,
      json: { error: 'CS expected 0x35, found 0x36', crcValid: false },
    });
    expect((await run('szy206', c0.slice(0, 20))).json.error).toMatch(/frame is incomplete: 10 bytes given/);
    expect((await run('szy206', '68 0G')).json.error).toMatch(/not a hex digit: "G"/);
    expect(
      (await run('sl651', `${'7E7E01001234567812342F0008020003591011155111036BCA'}00`)).json.error,
    ).toMatch(/1 bytes after the end of the frame/);
  });

  it('decodes SL651, HJ 212, NMEA and Modbus RTU', async () => {
    expect((await run('sl651', '7E7E01001234567812342F0008020003591011155111036BCA')).json).toMatchObject({
      crcValid: true,
      functionName: '链路维持报',
      stationAddress: '0012345678',
    });
    const hj = await run(
      'hj212',
      '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80',
    );
    expect(hj.json).toMatchObject({ crcValid: true, cn: '1062', cpFields: { RtdInterval: '30' } });
    const badHj = await run(
      'hj212',
      '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C08',
    );
    expect(badHj).toMatchObject({
      code: 1,
      json: { error: 'CRC expected 1C80, found 1C08', crcValid: false },
    });
    expect(
      (await run('nmea', '$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76')).json,
    ).toMatchObject({
      type: 'GGA',
      crcValid: true,
    });
    expect((await run('modbus-rtu', '01 03 00 64 00 02 85 D4')).json).toMatchObject({
      frame: 'request',
      crcValid: true,
    });
    expect((await run('modbus-rtu', '01 03 04 00 00 C1 48 AB 95')).json).toMatchObject({ frame: 'response' });
    expect((await run('modbus-rtu', '01 03 00 64 00 02 85 D5')).json.error).toMatch(/CRC expected/);
  });

  it('refuses an unknown protocol with usage (exit 2)', async () => {
    const r = await run('iec104', '68');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown protocol "iec104"/);
  });

  it('runs as a real process through bin/wrm.mjs', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/wrm.mjs', 'decode', 'szy206', c0], {
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ afn: 'C0', address: { division: '530381', station: 13 } });
    await expect(
      promisify(execFile)('node', ['bin/wrm.mjs', 'decode', 'szy206', c0.replace(/35(16)$/, '36$1')]),
    ).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('CS expected 0x35, found 0x36') as unknown,
    });
  });
});
