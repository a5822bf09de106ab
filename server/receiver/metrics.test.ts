import net from 'node:net';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { fromHex } from '#shared/protocols/common/hex';
import { buildSyncService } from '../app';
import { migrate } from '../db/migrate';
import { serviceMetricsOf } from '../http/metrics';
import { importRegistry } from '../platform/registry-import';
import { parseCsv } from '../platform/tabular';
import { describeOnEngines } from '../testing/engines';
import { createReceiverMetrics } from './metrics';
import { startReceiver, type Receiver } from './receiver';
import { createReceiverStore } from './store';

// The verified SZY206 self-report of protocols.md §6 (station 5303810D00 is site 5303810001 in the
// registry template), the same frame with its CS byte changed, and bytes that begin no frame.
const szyReport = '681A68B35303810D00C00059000000826110000001106000004508090A3516';
const badCrc = szyReport.replace(/3516$/, '3616');
const t0 = Date.UTC(2026, 10, 20, 4);
const template = readFileSync(new URL('../../resources/registry-template.csv', import.meta.url), 'utf8');

describeOnEngines('the receiver on /metrics', ({ db, test }) => {
  let app: FastifyInstance;
  let receiver: Receiver;
  beforeAll(async () => {
    await migrate(db());
    await importRegistry(db(), parseCsv(template), t0, { actor: 'test', scope: 'all' });
    app = await buildSyncService({
      db: db(),
      version: 'test',
      photoGcEveryMs: 0,
      logging: { level: 'silent' },
    });
    const metrics = createReceiverMetrics(serviceMetricsOf(app));
    receiver = await startReceiver({
      db: db(),
      ports: [0],
      host: '127.0.0.1',
      now: () => t0,
      store: metrics.counted(createReceiverStore(db())),
      onFrame: metrics.onFrame,
    });
    metrics.watch(receiver);
  });
  afterAll(async () => {
    await receiver.close();
    await app.close();
  });

  const scrape = async () => {
    const answer = await app.inject({ url: '/metrics' });
    expect(answer.statusCode).toBe(200);
    return answer.body;
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? null : Number(line.slice(series.length + 1));
  };

  test('frames received, stored and quarantined by protocol and reason, and open connections, after a frame over TCP', async () => {
    const before = await scrape();
    expect(value(before, 'wrm_receiver_connections')).toBe(0);
    expect(before).toContain('# TYPE wrm_receiver_frames_received_total counter');

    const socket = net.connect({ port: receiver.ports[0]!, host: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let answered = 0;
    socket.on('data', (d: Buffer) => {
      answered += d.length;
    });
    socket.write(fromHex(szyReport));
    // The confirmation goes out only after the frame is stored.
    await expect.poll(() => answered).toBeGreaterThanOrEqual(12);
    const open = await scrape();
    expect(value(open, 'wrm_receiver_connections')).toBe(1);
    expect(value(open, 'wrm_receiver_frames_received_total{protocol="szy206"}')).toBe(1);
    expect(value(open, 'wrm_receiver_frames_stored_total{protocol="szy206-2016"}')).toBe(1);

    socket.write(new Uint8Array([...fromHex(badCrc), ...fromHex('AA55')]));
    socket.end();
    await new Promise((resolve) => socket.once('close', resolve));
    await receiver.store.flush();
    await expect
      .poll(async () =>
        value(await scrape(), 'wrm_receiver_quarantined_total{protocol="unknown",reason="malformed"}'),
      )
      .toBe(1);
    const after = await scrape();
    expect(value(after, 'wrm_receiver_quarantined_total{protocol="unknown",reason="crc-mismatch"}')).toBe(1);
    expect(value(after, 'wrm_receiver_frames_received_total{protocol="szy206"}')).toBe(1);
    expect(value(after, 'wrm_receiver_frames_stored_total{protocol="szy206-2016"}')).toBe(1);
    await expect.poll(async () => value(await scrape(), 'wrm_receiver_connections')).toBe(0);
  });
});
