import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameRequest, openRawDevice } from './raw-http-device';

describe('the bench devices’ raw HTTP connection', () => {
  let server: Server;
  let url = '';
  const seen: { method: string; path: string; auth: string; body: string; socket: number }[] = [];
  const sockets = new Map<unknown, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (!sockets.has(req.socket)) {
          sockets.set(req.socket, sockets.size);
        }
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({
          method: req.method ?? '',
          path: req.url ?? '',
          auth: req.headers.authorization ?? '',
          body,
          socket: sockets.get(req.socket)!,
        });
        const answer = JSON.stringify({ echo: body, 中文: '同步' });
        res.writeHead(req.url === '/missing' ? 404 : 200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(answer),
        });
        // Two writes: the answer may arrive in pieces.
        res.write(answer.slice(0, 5));
        setTimeout(() => res.end(answer.slice(5)), 5);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends framed requests on one kept-alive connection and reads whole answers', async () => {
    const device = await openRawDevice(url);
    const body = new TextEncoder().encode(JSON.stringify({ rows: ['读数'] }));
    const request = frameRequest(
      'POST',
      `${url}/v1/sync/readings/push?x=1`,
      { authorization: 'Bearer t1' },
      body,
    );
    const first = await device.send(request);
    const second = await device.send(frameRequest('GET', `${url}/missing`, {}, new Uint8Array()));
    device.close();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ echo: '{"rows":["读数"]}', 中文: '同步' });
    expect(second.status).toBe(404);
    expect(seen.map(({ method, path, auth, socket }) => ({ method, path, auth, socket }))).toEqual([
      { method: 'POST', path: '/v1/sync/readings/push?x=1', auth: 'Bearer t1', socket: 0 },
      { method: 'GET', path: '/missing', auth: '', socket: 0 },
    ]);
  });

  it('refuses a second request while one is unanswered, and fails a send on a closed connection', async () => {
    const device = await openRawDevice(url);
    const request = frameRequest('GET', `${url}/a`, {}, new Uint8Array());
    const answer = device.send(request);
    await expect(device.send(request)).rejects.toThrow(/one request at a time/);
    expect((await answer).status).toBe(200);
    device.close();
    await expect(device.send(request)).rejects.toThrow(/closed/);
  });
});
