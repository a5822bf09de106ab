import net from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { fromHex, toHex } from '#shared/protocols/common/hex';
import { buildHj212Realtime } from '#shared/protocols/hj212/index';
import { migrate } from '../db/migrate';
import { importRegistry } from '../platform/registry-import';
import { parseCsv } from '../platform/tabular';
import { describeOnEngines } from '../testing/engines';
import { startReceiver, type Receiver } from './receiver';

// Verified frames of protocols.md §6: the SZY206 self-report (CS 35) and its confirmation (built from
// the same rule, CS checked independently), the SL651 test report and the centre's ESC confirmation
// of it, the HJ 212 hourly data packet (C181, ack wanted) and the standard's appendix-A packet (1C80).
const szyReport = '681A68B35303810D00C00059000000826110000001106000004508090A3516';
const szyConfirmation = '680768335303810D00C0B316';
const szyKeepAlive = '680868805303810D0002F25C16';
const szyEcho = '680868005303810D0002F21A16';
const slReport =
  '7E7E010012345678123430002B020003591011154947F1F1001234567848F0F0591011154920190000052619000005392300000127381211150320FA';
const slConfirmation = '7E7E00123456780112343080080200035910111549471B75D4';
const hjHourly =
  '##0285QN=20190925181031464;ST=22;CN=2061;PW=BF470F88957588DE902D1A52;MN=Z13401000010301;Flag=5;CP=&&DataTime=20190924220000;a34006-Avg=2.69700,a34006-Flag=N;a34007-Avg=7.96600,a34007-Flag=N;a34048-Avg=3.30600,a34048-Flag=N;a34047-Avg=7.35700,a34047-Flag=N;a34049-Avg=10.66300,a34049-Flag=N&&C181\r\n';
const hjStandard =
  '##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n';
const hjAck =
  '##0096QN=20190925181031464;ST=91;CN=9014;PW=BF470F88957588DE902D1A52;MN=Z13401000010301;Flag=4;CP=&&&&';

// 2026-11-20 12:00 Beijing.
const t0 = Date.UTC(2026, 10, 20, 4);
const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');
const ascii = (s: string) => new TextEncoder().encode(s);

