import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostEventSink, HostHandlers } from '#shared/host/dispatch';
import { dispatchHostCall } from '#shared/host/dispatch';
import {
  webCallFrame,
  webHostSocketPath,
  webMaxFrameBytes,
  type WebServerFrame,
} from '#shared/host/web-wire';
import { rendererCsp } from '#shared/security/csp';
import { fail } from '#shared/result';
import { contentTypeOf } from '../main/app-protocol';

export type WebHostOptions = {
  /** Builds the host handlers; receives the sink that pushes events to connected renderers. */
  readonly createHandlers: (emit: HostEventSink) => HostHandlers;
  /** The renderer build to serve (dist-renderer). */
  readonly staticDir: string;
  readonly port?: number;
  /** Loopback only; any other address is refused. */
  readonly host?: '127.0.0.1' | '::1';
  /** Per-launch secret; generated when absent. */
  readonly token?: string;
  /** Origins of sync services the renderer may call (added to the CSP). */
  readonly connectOrigins?: readonly string[];
  readonly log?: (message: string) => void;
};

export type WebHost = {
  /** The origin, e.g. http://127.0.0.1:43127 */
  readonly origin: string;
  /** What to open in a browser: the origin with the token in the fragment (never sent to a server). */
  readonly launchUrl: string;
  readonly token: string;
  readonly port: number;
  readonly emit: HostEventSink;
  close(): Promise<void>;
};

const loopbackHosts = new Set(['127.0.0.1', '::1']);

function tokensMatch(expected: string, given: string | null): boolean {
  if (given === null) {
    return false;
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The web shell's host: the same host services as Electron main, behind a WebSocket on loopback that
 * only a client holding the per-launch token may open, plus the renderer build over HTTP.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  if (!loopbackHosts.has(host)) {
    throw new Error(`web host binds to loopback only, not ${String(host)}`);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? (() => {});
  const staticRoot = normalize(options.staticDir);
  const sockets = new Set<WebSocket>();

  const emit: HostEventSink = (event, payload) => {
    const frame: WebServerFrame = { t: 'event', event, payload };
    const text = JSON.stringify(frame);
    for (const socket of sockets) {
      if (socket.readyState === socket.OPEN) {
        socket.send(text);
      }
    }
  };
  const handlers = options.createHandlers(emit);

  let origin = '';
  let allowedHosts = new Set<string>();

  const server: Server = createServer((req, res) => {
    void serveStatic(req, res);
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      // A rebinding page under another name must not read our files.
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path');
      return;
    }
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const full = normalize(join(staticRoot, relative));
    if (!full.startsWith(staticRoot + sep) || relative.includes('\0')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      const info = await stat(full);
      if (!info.isFile()) {
        throw new Error('not a file');
      }
      const body = await readFile(full);
      const headers: Record<string, string> = {
        'content-type': contentTypeOf(full),
        'x-content-type-options': 'nosniff',
        'cache-control': extname(full) === '.html' ? 'no-store' : 'max-age=3600',
      };
      if (extname(full) === '.html') {
        headers['content-security-policy'] = rendererCsp([
          origin.replace('http:', 'ws:'),
          ...(options.connectOrigins ?? []),
        ]);
        headers['referrer-policy'] = 'no-referrer';
      }
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: webMaxFrameBytes });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const reqOrigin = req.headers.origin;
    const refuse = (status: number, reason: string) => {
      log(`web host refused a socket: ${reason}`);
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== webHostSocketPath) {
      refuse(404, 'Not Found');
      return;
    }
    if (!allowedHosts.has(req.headers.host ?? '')) {
      refuse(421, 'Misdirected Request');
      return;
    }
    if (
      reqOrigin !== undefined &&
      reqOrigin !== origin &&
      reqOrigin !== origin.replace('127.0.0.1', 'localhost')
    ) {
      refuse(403, 'Forbidden');
      return;
    }
    if (!tokensMatch(token, url.searchParams.get('token'))) {
      refuse(401, 'Unauthorized');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        void answer(ws, isBinary ? null : Buffer.from(data as Buffer).toString('utf8'));
      });
    });
  });

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    const reply = (frame: WebServerFrame) => {
      if (ws.readyState === ws.OPEN) {
        ws.send(JSON.stringify(frame));
      }
    };
    if (text === null) {
      reply({
        t: 'result',
        id: null,
        result: fail('invalid-argument', 'malformed frame: binary frames are not accepted'),
      });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      reply({ t: 'result', id: null, result: fail('invalid-argument', 'malformed frame: not JSON') });
      return;
    }
    const frame = webCallFrame.safeParse(raw);
    if (!frame.success) {
      const id =
        typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number'
          ? (raw as { id: number }).id
          : null;
      const fields = frame.error.issues
        .map((i) => (i.path.length > 0 ? i.path.join('.') : '(frame)'))
        .join(', ');
      reply({ t: 'result', id, result: fail('invalid-argument', `malformed frame: ${fields}`) });
      return;
    }
    const result = await dispatchHostCall(handlers, frame.data.method, frame.data.args, {
      transport: 'websocket',
    });
    reply({ t: 'result', id: frame.data.id, result });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = host === '::1' ? '[::1]' : host;
  origin = `http://${hostInUrl}:${address.port}`;
  allowedHosts = new Set([`${hostInUrl}:${address.port}`, `localhost:${address.port}`]);

  return {
    origin,
    launchUrl: `${origin}/#token=${token}`,
    token,
    port: address.port,
    emit,
    close: async () => {
      for (const socket of sockets) {
        socket.terminate();
      }
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
