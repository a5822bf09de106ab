import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { HostHandlers } from '#shared/host/dispatch';
import { testHandlers } from '#shared/host/test-handlers';
import { startWebHost, type WebHost } from './web-host';

const handlers: HostHandlers = testHandlers({
  'app.info': () => ({
    name: 'wrm-field',
    version: 't',
    shell: 'web',
    platform: 'linux',
    arch: 'x64',
    versions: {},
    syncServiceUrl: null,
    locale: 'zh-CN',
  }),
  'app.openExternal': () => ({ opened: false }),
  'serial.listPorts': () => [],
});

let host: WebHost;
let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'wrm-webhost-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(staticDir, 'assets', 'a.js'), 'export {}');
  host = await startWebHost({ createHandlers: () => handlers, staticDir });
});

afterAll(async () => {
  await host.close();
});

function open(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket | null; status: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws, status: 101 }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws: null, status: res.statusCode ?? null }));
    ws.once('error', () => resolve({ ws: null, status: null }));
  });
}

function roundTrip(ws: WebSocket, text: string): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString())));
    ws.send(text);
  });
}

const socketUrl = (token: string | null) =>
  `${host.origin.replace('http', 'ws')}/host${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;

describe('web host', () => {
  it('binds to loopback only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(
      startWebHost({ createHandlers: () => handlers, staticDir, host: '0.0.0.0' as '127.0.0.1' }),
    ).rejects.toThrow(/loopback only/);
  });

  it('refuses a socket without the launch token', async () => {
    expect((await open(socketUrl(null))).status).toBe(401);
  });

  it('refuses a socket with a wrong token', async () => {
    expect((await open(socketUrl(host.token.slice(1) + 'x'))).status).toBe(401);
  });

  it('refuses a socket from another origin, even with the token', async () => {
    expect((await open(socketUrl(host.token), { Origin: 'https://evil.example' })).status).toBe(403);
  });

  it('answers a call over the socket with the token', async () => {
    const { ws } = await open(socketUrl(host.token), { Origin: host.origin });
    expect(ws).not.toBeNull();
    const reply = await roundTrip(ws!, JSON.stringify({ t: 'call', id: 7, method: 'app.info', args: {} }));
    expect(reply).toMatchObject({
      t: 'result',
      id: 7,
      result: { ok: true, value: { name: 'wrm-field', shell: 'web' } },
    });
    ws!.close();
  });

  it('answers malformed frames with typed errors and keeps serving', async () => {
    const { ws } = await open(socketUrl(host.token));
    const notJson = await roundTrip(ws!, '{oops');
    expect(notJson).toEqual({
      t: 'result',
      id: null,
      result: { ok: false, error: { code: 'invalid-argument', message: 'malformed frame: not JSON' } },
    });
    const badFrame = await roundTrip(ws!, JSON.stringify({ t: 'call', id: 3, method: 12 }));
    expect(badFrame).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid-argument' } } });
    expect(JSON.stringify(badFrame)).toContain('method');
    const badArgs = await roundTrip(
      ws!,
      JSON.stringify({ t: 'call', id: 4, method: 'app.openExternal', args: { url: 5 } }),
    );
    expect(badArgs).toMatchObject({ id: 4, result: { ok: false, error: { code: 'invalid-argument' } } });
    expect((badArgs as { result: { error: { message: string } } }).result.error.message).toContain('url');
    const unknown = await roundTrip(
      ws!,
      JSON.stringify({ t: 'call', id: 5, method: 'shell.exec', args: {} }),
    );
    expect(unknown).toMatchObject({ id: 5, result: { ok: false, error: { code: 'unknown-method' } } });
    const good = await roundTrip(
      ws!,
      JSON.stringify({ t: 'call', id: 6, method: 'serial.listPorts', args: {} }),
    );
    expect(good).toEqual({ t: 'result', id: 6, result: { ok: true, value: [] } });
    ws!.close();
  });

  it('pushes events to connected renderers', async () => {
    const { ws } = await open(socketUrl(host.token));
    const got = new Promise<unknown>((resolve) =>
      ws!.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()))),
    );
    await new Promise((r) => setTimeout(r, 20));
    host.emit('serial.connection', { path: '/dev/ttyUSB0', baudRate: 9600 });
    expect(await got).toEqual({
      t: 'event',
      event: 'serial.connection',
      payload: { path: '/dev/ttyUSB0', baudRate: 9600 },
    });
    ws!.close();
  });

  it('serves the renderer with a CSP and refuses traversal and foreign Host headers', async () => {
    const index = await fetch(`${host.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("frame-src 'none'");
    expect((await fetch(`${host.origin}/assets/a.js`)).status).toBe(200);
    expect((await fetch(`${host.origin}/assets/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    const rebound = await new Promise<number>((resolve) => {
      void import('node:http').then(({ request }) => {
        const req = request(`${host.origin}/`, { headers: { Host: 'evil.example' } }, (res) =>
          resolve(res.statusCode ?? 0),
        );
        req.end();
      });
    });
    expect(rebound).toBe(421);
  });
});