/** A station: connects, sends, and collects what the centre answers. */
async function station(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let got = Buffer.alloc(0);
  let closed = false;
  socket.on('data', (d: Buffer) => {
    got = Buffer.concat([got, d]);
  });
  socket.on('close', () => {
    closed = true;
  });
  socket.on('error', () => undefined);
  const until = async (test: () => boolean, ms = 5_000) => {
    const end = Date.now() + ms;
    while (!test()) {
      if (Date.now() > end) {
        throw new Error(`timed out; received ${got.toString('hex')}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    send: (bytes: Uint8Array) => new Promise<void>((r) => socket.write(bytes, () => r())),
    received: () => new Uint8Array(got),
    waitFor: (length: number) => until(() => got.length >= length),
    waitClosed: () => until(() => closed),
    end: () => new Promise<void>((r) => socket.end(() => r())),
    destroy: () => socket.destroy(),
  };
}

describeOnEngines('the receiver over TCP', ({ db, test }) => {
  let receiver: Receiver;
  let port = 0;
  beforeAll(async () => {
    await migrate(db());
    const extra = `\n5303810004,示例空气站,水源地水质自动监测站,530381,26.3,104.2,60,ph,2024-01-01,在用,,,,,,,,HJ 212,Z13401000010301`;
    await importRegistry(db(), parseCsv(template.trim() + extra), t0, { actor: 'test', scope: 'all' });
    receiver = await startReceiver({
      db: db(),
      ports: [0],
      host: '127.0.0.1',
      now: () => t0,
      idleTimeoutMs: 400,
      maxFrameBytes: 2048,
    });
    port = receiver.ports[0] ?? 0;
  });
  afterAll(async () => receiver.close());

  const values = async (site: string) =>
    (
      await db().query<{ element: string; time: string; value: number; source: string; flag: string | null }>(
        `select element, time::text, value, source, flag from monitoring_values where site_code = $1 order by element, time`,
        [site],
      )
    ).rows;
  const frames = async (site: string) =>
    (
      await db().query<{ bytes: string; protocol: string }>(
        `select encode(bytes, 'hex') as bytes, protocol from monitoring_frames where site_code = $1 order by id`,
        [site],
      )
    ).rows;
  const quarantined = async () =>
    (
      await db().query<{ reason: string; detail: string; bytes: string }>(
        `select reason, detail, encode(bytes, 'hex') as bytes from monitoring_quarantine order by id`,
      )
    ).rows;
  const clearQuarantine = () => db().query('delete from monitoring_quarantine');

  test('stores the verified SZY206 self-report with its values and confirms it; answers a keep-alive', async () => {
    const rtu = await station(port);
    await rtu.send(fromHex(szyKeepAlive));
    await rtu.waitFor(13);
    expect(toHex(rtu.received(), '')).toBe(szyEcho);
    await rtu.send(fromHex(szyReport));
    await rtu.waitFor(13 + 12);
    expect(toHex(rtu.received().slice(13), '')).toBe(szyConfirmation);
    await rtu.end();
    // Tp: day 09 08:45:00 Beijing, the month before receipt's latest fitting one (November 2026).
    const at = String(Date.UTC(2026, 10, 9, 0, 45));
    expect(await values('5303810001')).toEqual([
      { element: 'flow', time: at, value: 5.9, source: 'receiver', flag: null },
      { element: 'volume', time: at, value: 106182, source: 'receiver', flag: null },
    ]);
    expect(await frames('5303810001')).toEqual([{ bytes: szyReport.toLowerCase(), protocol: 'szy206-2016' }]);
  });

  test('stores the verified SL651 test report and answers with the verified ESC confirmation', async () => {
    const rtu = await station(port);
    await rtu.send(fromHex(slReport));
    await rtu.waitFor(slConfirmation.length / 2);
    expect(toHex(rtu.received(), '')).toBe(slConfirmation);
    await rtu.end();
    expect(await values('5303000003')).toEqual([
      {
        element: 'level',
        time: String(Date.parse('2059-10-11T15:49:00+08:00')),
        value: 0.127,
        source: 'receiver',
        flag: null,
      },
    ]);
  });

  test('stores the verified HJ 212 hourly packet and sends the data answer it asks for', async () => {
    const logger = await station(port);
    await logger.send(ascii(hjHourly));
    await logger.waitFor(hjAck.length + 6);
    const answer = new TextDecoder().decode(logger.received());
    expect(answer.slice(0, hjAck.length)).toBe(hjAck);
    expect(answer.endsWith('\r\n')).toBe(true);
    // Air-quality factors are no water element: the frame is kept, no value is made up.
    expect(await frames('5303810004')).toHaveLength(1);
    expect(await values('5303810004')).toEqual([]);
    // A water-quality logger's real-time data becomes values with their flags.
    await logger.send(
      ascii(
        buildHj212Realtime({ st: '21', pw: '123456', mn: '88888880000001' }, t0, [
          { code: 'w01001', rtd: 7.25 },
          { code: 'w21003', rtd: 0.31, flag: 'M' },
        ]),
      ),
    );
    await logger.end();
    await receiver.store.flush();
    await expect
      .poll(() => values('5303810002'))
      .toEqual([
        { element: 'nh3n', time: String(t0), value: 0.31, source: 'receiver', flag: 'M' },
        { element: 'ph', time: String(t0), value: 7.25, source: 'receiver', flag: 'N' },
      ]);
  });

  test('split, concatenated, garbage-framed and slow frames are all stored; garbage is quarantined', async () => {
    await clearQuarantine();
    await db().query(`delete from monitoring_values where site_code = '5303810001'`);
    const rtu = await station(port);
    const all = new Uint8Array([
      ...fromHex('FFFE0102'),
      ...fromHex(szyReport),
      ...fromHex(slReport),
      ...fromHex('AA55'),
      ...ascii(hjHourly),
    ]);
    // Byte by byte for the first half (a slow, chopped sender), the rest in one write.
    const half = Math.floor(all.length / 2);
    for (let i = 0; i < half; i += 1) {
      await rtu.send(all.slice(i, i + 1));
      if (i % 16 === 0) {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    await rtu.send(all.slice(half));
    await rtu.waitFor(12 + slConfirmation.length / 2 + hjAck.length + 6);
    await rtu.end();
    await receiver.store.flush();
    expect(await values('5303810001')).toHaveLength(2);
    await expect
      .poll(async () => (await quarantined()).map((q) => [q.reason, q.bytes]))
      .toEqual([
        ['malformed', 'fffe'],
        ['unsupported', '0102'],
        ['malformed', 'aa55'],
      ]);
  });

  test('a bad CRC, an unknown station and an oversize frame are quarantined; the line goes on', async () => {
    await clearQuarantine();
    const rtu = await station(port);
    const badCrc = szyReport.replace(/3516$/, '3616');
    await rtu.send(fromHex(badCrc));
    await rtu.send(ascii(hjStandard));
    await rtu.send(ascii(`##9999QN=${'1'.repeat(3000)}`));
    await rtu.end();
    await rtu.waitClosed();
    // The unknown station is looked up before it is quarantined: wait for all three.
    await expect
      .poll(async () => (await quarantined()).map((x) => x.reason))
      .toEqual(['crc-mismatch', 'unknown-station', 'oversize']);
    const q = await quarantined();
    expect(q[0]).toMatchObject({ bytes: badCrc.toLowerCase(), detail: 'CS expected 0x35, found 0x36' });
    expect(q[1]?.detail).toBe('no site in the registry has station hj212-2017 010000A8900016F000169DC0');
    // Another connection is served as before.
    const next = await station(port);
    await next.send(fromHex(szyKeepAlive));
    await next.waitFor(13);
    await next.end();
  });

  test('a frame cut off by a disconnect or by silence is quarantined with what came', async () => {
    await clearQuarantine();
    const gone = await station(port);
    await gone.send(fromHex(slReport.slice(0, 40)));
    await new Promise((r) => setTimeout(r, 50));
    gone.destroy();
    const silent = await station(port);
    await silent.send(fromHex(szyReport.slice(0, 30)));
    await silent.waitClosed(); // closed by the receiver after 400 ms of silence
    await receiver.store.flush();
    await expect
      .poll(async () => (await quarantined()).map((q) => [q.reason, q.bytes, q.detail]))
      .toEqual([
        ['malformed', slReport.slice(0, 40).toLowerCase(), 'connection closed in the middle of a frame'],
        [
          'malformed',
          szyReport.slice(0, 30).toLowerCase(),
          'connection silent for 400 ms in the middle of a frame',
        ],
      ]);
  });

  test('a retransmitted report keeps one value per element and time, and both raw frames', async () => {
    const before = (await frames('5303000003')).length;
    const rtu = await station(port);
    await rtu.send(fromHex(slReport + slReport));
    await rtu.waitFor(slConfirmation.length);
    await rtu.end();
    expect(await frames('5303000003')).toHaveLength(before + 2);
    expect(await values('5303000003')).toHaveLength(1);
  });
});
